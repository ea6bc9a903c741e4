#include "tests/e2e/harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace signet::e2e {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ParseHead parses a status line and headers ending at `end` (exclusive of the blank line).
bool ParseHead(const std::string& head, HttpResponse* r) {
  std::istringstream in(head);
  std::string line;
  if (!std::getline(in, line)) return false;
  if (line.rfind("HTTP/1.", 0) != 0 || line.size() < 12) return false;
  r->status = std::atoi(line.c_str() + 9);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;
    const size_t colon = line.find(':');
    if (colon == std::string::npos) return false;
    std::string v = line.substr(colon + 1);
    while (!v.empty() && v.front() == ' ') v.erase(0, 1);
    r->headers[Lower(line.substr(0, colon))] = v;
  }
  return true;
}

}  // namespace

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "signet-e2e-XXXXXX").string();
  char* p = mkdtemp(tmpl.data());
  if (p != nullptr) path_ = p;
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  close(fd);
  return port;
}

std::string HttpResponse::Header(const std::string& name) const {
  auto it = headers.find(Lower(name));
  return it == headers.end() ? "" : it->second;
}

Conn::Conn(int port) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd_);
    fd_ = -1;
    return;
  }
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

Conn::~Conn() {
  if (fd_ >= 0) close(fd_);
}

bool Conn::Send(const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    const ssize_t n = send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

bool Conn::Fill(SteadyClock::time_point deadline) {
  if (eof_) return false;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                          SteadyClock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
  char tmp[65536];
  const ssize_t n = recv(fd_, tmp, sizeof tmp, 0);
  if (n <= 0) {
    eof_ = true;
    return false;
  }
  buf_.append(tmp, static_cast<size_t>(n));
  return true;
}

std::optional<HttpResponse> Conn::ReadResponse(std::chrono::milliseconds timeout, bool head) {
  const auto deadline = SteadyClock::now() + timeout;
  size_t end = std::string::npos;
  for (;;) {
    end = buf_.find("\r\n\r\n");
    if (end != std::string::npos) break;
    if (!Fill(deadline)) return std::nullopt;
  }
  HttpResponse r;
  if (!ParseHead(buf_.substr(0, end + 2), &r)) return std::nullopt;
  const size_t body_start = end + 4;
  if (r.status == 100 || head || r.status == 204 || r.status == 304) {
    buf_.erase(0, body_start);
    return r;
  }
  const std::string cl = r.Header("content-length");
  if (!cl.empty()) {
    const size_t len = std::strtoul(cl.c_str(), nullptr, 10);
    while (buf_.size() < body_start + len) {
      if (!Fill(deadline)) return std::nullopt;
    }
    r.body = buf_.substr(body_start, len);
    buf_.erase(0, body_start + len);
    return r;
  }
  while (Fill(deadline)) {
  }
  r.body = buf_.substr(body_start);
  buf_.clear();
  return r;
}

bool Conn::ClosedByPeer(std::chrono::milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  while (!eof_) {
    const size_t before = buf_.size();
    if (!Fill(deadline) && !eof_) return false;
    if (buf_.size() != before) return false;  // data instead of EOF
  }
  return true;
}

std::optional<HttpResponse> Request(int port, const std::string& raw) {
  Conn c(port);
  if (!c.ok() || !c.Send(raw)) return std::nullopt;
  return c.ReadResponse();
}

std::string SignetBinary() { return std::string(SIGNET_BINARY_DIR) + "/signet"; }

ServerProcess::ServerProcess(Options options) : options_(std::move(options)) {
  data_dir_ = dir_.path() + "/data";
  log_path_ = dir_.path() + "/server.log";
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !exited_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status_, 0);
  }
}

bool ServerProcess::Start(std::chrono::milliseconds timeout) {
  // FreePort's port is free when chosen, but another process (ctest runs tests in parallel) may
  // bind it before the server does: then the server exits with "cannot listen", and it is
  // started again on another port.
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (StartOnce(timeout)) return true;
    if (running() || Log().find("cannot listen on") == std::string::npos) return false;
  }
  return false;
}

bool ServerProcess::StartOnce(std::chrono::milliseconds timeout) {
  exited_ = false;
  port_ = FreePort();
  const std::string config_path = dir_.path() + "/signet.yaml";
  {
    std::ofstream cfg(config_path);
    cfg << "data_dir: " << data_dir_ << "\n"
        << "log:\n  level: debug\n"
        << options_.extra_yaml << "\n";
  }
  const std::string listen = "127.0.0.1:" + std::to_string(port_);
  pid_ = fork();
  if (pid_ == 0) {
    const int log_fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(log_fd, STDERR_FILENO);
    dup2(log_fd, STDOUT_FILENO);
    if (options_.nofile_limit > 0) {
      rlimit rl{static_cast<rlim_t>(options_.nofile_limit),
                static_cast<rlim_t>(options_.nofile_limit)};
      setrlimit(RLIMIT_NOFILE, &rl);
    }
    for (const auto& e : options_.env) putenv(const_cast<char*>(e.c_str()));
    const std::string bin = SignetBinary();
    execl(bin.c_str(), bin.c_str(), "serve", "--config", config_path.c_str(), "--listen",
          listen.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = SteadyClock::now() + timeout;
  while (SteadyClock::now() < deadline) {
    if (!running()) return false;
    auto r = Request(port_, "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    if (r && r->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void ServerProcess::Signal(int sig) {
  if (pid_ > 0 && !exited_) kill(pid_, sig);
}

bool ServerProcess::running() {
  if (pid_ <= 0 || exited_) return false;
  if (waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
  return !exited_;
}

int ServerProcess::Wait(std::chrono::milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  while (running()) {
    if (SteadyClock::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (WIFSIGNALED(status_)) return -2;
  return WEXITSTATUS(status_);
}

std::string ServerProcess::Log() const { return ReadFile(log_path_); }

CommandResult RunSignet(const std::vector<std::string>& args, const std::vector<std::string>& env,
                        const std::string& stdin_data) {
  TempDir dir;
  const std::string out_path = dir.path() + "/out", err_path = dir.path() + "/err",
                    in_path = dir.path() + "/in";
  {
    std::ofstream in(in_path);
    in << stdin_data;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    const int in = open(in_path.c_str(), O_RDONLY);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    const std::string bin = SignetBinary();
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(bin.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  CommandResult r;
  int status = 0;
  const auto deadline = SteadyClock::now() + std::chrono::seconds(60);
  while (waitpid(pid, &status, WNOHANG) != pid) {
    if (SteadyClock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

}  // namespace signet::e2e
