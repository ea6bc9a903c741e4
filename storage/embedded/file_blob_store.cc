#include "storage/embedded/file_blob_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/encoding.h"
#include "crypto/random.h"
#include "crypto/sha2.h"

namespace signet::storage::embedded {
namespace {

namespace fs = std::filesystem;
constexpr size_t kChunk = size_t{256} * 1024;

Error IoError(std::string_view what) {
  return Unavailable("blob storage I/O failed", std::string(what) + ": " + std::strerror(errno));
}

// Fd closes a file descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Status WriteAll(int fd, ByteView data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return IoError("write");
    data = data.subspan(static_cast<size_t>(n));
  }
  return OkStatus();
}

Status FsyncDir(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) return IoError("fsync dir");
  return OkStatus();
}

class FileBlobStore final : public BlobStore {
 public:
  explicit FileBlobStore(FileBlobOptions o) : o_(std::move(o)) {}

  Result<BlobDigest> Put(ByteView data) override {
    BlobDigest d = crypto::Sha256(data);
    ViewSource src(data);
    Status s = PutStream(d, data.size(), src);
    if (!s) return std::move(s).error();
    return d;
  }

  Status PutStream(const BlobDigest& expected, uint64_t size, ByteSource& source) override {
    if (size > o_.max_blob_size) return TooLarge("blob is too large");
    std::string final_path = BlobPath(o_.dir, expected);
    // Re-putting stored bytes refreshes the mtime (the sweeper's grace clock).
    if (::utimensat(AT_FDCWD, final_path.c_str(), nullptr, 0) == 0) return OkStatus();
    std::string tmp = o_.dir + "/tmp/" + HexEncode(crypto::RandomBytes(16));
    Status s = WriteTemp(tmp, expected, size, source);
    if (s) s = Publish(tmp, final_path);
    if (!s) ::unlink(tmp.c_str());
    return s;
  }

  Result<Bytes> Get(const BlobDigest& digest) override {
    return GetIntoBytes(*this, digest, o_.max_blob_size);
  }

  Status GetStream(const BlobDigest& digest, ByteSink& sink) override {
    Fd fd(::open(BlobPath(o_.dir, digest).c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
      if (errno == ENOENT) return NotFound("blob not found");
      return IoError("open");
    }
    crypto::Sha256Hasher h;
    Bytes buf(kChunk);
    for (;;) {
      ssize_t n = ::read(fd.get(), buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return IoError("read");
      if (n == 0) break;
      ByteView chunk(buf.data(), static_cast<size_t>(n));
      h.Update(chunk);
      Status s = sink.Write(chunk);
      if (!s) return s;
    }
    if (h.Finish() != digest) return DataLoss("blob does not match its digest");
    return OkStatus();
  }

  Status Delete(const BlobDigest& digest) override {
    if (::unlink(BlobPath(o_.dir, digest).c_str()) != 0 && errno != ENOENT) {
      return IoError("unlink");
    }
    return OkStatus();
  }

  Result<bool> Exists(const BlobDigest& digest) override {
    struct stat st;
    if (::stat(BlobPath(o_.dir, digest).c_str(), &st) == 0) return true;
    if (errno == ENOENT) return false;
    return IoError("stat");
  }

  Result<std::vector<BlobInfo>> List(const std::optional<BlobDigest>& after, size_t limit) override;

  Status Ping() override {
    if (::access(o_.dir.c_str(), R_OK | W_OK | X_OK) != 0) return IoError("access");
    return OkStatus();
  }

 private:
  static Status WriteTemp(const std::string& tmp, const BlobDigest& expected, uint64_t size,
                          ByteSource& source);
  static Status Publish(const std::string& tmp, const std::string& final_path);

  const FileBlobOptions o_;
};

Status FileBlobStore::WriteTemp(const std::string& tmp, const BlobDigest& expected, uint64_t size,
                                ByteSource& source) {
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0) return IoError("create temp");
  crypto::Sha256Hasher h;
  Bytes buf(kChunk);
  uint64_t total = 0;
  for (;;) {
    Result<size_t> n = source.Read(buf);
    if (!n) return std::move(n).error();
    if (*n == 0) break;
    total += *n;
    if (total > size) return InvalidArgument("blob is longer than declared");
    ByteView chunk(buf.data(), *n);
    h.Update(chunk);
    Status s = WriteAll(fd.get(), chunk);
    if (!s) return s;
  }
  if (total != size) return InvalidArgument("blob is shorter than declared");
  if (h.Finish() != expected) return InvalidArgument("blob does not match its digest");
  if (::fsync(fd.get()) != 0) return IoError("fsync");
  return OkStatus();
}

Status FileBlobStore::Publish(const std::string& tmp, const std::string& final_path) {
  std::string shard = fs::path(final_path).parent_path().string();
  if (::mkdir(shard.c_str(), 0700) != 0 && errno != EEXIST) return IoError("mkdir");
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) return IoError("rename");
  return FsyncDir(shard);
}

Result<std::vector<BlobInfo>> FileBlobStore::List(const std::optional<BlobDigest>& after,
                                                  size_t limit) {
  std::vector<BlobInfo> out;
  std::string after_hex = after ? DigestHex(*after) : std::string();
  for (int shard = after ? (*after)[0] : 0; shard < 256 && out.size() < limit; ++shard) {
    std::string dir = o_.dir + "/" + HexEncode(Bytes{static_cast<uint8_t>(shard)});
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    std::vector<std::string> names;
    for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
      names.push_back(e.path().filename().string());
    }
    if (ec) return Unavailable("blob storage I/O failed", ec.message());
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
      if (out.size() >= limit) break;
      Result<BlobDigest> d = DigestFromHex(name);
      if (!d || name <= after_hex) continue;
      std::string path = dir;
      path.append("/").append(name);
      struct stat st;
      if (::stat(path.c_str(), &st) != 0) continue;  // deleted meanwhile
      Time mtime =
          Time(std::chrono::seconds(st.st_mtim.tv_sec)) +
          std::chrono::duration_cast<Time::duration>(std::chrono::nanoseconds(st.st_mtim.tv_nsec));
      out.push_back({*d, static_cast<uint64_t>(st.st_size), mtime});
    }
  }
  return out;
}

}  // namespace

std::string BlobPath(const std::string& dir, const BlobDigest& digest) {
  std::string hex = DigestHex(digest);
  return dir + "/" + hex.substr(0, 2) + "/" + hex;
}

Result<std::shared_ptr<BlobStore>> OpenFileBlobStore(const FileBlobOptions& options) {
  std::error_code ec;
  fs::create_directories(options.dir + "/tmp", ec);
  if (ec) return Unavailable("cannot create the blob directory", ec.message());
  fs::permissions(options.dir, fs::perms::owner_all, ec);
  // Temporary files are never referenced: one older than an hour is from an interrupted put
  // (younger ones may belong to another process writing right now).
  auto cutoff = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const fs::directory_entry& e : fs::directory_iterator(options.dir + "/tmp", ec)) {
    if (e.last_write_time(ec) < cutoff) fs::remove(e.path(), ec);
  }
  return std::shared_ptr<BlobStore>(std::make_shared<FileBlobStore>(options));
}

}  // namespace signet::storage::embedded
