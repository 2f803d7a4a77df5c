-- Which edit an answer came from: the browser numbers every edit with the time it was made, on
-- the server's clock as the browser estimates it. A save only replaces an answer made by an
-- earlier (or the same) edit, so an autosave that arrives late never overwrites the newer value
-- a section form or another device already stored. Answers saved before this column existed
-- count as the oldest edit (0).
ALTER TABLE answers ADD COLUMN client_seq BIGINT NOT NULL DEFAULT 0;
