#pragma once

// S3Client: signed S3 requests over libcurl (internal to storage/s3/). The only place that
// includes curl. Handles addressing, SigV4 signing through CURLOPT_AWS_SIGV4, the payload-hash
// header, timeouts, a pool of reusable handles and bounded retries with jitter.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "storage/blob_store.h"
#include "storage/s3/s3_blob_store.h"

namespace signet::storage::s3 {

// S3Request is one request. `query` must already be canonical (sorted by name, UriEncoded).
struct S3Request {
  const char* method = "GET";
  std::string key;  // object key; empty addresses the bucket
  std::string query;
  std::string payload_sha256_hex;  // empty: the SHA-256 of an empty body
  uint64_t body_size = 0;
  ByteSource* body = nullptr;  // request body (PUT)
  ByteSink* sink = nullptr;    // response body on 2xx (GET); else collected, bounded
  Duration extra_time{};       // added to request_timeout (large transfers)
};

// S3Response is the status and, unless streamed to a sink, the (bounded) body.
struct S3Response {
  long status = 0;
  std::string body;
};

class S3Client {
 public:
  static Result<std::unique_ptr<S3Client>> Create(S3Options options);
  ~S3Client();

  // Send performs `request`, retrying transient failures while no body byte has moved.
  // Transport failures after the retries are kUnavailable; any HTTP status is returned as is.
  Result<S3Response> Send(const S3Request& request);
  const S3Options& options() const { return o_; }

 private:
  explicit S3Client(S3Options o) : o_(std::move(o)) {}
  // Once performs one attempt; *moved says whether body bytes were transferred.
  Result<S3Response> Once(void* handle, const S3Request& r, bool* moved);
  std::string Url(const S3Request& request) const;
  void* Take();
  void Give(void* curl);

  S3Options o_;
  std::string scheme_, host_;  // parsed from the endpoint
  std::mutex mu_;
  std::vector<void*> handles_;  // idle CURL* handles, guarded by mu_
};

// StatusError maps a non-2xx response to an Error (404 kNotFound, 403 kPermissionDenied, 400
// payload mismatches kInvalidArgument, 5xx kUnavailable, else kInternal).
Error StatusError(const S3Response& r, std::string_view what);

}  // namespace signet::storage::s3
