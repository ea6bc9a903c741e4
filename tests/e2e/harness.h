#pragma once

// End-to-end test harness: runs the real `signet` binary on a free loopback port and talks to
// it over raw sockets, so tests control every byte (smuggling, slow clients, pipelining).

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace signet::e2e {

// TempDir is a directory removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

// HttpResponse is a parsed response.
struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased; last value wins
  std::string body;
  std::string Header(const std::string& name) const;
};

// Conn is a raw TCP connection to 127.0.0.1:port with timeouts on every read.
class Conn {
 public:
  explicit Conn(int port);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  bool ok() const { return fd_ >= 0; }
  // Send writes all of `data`; false if the peer is gone.
  bool Send(const std::string& data);
  // ReadResponse reads one response (Content-Length delimited, or to EOF); nullopt on timeout or
  // if the connection closed before a full response. `head` skips the body (HEAD requests).
  std::optional<HttpResponse> ReadResponse(
      std::chrono::milliseconds timeout = std::chrono::seconds(10), bool head = false);
  // ClosedByPeer waits up to `timeout` for EOF (or reset) with no further data.
  bool ClosedByPeer(std::chrono::milliseconds timeout = std::chrono::seconds(5));

 private:
  bool Fill(std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  std::string buf_;
  bool eof_ = false;
};

// Get sends one request on a fresh connection and returns the response.
std::optional<HttpResponse> Request(int port, const std::string& raw);

// ServerProcess runs `signet serve` with a generated config and stops it by pid.
class ServerProcess {
 public:
  struct Options {
    std::string extra_yaml;        // appended to the generated config
    std::vector<std::string> env;  // extra "NAME=value" entries
    int nofile_limit = 0;          // RLIMIT_NOFILE for the child (0 = inherit)
  };
  explicit ServerProcess(Options options);
  // set_extra_yaml replaces the YAML appended to the generated config (read at each Start).
  void set_extra_yaml(std::string yaml) { options_.extra_yaml = std::move(yaml); }
  ~ServerProcess();  // SIGKILL if still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Start launches the binary and waits until /healthz answers (or the timeout passes).
  bool Start(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Signal sends `sig` to the child.
  void Signal(int sig);
  // Wait waits for exit; returns the exit status (or -1 on timeout, -2 if killed by a signal).
  int Wait(std::chrono::milliseconds timeout);
  bool running();

  int port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  // Log returns everything the server wrote to stderr so far.
  std::string Log() const;

 private:
  bool StartOnce(std::chrono::milliseconds timeout);
  Options options_;
  TempDir dir_;
  std::string data_dir_;
  std::string log_path_;
  int port_ = 0;
  pid_t pid_ = -1;
  int status_ = 0;
  bool exited_ = false;
};

// SignetBinary returns the path of the built `signet` binary.
std::string SignetBinary();

// RunSignet runs the binary with `args` to completion (bounded) and captures its output.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
CommandResult RunSignet(const std::vector<std::string>& args,
                        const std::vector<std::string>& env = {},
                        const std::string& stdin_data = "");

}  // namespace signet::e2e
