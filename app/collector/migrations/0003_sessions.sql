-- Console sign-in sessions, shared by every collector on this database.
-- id_hash is SHA-256 of the cookie value: the table alone cannot sign anyone in.
CREATE TABLE sessions (
    id_hash     bytea PRIMARY KEY,
    account     text        NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
    csrf        text        NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
