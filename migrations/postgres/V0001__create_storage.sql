-- Signet hosted storage, version 1 (ARCHITECTURE.md §2 invariant 1, §5.1).
-- Blind storage: record rows hold only a 32-byte blind id, the opaque value (AEAD ciphertext) or
-- the SHA-256 digest of the S3 blob that holds it, and the value size. No tenant column, no
-- foreign keys, no timestamps: nothing that tells which records belong together.

CREATE TABLE records (
  id          bytea  PRIMARY KEY CHECK (octet_length(id) = 32),
  value       bytea,
  blob_digest bytea  CHECK (blob_digest IS NULL OR octet_length(blob_digest) = 32),
  size        bigint NOT NULL CHECK (size >= 0),
  CHECK ((value IS NULL) <> (blob_digest IS NULL))
);
CREATE INDEX records_by_blob ON records (blob_digest) WHERE blob_digest IS NOT NULL;

-- Append-only audit chains: (chain, seq) is unique, so two writers can never both add entry n.
CREATE TABLE audit_entries (
  chain bytea  NOT NULL CHECK (octet_length(chain) = 32),
  seq   bigint NOT NULL CHECK (seq >= 0),
  entry bytea  NOT NULL,
  PRIMARY KEY (chain, seq)
);

-- Small server state with expiry in Unix milliseconds from the application's clock (0 = never).
CREATE TABLE state_entries (
  ns         text   NOT NULL,
  key        bytea  NOT NULL,
  value      bytea  NOT NULL,
  expires_ms bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (ns, key)
);
CREATE INDEX state_entries_by_expiry ON state_entries (expires_ms) WHERE expires_ms <> 0;
