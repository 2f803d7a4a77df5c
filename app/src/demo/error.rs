//! Why seeding the demo organisation failed.

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("the demo password is refused by the password rules: {0}")]
    Password(String),
    #[error("{0}")]
    App(#[from] crate::error::AppError),
}
