#include "storage/testing/services.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

extern char** environ;

namespace signet::storage::testing {
namespace {

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

Result<std::unique_ptr<TestService>> TestService::Start(const std::string& script) {
  char tmpl[] = "/tmp/signet_svc_XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) return Unavailable("cannot create a temp dir");
  ::chmod(tmpl, 0755);
  std::unique_ptr<TestService> svc(
      new TestService(std::string(SIGNET_SOURCE_DIR) + "/tests/services/" + script, tmpl));
  svc->StartWatchdog();
  Status s = svc->Run("start");
  if (!s) return std::move(s).error();
  return svc;
}

TestService::~TestService() {
  // Closing our end of the pipe makes the watchdog stop the service and remove the dir.
  if (watchdog_fd_ >= 0) ::close(watchdog_fd_);
  if (watchdog_pid_ > 0) {
    int status = 0;
    ::waitpid(watchdog_pid_, &status, 0);
  }
}

void TestService::StartWatchdog() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return;
  std::string cmd = "read unused; " + ShellQuote(script_) + " stop " + ShellQuote(dir_) +
                    " >/dev/null 2>&1; rm -rf " + ShellQuote(dir_);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const char* argv[] = {"/bin/sh", "-c", cmd.c_str(), nullptr};
  if (posix_spawn(&pid, "/bin/sh", &actions, nullptr, const_cast<char**>(argv), environ) == 0) {
    watchdog_pid_ = pid;
  }
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[0]);
  watchdog_fd_ = fds[1];
}

Status TestService::Run(const std::string& command) {
  std::string cmd = ShellQuote(script_) + " " + command + " " + ShellQuote(dir_) + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return Unavailable("cannot run " + script_);
  std::string output;
  char line[4096];
  while (std::fgets(line, sizeof line, p) != nullptr) {
    std::string l(line);
    output += l;
    while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.pop_back();
    size_t eq = l.find('=');
    if (eq != std::string::npos && eq > 0) values_[l.substr(0, eq)] = l.substr(eq + 1);
  }
  int rc = ::pclose(p);
  if (rc != 0) return Unavailable(script_ + " " + command + " failed: " + output);
  return OkStatus();
}

Status TestService::Stop() { return Run("stop"); }
Status TestService::Resume() { return Run("start"); }

std::string TestService::Get(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? std::string() : it->second;
}

Status Psql(const std::string& dsn, const std::string& sql) {
  std::string cmd = "psql -q -v ON_ERROR_STOP=1 " + ShellQuote(dsn) + " -c " + ShellQuote(sql) +
                    " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return Unavailable("psql failed: " + sql);
  return OkStatus();
}

}  // namespace signet::storage::testing
