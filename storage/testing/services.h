#pragma once

// Launchers for the loopback test services in tests/services/ (PostgreSQL 15 and Swift+s3api),
// for test binaries and benchmarks. Each service lives in its own temp dir and is stopped by its
// own pid: normally by the destructor, and also if the test process dies (a watchdog shell
// waits for EOF on a pipe only this process holds, then stops the service and removes the dir).

#include <map>
#include <memory>
#include <string>

#include "base/result.h"

namespace signet::storage::testing {

// TestService runs one tests/services/<script>. Not thread-safe.
class TestService {
 public:
  // Start creates a temp dir and runs `<script> start <dir>`; the KEY=VALUE lines it prints
  // are available through Get. `script` is a file name in tests/services/.
  static Result<std::unique_ptr<TestService>> Start(const std::string& script);
  // Stops the service and removes its dir.
  ~TestService();
  TestService(const TestService&) = delete;
  TestService& operator=(const TestService&) = delete;

  // Stop stops the service (keeping its data and ports); Resume starts it again.
  Status Stop();
  Status Resume();
  // Command runs `<script> <command> <dir>` (e.g. "stop-proxy").
  Status Command(const std::string& command) { return Run(command); }
  // Get returns a value the start script printed ("" if absent).
  std::string Get(const std::string& key) const;
  const std::string& dir() const { return dir_; }

 private:
  TestService(std::string script, std::string dir)
      : script_(std::move(script)), dir_(std::move(dir)) {}
  Status Run(const std::string& command);
  void StartWatchdog();

  std::string script_;  // full path
  std::string dir_;
  std::map<std::string, std::string> values_;
  int watchdog_fd_ = -1;
  int watchdog_pid_ = -1;
};

// Psql runs `sql` through the psql client against `dsn` (for test set-up outside the
// postgres folder, which alone may include libpqxx).
Status Psql(const std::string& dsn, const std::string& sql);

}  // namespace signet::storage::testing
