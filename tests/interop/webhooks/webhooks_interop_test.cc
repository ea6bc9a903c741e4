// Approval deliveries verified by an independent Standard Webhooks implementation: the npm
// `standardwebhooks` package (receiver.mjs) receives what the real `signet serve` sends, checks
// the signatures under both active secrets (rotation), and answers through POST /callbacks/{id}
// with a body it signs itself with the request's callback secret.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/e2e/approvals/approvals_fixture.h"

namespace signet::e2e {
namespace {

using nlohmann::json;

// NodeReceiver runs receiver.mjs and reads its stdout lines.
class NodeReceiver {
 public:
  explicit NodeReceiver(const std::vector<std::string>& secret_files) {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      ::close(fds[0]);
      std::vector<std::string> argv = {"node",
                                       SIGNET_SOURCE_DIR "/tests/interop/webhooks/receiver.mjs"};
      argv.insert(argv.end(), secret_files.begin(), secret_files.end());
      std::vector<char*> raw;
      for (auto& a : argv) raw.push_back(a.data());
      raw.push_back(nullptr);
      ::execvp("node", raw.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    fd_ = fds[0];
  }
  ~NodeReceiver() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(fd_);
  }
  // ReadLine returns the next stdout line, or "" after `timeout`.
  std::string ReadLine(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      const size_t nl = buf_.find('\n');
      if (nl != std::string::npos) {
        std::string line = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return "";
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char chunk[4096];
      const ssize_t n = ::read(fd_, chunk, sizeof chunk);
      if (n <= 0) return "";
      buf_.append(chunk, static_cast<size_t>(n));
    }
  }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string buf_;
};

TEST(WebhooksInteropTest, StandardWebhooksPeerVerifiesBothRotationSecretsAndAnswers) {
  TempDir dir;
  const std::string second = dir.path() + "/second-secret";
  std::ofstream(second) << notify::WebhookSecret::Generate().Encode(crypto::SecretAccess::Get())
                        << "\n";
  ::chmod(second.c_str(), 0600);

  // The peer needs the secrets before it starts; the server needs the peer's port.
  ApprovalsServer server({});
  server.notify().secret_files.push_back(second);
  NodeReceiver node(server.notify().secret_files);
  const std::string first = node.ReadLine(std::chrono::seconds(15));
  ASSERT_EQ(first.rfind("listening ", 0), 0u) << "node receiver did not start: " << first;
  server.notify().webhook_url = "http://127.0.0.1:" + first.substr(10) + "/hook";
  ASSERT_TRUE(server.Start());
  ASSERT_TRUE(server.OpenReplica());
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(server.Submit({i == 1 ? "phone" : "email"}));

  std::set<std::string> seen;
  while (seen.size() < ids.size()) {
    const std::string line = node.ReadLine(std::chrono::seconds(15));
    ASSERT_FALSE(line.empty()) << "no delivery reached the peer\n" << server.process().Log();
    json j = json::parse(line, nullptr, false);
    ASSERT_TRUE(j.is_object()) << line;
    EXPECT_EQ(j["verified"], json::array({true, true})) << line;
    EXPECT_EQ(j["tamper_rejected"], true) << line;
    EXPECT_EQ(j["callback_status"], 200) << line;
    seen.insert(j.value("request_id", std::string()));
  }
  for (const std::string& id : ids) {
    EXPECT_TRUE(seen.count(id)) << id;
    auto status = server.service().Wait(server.tenant(), id, std::chrono::seconds(5));
    ASSERT_TRUE(status) << status.error().message();
    EXPECT_EQ(status->state, notify::ApprovalState::kApproved);
  }
}

}  // namespace
}  // namespace signet::e2e
