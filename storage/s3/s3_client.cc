#include "storage/s3/s3_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

namespace signet::storage::s3 {
namespace {

constexpr size_t kMaxCollectedBody = 1 << 20;
const char* kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// Transfer is the per-attempt state the curl callbacks see.
struct Transfer {
  const S3Request* request = nullptr;
  S3Response* response = nullptr;
  long status = 0;
  bool moved = false;
  Status failure;  // set when a callback aborts the transfer
};

size_t OnRead(char* buf, size_t size, size_t n, void* p) {
  auto* t = static_cast<Transfer*>(p);
  Result<size_t> got =
      t->request->body->Read(std::span<uint8_t>(reinterpret_cast<uint8_t*>(buf), size * n));
  if (!got) {
    t->failure = std::move(got).error();
    return CURL_READFUNC_ABORT;
  }
  if (*got > 0) t->moved = true;
  return *got;
}

size_t OnWrite(char* buf, size_t size, size_t n, void* p) {
  auto* t = static_cast<Transfer*>(p);
  size_t len = size * n;
  if (t->request->sink != nullptr && t->status / 100 == 2) {
    t->moved = true;
    Status s = t->request->sink->Write(ByteView(reinterpret_cast<uint8_t*>(buf), len));
    if (!s) {
      t->failure = s;
      return 0;  // aborts the transfer
    }
    return len;
  }
  if (t->response->body.size() + len > kMaxCollectedBody) return 0;
  t->response->body.append(buf, len);
  return len;
}

size_t OnHeader(char* buf, size_t size, size_t n, void* p) {
  auto* t = static_cast<Transfer*>(p);
  std::string_view line(buf, size * n);
  if (line.starts_with("HTTP/")) {
    size_t sp = line.find(' ');
    if (sp != std::string_view::npos) t->status = std::strtol(line.data() + sp + 1, nullptr, 10);
  }
  return size * n;
}

bool Transient(CURLcode rc) {
  switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return true;
    default:
      return false;
  }
}

long Millis(Duration d) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}

}  // namespace

Error StatusError(const S3Response& r, std::string_view what) {
  std::string code = ErrorCodeOf(r.body);
  std::string detail = std::string(what) + ": HTTP " + std::to_string(r.status) + " " + code;
  if (r.status == 404) return NotFound("object not found");
  if (r.status == 403)
    return {ErrorCode::kPermissionDenied, "object storage refused the credentials", detail};
  if (r.status == 400 &&
      (code == "XAmzContentSHA256Mismatch" || code == "BadDigest" || code == "IncompleteBody")) {
    return InvalidArgument("blob does not match its digest");
  }
  if (r.status >= 500 || r.status == 429)
    return Unavailable("object storage is unavailable", detail);
  return Internal("object storage error", detail);
}

Result<std::unique_ptr<S3Client>> S3Client::Create(S3Options o) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  size_t sep = o.endpoint.find("://");
  if (sep == std::string::npos) return InvalidArgument("S3 endpoint must be a URL");
  std::string scheme = o.endpoint.substr(0, sep);
  std::string host = o.endpoint.substr(sep + 3);
  while (!host.empty() && host.back() == '/') host.pop_back();
  if (scheme != "https" && !(scheme == "http" && o.allow_http)) {
    return InvalidArgument("S3 endpoint must use https (http needs allow_http)");
  }
  if (host.empty() || host.find('/') != std::string::npos) {
    return InvalidArgument("S3 endpoint must be scheme://host[:port]");
  }
  if (o.bucket.empty() || o.region.empty() || o.access_key_id.empty() ||
      o.secret_access_key.empty()) {
    return InvalidArgument("S3 needs bucket, region, access key id and secret key");
  }
  std::unique_ptr<S3Client> c(new S3Client(std::move(o)));
  c->scheme_ = scheme;
  c->host_ = host;
  return c;
}

S3Client::~S3Client() {
  for (void* h : handles_) curl_easy_cleanup(static_cast<CURL*>(h));
}

void* S3Client::Take() {
  {
    std::lock_guard lock(mu_);
    if (!handles_.empty()) {
      void* h = handles_.back();
      handles_.pop_back();
      return h;
    }
  }
  return curl_easy_init();
}

