-- Signet embedded storage, version 1 (ARCHITECTURE.md §2 invariant 1, §5.1).
-- Blind storage: record rows hold only a 32-byte blind id, the opaque value (AEAD ciphertext) or
-- the SHA-256 digest of the blob file that holds it, and the value size. No tenant column, no
-- foreign keys, no timestamps.

CREATE TABLE records (
  id          BLOB    PRIMARY KEY CHECK (length(id) = 32),
  value       BLOB,
  blob_digest BLOB    CHECK (blob_digest IS NULL OR length(blob_digest) = 32),
  size        INTEGER NOT NULL CHECK (size >= 0),
  CHECK ((value IS NULL) <> (blob_digest IS NULL))
) WITHOUT ROWID;
CREATE INDEX records_by_blob ON records (blob_digest) WHERE blob_digest IS NOT NULL;

-- Append-only audit chains: (chain, seq) is unique, so two writers can never both add entry n.
CREATE TABLE audit_entries (
  chain BLOB    NOT NULL CHECK (length(chain) = 32),
  seq   INTEGER NOT NULL CHECK (seq >= 0),
  entry BLOB    NOT NULL,
  PRIMARY KEY (chain, seq)
) WITHOUT ROWID;

-- Small server state with expiry in Unix milliseconds from the application's clock (0 = never).
CREATE TABLE state_entries (
  ns         TEXT    NOT NULL,
  key        BLOB    NOT NULL,
  value      BLOB    NOT NULL,
  expires_ms INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (ns, key)
) WITHOUT ROWID;
CREATE INDEX state_entries_by_expiry ON state_entries (expires_ms) WHERE expires_ms <> 0;
