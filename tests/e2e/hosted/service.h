#pragma once

// Service runs tests/services/<script> start|stop|... DIR for the hosted end-to-end tests and
// keeps the KEY=value lines the script prints (ports, credentials). The destructor runs "stop".
// Needs the compile definition SIGNET_SOURCE_DIR.

#include <cstdio>
#include <map>
#include <string>

#include "base/bytes.h"
#include "crypto/secret_bytes.h"
#include "storage/s3/s3_blob_store.h"

namespace signet::e2e {

class Service {
 public:
  Service(std::string script, std::string dir)
      : script_(std::string(SIGNET_SOURCE_DIR) + "/tests/services/" + script),
        dir_(std::move(dir)) {}
  ~Service() { (void)Run("stop"); }
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Run runs the script with `command`; false if it exits non-zero.
  bool Run(const std::string& command) {
    const std::string cmd = script_ + " " + command + " " + dir_ + " 2>>" + dir_ + ".err";
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) return false;
    char line[512];
    while (fgets(line, sizeof line, p) != nullptr) {
      std::string l(line);
      while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.pop_back();
      const size_t eq = l.find('=');
      if (eq != std::string::npos) values_[l.substr(0, eq)] = l.substr(eq + 1);
    }
    return pclose(p) == 0;
  }
  // Get returns a KEY the script printed, or "".
  std::string Get(const std::string& k) const {
    auto it = values_.find(k);
    return it == values_.end() ? "" : it->second;
  }

 private:
  std::string script_;
  std::string dir_;
  std::map<std::string, std::string> values_;
};

// CreateBucket creates `bucket` on a started swift.sh service with Signet's own S3 client, as an
// operator does once before the first start; false if that fails.
inline bool CreateBucket(const Service& swift, const std::string& bucket) {
  storage::s3::S3Options o;
  o.endpoint = "http://127.0.0.1:" + swift.Get("PORT");
  o.allow_http = true;
  o.bucket = bucket;
  o.access_key_id = swift.Get("ACCESS_KEY");
  o.secret_access_key = crypto::SecretBytes::CopyFrom(AsBytes(swift.Get("SECRET_KEY")));
  auto store = storage::s3::CreateS3BlobStore(std::move(o));
  return store && storage::s3::EnsureBucket(**store).ok();
}

}  // namespace signet::e2e