void S3Client::Give(void* curl) {
  std::lock_guard lock(mu_);
  if (handles_.size() < o_.max_handles) {
    handles_.push_back(curl);
  } else {
    curl_easy_cleanup(static_cast<CURL*>(curl));
  }
}

std::string S3Client::Url(const S3Request& r) const {
  std::string path = r.key.empty() ? "" : UriEncode(r.key, true);
  std::string url = o_.path_style ? scheme_ + "://" + host_ + "/" + UriEncode(o_.bucket, false) +
                                        (path.empty() ? "" : "/" + path)
                                  : scheme_ + "://" + o_.bucket + "." + host_ + "/" + path;
  if (!r.query.empty()) url += "?" + r.query;
  return url;
}

Result<S3Response> S3Client::Send(const S3Request& request) {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  Result<S3Response> last = Unavailable("object storage is unavailable");
  for (int attempt = 0; attempt <= o_.max_retries; ++attempt) {
    if (attempt > 0) {
      // Exponential backoff with full jitter: uniform in [0, base * 2^attempt).
      auto cap = o_.retry_base_delay * (1 << std::min(attempt, 8));
      std::uniform_int_distribution<int64_t> d(0, std::max<int64_t>(1, cap.count()));
      std::this_thread::sleep_for(Duration(d(rng)));
    }
    void* curl = Take();
    if (curl == nullptr) return Internal("curl_easy_init failed");
    bool moved = false;
    last = Once(curl, request, &moved);
    Give(curl);
    bool retry = !last ? last.error().code() == ErrorCode::kUnavailable
                       : (last->status >= 500 || last->status == 429);
    if (!retry || moved) break;
  }
  return last;
}

Result<S3Response> S3Client::Once(void* handle, const S3Request& r, bool* moved) {
  CURL* curl = static_cast<CURL*>(handle);
  curl_easy_reset(curl);
  S3Response response;
  Transfer t{&r, &response, 0, false, OkStatus()};
  std::string url = Url(r);
  std::string region = "aws:amz:" + o_.region + ":s3";
  std::string secret(AsStringView(o_.secret_access_key.Reveal(crypto::SecretAccess::Get())));
  curl_slist* headers = nullptr;
  std::string sha =
      "x-amz-content-sha256: " +
      (r.payload_sha256_hex.empty() ? std::string(kEmptySha256) : r.payload_sha256_hex);
  headers = curl_slist_append(headers, sha.c_str());
  // No "Expect:" override here: curl 7.88 would sign the emptied header and the server would
  // compute a different signature. curl's own Expect: 100-continue (large PUTs) is unsigned.
  curl_slist* resolve = nullptr;
  for (const std::string& entry : o_.resolve) resolve = curl_slist_append(resolve, entry.c_str());

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, region.c_str());
  curl_easy_setopt(curl, CURLOPT_USERNAME, o_.access_key_id.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, secret.c_str());  // curl keeps its own copy
  crypto::SecureWipe(secret.data(), secret.size());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  if (resolve != nullptr) curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve);
  if (!o_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, o_.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, Millis(o_.connect_timeout));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, Millis(o_.request_timeout + r.extra_time));
  // A stalled server (accepts, never answers or stops sending) is cut off after request_timeout
  // without progress, however much extra time a large transfer was granted.
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME,
                   std::max(1L, (Millis(o_.request_timeout) + 999) / 1000));
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnWrite);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
  std::string method = r.method;
  if (method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(r.body_size));
    if (r.body != nullptr) {
      curl_easy_setopt(curl, CURLOPT_READFUNCTION, OnRead);
      curl_easy_setopt(curl, CURLOPT_READDATA, &t);
    }
  } else if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, r.method);
  }
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_PASSWORD, "");
  curl_slist_free_all(headers);
  curl_slist_free_all(resolve);
  *moved = t.moved;
  if (!t.failure.ok()) return std::move(t.failure).error();
  if (rc != CURLE_OK) {
    std::string detail = std::string("curl: ") + curl_easy_strerror(rc);
    if (Transient(rc) || rc == CURLE_ABORTED_BY_CALLBACK) {
      return Unavailable("object storage is unavailable", detail);
    }
    return Unavailable("object storage request failed", detail);
  }
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  response.status = code;
  return response;
}

}  // namespace signet::storage::s3
