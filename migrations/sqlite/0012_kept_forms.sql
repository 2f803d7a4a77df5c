-- A plain form post (no JavaScript) that the server refused: what was typed, kept for ten
-- minutes for the page it came from, so the person finds their values in the fields and the
-- message next to the field. Found by a random cookie stored as a digest; read once; never
-- holds a password or a link token.
CREATE TABLE refused_forms (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT,
    page TEXT NOT NULL,
    action TEXT NOT NULL,
    error TEXT NOT NULL,
    form_values TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX refused_forms_by_age ON refused_forms(created_at);
