#pragma once

// S3BlobStore: the hosted backend's blobs in any S3-compatible object store (AWS S3, MinIO,
// Ceph RGW, Swift+s3api), over libcurl with AWS Signature Version 4 (CURLOPT_AWS_SIGV4,
// "aws:amz:<region>:s3"). Objects are named <prefix>blobs/<sha256 hex>; the signed
// x-amz-content-sha256 header carries the payload hash, which for a content-addressed blob is
// its own name, so the server rejects a body that does not match (and we verify while
// streaming, and again on every read).
//
// Addressing: path-style (https://host/bucket/key) or virtual-host (https://bucket.host/key).
// Transport: https with the system CA store or a given CA file; plain http only where the
// operator says so (loopback). Retries: on connect errors, timeouts, 429 and 5xx, with
// exponential backoff and full jitter, bounded by max_retries; a streamed put or get is retried
// only while no byte has moved. A failure after retries is kUnavailable.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "crypto/secret_bytes.h"
#include "storage/blob_store.h"

namespace signet::storage::s3 {

// S3Options configures an S3BlobStore. Move-only because the secret key is a secret.
struct S3Options {
  std::string endpoint;  // "https://s3.eu-west-1.amazonaws.com", "http://127.0.0.1:9000"
  std::string region = "us-east-1";
  std::string bucket;
  std::string prefix;  // prepended to every key, e.g. "signet/" (may be empty)
  std::string access_key_id;
  crypto::SecretBytes secret_access_key;  // never logged
  bool path_style = true;            // false: virtual-host addressing (bucket in the host name)
  bool allow_http = false;           // permit an http:// endpoint (loopback tests only)
  std::string ca_file;               // PEM bundle to verify the server (empty: system store)
  std::vector<std::string> resolve;  // curl --resolve entries "host:port:address" (optional)
  Duration connect_timeout = std::chrono::seconds(3);
  // Each attempt ends after request_timeout without progress (a stalled or hung server), or
  // after request_timeout + size / min_transfer_rate in total (a trickling one).
  Duration request_timeout = std::chrono::seconds(10);
  uint64_t min_transfer_rate = uint64_t{1024} * 1024;  // bytes/s
  int max_retries = 3;
  Duration retry_base_delay = std::chrono::milliseconds(100);
  uint64_t max_blob_size = 64ull * 1024 * 1024;
  size_t max_handles = 16;  // pooled curl handles (keep-alive connections)
};

// CreateS3BlobStore validates the options (no network). Thread-safe store.
Result<std::shared_ptr<BlobStore>> CreateS3BlobStore(S3Options options);

// EnsureBucket creates the bucket if it does not exist (for tests and first-run setup).
Status EnsureBucket(BlobStore& s3_store);

// ObjectKey returns the object key of `digest` under `prefix` ("<prefix>blobs/<hex>").
std::string ObjectKey(const std::string& prefix, const BlobDigest& digest);

// UriEncode percent-encodes `s` per SigV4 (unreserved A-Z a-z 0-9 - _ . ~ are kept; '/' is
// kept only if `keep_slash`).
std::string UriEncode(std::string_view s, bool keep_slash);

// ListResult is one parsed ListObjectsV2 page.
struct ListResult {
  struct Object {
    std::string key;
    uint64_t size = 0;
    Time last_modified;
  };
  std::vector<Object> objects;
  bool truncated = false;
};

// ParseListObjects parses a ListObjectsV2 XML response (bounded, no entity expansion).
Result<ListResult> ParseListObjects(std::string_view xml);
// ParseIso8601 parses "2026-11-22T02:03:56.000Z".
Result<Time> ParseIso8601(std::string_view s);
// ErrorCodeOf returns the <Code> of an S3 error document ("" if none).
std::string ErrorCodeOf(std::string_view xml);

}  // namespace signet::storage::s3
