//! Group commit for small, independent writes such as autosaves.
//!
//! SQLite commits one transaction at a time, and with `synchronous = FULL` each commit waits for
//! the disk. When many candidates save at once, their saves queue here and are written in one
//! transaction by one task: one commit (one disk flush) for the whole group. Each caller is
//! answered only after the commit that holds its write, so an acknowledged save is on disk.
//! A group that fails is retried one write at a time, so one bad write fails alone.

use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

/// Writes at most this many statements per commit, so one commit stays short.
const MAX_GROUP: usize = 256;

#[derive(Clone, Debug, PartialEq)]
pub enum Bind {
    Text(String),
    Int(i64),
}

/// One statement with its parameters, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub sql: &'static str,
    pub binds: Vec<Bind>,
}

struct Job {
    statement: Statement,
    done: oneshot::Sender<Result<(), sqlx::Error>>,
}

/// The queue in front of the group-commit task.
#[derive(Clone, Debug)]
pub struct GroupCommit {
    queue: mpsc::UnboundedSender<Job>,
}

impl GroupCommit {
    /// Starts the task that writes through `pool`; it ends when the last handle is dropped.
    pub fn start(pool: AnyPool) -> GroupCommit {
        let (queue, jobs) = mpsc::unbounded_channel();
        tokio::spawn(run(pool, jobs));
        GroupCommit { queue }
    }

    /// Returns once the statement is committed.
    pub async fn write(&self, statement: Statement) -> Result<(), sqlx::Error> {
        let (done, answer) = oneshot::channel();
        self.queue.send(Job { statement, done }).map_err(|_| sqlx::Error::PoolClosed)?;
        answer.await.map_err(|_| sqlx::Error::PoolClosed)?
    }
}

async fn run(pool: AnyPool, mut jobs: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = jobs.recv().await {
        // Everything that queued while the last commit was on disk goes in this one.
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match jobs.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        match apply(&pool, group.iter().map(|j| &j.statement)).await {
            Ok(()) => {
                for job in group {
                    let _ = job.done.send(Ok(()));
                }
            }
            Err(e) if group.len() == 1 => {
                let _ = group.pop().map(|job| job.done.send(Err(e)));
            }
            Err(_) => {
                for job in group {
                    let result = apply(&pool, std::iter::once(&job.statement)).await;
                    let _ = job.done.send(result);
                }
            }
        }
    }
}

async fn apply<'a>(pool: &AnyPool, statements: impl Iterator<Item = &'a Statement>) -> Result<(), sqlx::Error> {
    // Only SQLite groups commits; the write lock is taken at once (see `Db::begin`).
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    for statement in statements {
        query(statement).execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// The statement on its own, in its own transaction (where writes need not be grouped).
pub async fn execute(pool: &AnyPool, statement: &Statement) -> Result<(), sqlx::Error> {
    query(statement).execute(pool).await.map(|_| ())
}

fn query(statement: &Statement) -> sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments> {
    let mut query = sqlx::query(statement.sql);
    for bind in &statement.binds {
        query = match bind {
            Bind::Text(t) => query.bind(t.clone()),
            Bind::Int(i) => query.bind(*i),
        };
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_writes_all_commit_and_a_bad_one_fails_alone() {
        let dir = std::env::temp_dir().join(format!("keepers-group-{}", uuid::Uuid::new_v4().simple()));
        let db = Db::connect(&format!("sqlite://{}/t.db", dir.display())).await.unwrap();
        sqlx::query("CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT NOT NULL)").execute(db.writer()).await.unwrap();
        // 200 writes at once; the last 50 reuse a key, so the primary key refuses them.
        let writes: Vec<_> = (0..200i64)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    let key = if i < 150 { format!("k{i}") } else { format!("k{}", i - 150) };
                    db.write_grouped(Statement { sql: "INSERT INTO t (k, v) VALUES ($1, $2)", binds: vec![Bind::Text(key), Bind::Int(i)] }).await
                })
            })
            .collect();
        let mut refused = 0;
        for w in writes {
            if w.await.unwrap().is_err() {
                refused += 1;
            }
        }
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM t").fetch_one(db.reader()).await.unwrap();
        db.close().await;
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(refused, 50);
        assert_eq!(rows, 150);
    }
}
