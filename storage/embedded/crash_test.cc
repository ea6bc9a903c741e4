// Kill -9 durability: a writer child acknowledges each committed write on a pipe; the parent
// SIGKILLs it at a random point (fixed seed), reopens the data dir and checks that every
// acknowledged write is present and intact, the database passes PRAGMA integrity_check and every
// blob matches its digest.

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "crypto/sha2.h"
#include "storage/embedded/embedded_storage.h"
#include "storage/testing/conformance.h"

namespace signet::storage::embedded {
namespace {

using storage::testing::PatternBytes;

BlindId CrashId(uint64_t i) {
  Bytes in = ToBytes("crash-test-record");
  AppendU64BE(&in, i);
  return BlindId(crypto::Sha256(in));
}

const BlindId& Chain() {
  static const BlindId kChain = CrashId(~0ull);
  return kChain;
}

// Value i is inline for most i and blob-backed for every fifth.
Bytes CrashValue(uint64_t i) {
  size_t size = i % 5 == 0 ? RecordLimits{}.inline_max + 1 + (i % 3) * 4096 : 64 + i % 700;
  return PatternBytes(size, i);
}

// RunWriter is the child: write record i, append audit entry i, ack i; forever (until killed).
[[noreturn]] void RunWriter(const EmbeddedOptions& options, uint64_t first, int ack_fd) {
  Result<std::unique_ptr<Storage>> s = OpenEmbeddedStorage(options);
  if (!s) _exit(2);
  for (uint64_t i = first; i < first + 100000; ++i) {
    if (!(*s)->records().Put(CrashId(i), CrashValue(i)).ok()) _exit(3);
    if (!(*s)->audit().Append(Chain(), i, CrashValue(i)).ok()) _exit(4);
    uint64_t ack = i;
    if (::write(ack_fd, &ack, sizeof ack) != sizeof ack) _exit(5);
  }
  _exit(0);
}

std::string IntegrityCheck(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr);
  std::string out;
  if (sqlite3_step(st) == SQLITE_ROW)
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

TEST(EmbeddedCrashTest, AcknowledgedWritesSurviveKillNine) {
  EmbeddedOptions options;
  options.data_dir = std::filesystem::temp_directory_path().string() + "/signet_crash_" +
                     std::to_string(::getpid());
  std::filesystem::remove_all(options.data_dir);
  ASSERT_TRUE(MigrateEmbedded(options).has_value());
  std::mt19937_64 rng(20261122);
  int64_t acked = -1;  // highest acknowledged index
  constexpr int kRounds = 4;
  for (int round = 0; round < kRounds; ++round) {
    uint64_t first = 0;
    {
      std::unique_ptr<Storage> s = OpenEmbeddedStorage(options).value();
      std::optional<AuditEntry> head = s->audit().Head(Chain()).value();
      first = head ? head->seq + 1 : 0;
    }
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      RunWriter(options, first, fds[1]);
    }
    ::close(fds[1]);
    // Let it acknowledge a random number of writes, then kill it at a random moment.
    uint64_t target = 5 + rng() % 40;
    uint64_t ack = 0;
    for (uint64_t n = 0; n < target && ::read(fds[0], &ack, sizeof ack) == sizeof ack; ++n) {
      acked = static_cast<int64_t>(ack);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 3000));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "writer exited early with " << WEXITSTATUS(status);
    while (::read(fds[0], &ack, sizeof ack) == sizeof ack) acked = static_cast<int64_t>(ack);
    ::close(fds[0]);

    ASSERT_EQ(IntegrityCheck(options.data_dir + "/signet.db"), "ok") << "round " << round;
    std::unique_ptr<Storage> s = OpenEmbeddedStorage(options).value();
    for (int64_t i = 0; i <= acked; ++i) {
      Result<std::optional<Bytes>> v = s->records().Get(CrashId(static_cast<uint64_t>(i)));
      ASSERT_TRUE(v.has_value()) << "round " << round << " record " << i << ": "
                                 << v.error().ToString();
      ASSERT_EQ(*v, CrashValue(static_cast<uint64_t>(i))) << "round " << round << " record " << i;
    }
    std::vector<AuditEntry> chain = s->audit().Read(Chain(), 0, 1000).value();
    ASSERT_GE(static_cast<int64_t>(chain.size()), acked + 1);
    for (size_t i = 0; i < chain.size(); ++i) {
      ASSERT_EQ(chain[i].seq, i);
      ASSERT_EQ(chain[i].entry, CrashValue(i));
    }
    // The write in flight when the child died is all-or-nothing.
    Result<std::optional<Bytes>> next = s->records().Get(CrashId(static_cast<uint64_t>(acked + 1)));
    ASSERT_TRUE(next.has_value()) << next.error().ToString();
    if (next->has_value()) {
      EXPECT_EQ(**next, CrashValue(static_cast<uint64_t>(acked + 1)));
    }
    // Every blob on disk matches its digest.
    std::vector<BlobInfo> blobs = s->blobs().List(std::nullopt, 1000).value();
    for (const BlobInfo& info : blobs) {
      EXPECT_TRUE(s->blobs().Get(info.digest).has_value());
    }
  }
  EXPECT_GT(acked, kRounds * 5);
  std::filesystem::remove_all(options.data_dir);
}

}  // namespace
}  // namespace signet::storage::embedded
