#include "cli/prompt.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace signet::cli {
namespace {

using crypto::SecretAccess;
using crypto::SecretBytes;

constexpr size_t kMaxSecretBytes = 4096;

// ReadLine reads one line from `fd` into wiped memory (without the newline).
Result<SecretBytes> ReadLine(int fd) {
  SecretBytes buf(kMaxSecretBytes);
  uint8_t* p = buf.MutableData(SecretAccess::Get());
  size_t n = 0;
  for (;;) {
    char c = 0;
    const ssize_t r = ::read(fd, &c, 1);
    if (r <= 0 || c == '\n') break;
    if (n == kMaxSecretBytes) return TooLarge("input exceeds 4096 bytes");
    p[n++] = static_cast<uint8_t>(c);
  }
  if (n > 0 && p[n - 1] == '\r') --n;
  return SecretBytes::CopyFrom(buf.Reveal(SecretAccess::Get()).first(n));
}

}  // namespace

Result<SecretBytes> ReadSecretFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument("cannot read '" + path + "'");
  SecretBytes buf(kMaxSecretBytes + 1);
  in.read(reinterpret_cast<char*>(buf.MutableData(SecretAccess::Get())),
          static_cast<std::streamsize>(kMaxSecretBytes + 1));
  size_t n = static_cast<size_t>(in.gcount());
  if (n > kMaxSecretBytes) return TooLarge("'" + path + "' exceeds 4096 bytes");
  const ByteView b = buf.Reveal(SecretAccess::Get());
  if (n > 0 && b[n - 1] == '\n') --n;
  if (n > 0 && b[n - 1] == '\r') --n;
  return SecretBytes::CopyFrom(b.first(n));
}

Result<SecretBytes> PromptSecret(const std::string& prompt, const std::string& flag_hint) {
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    return FailedPrecondition("no terminal to ask for the " + prompt + ": use " + flag_hint);
  }
  termios saved{};
  const bool is_tty = ::tcgetattr(fd, &saved) == 0;
  if (is_tty) {
    termios quiet = saved;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  const std::string ask = prompt + ": ";
  (void)::write(fd, ask.data(), ask.size());
  auto line = ReadLine(fd);
  if (is_tty) ::tcsetattr(fd, TCSAFLUSH, &saved);
  (void)::write(fd, "\n", 1);
  ::close(fd);
  return line;
}

Result<SecretBytes> ReadPassphrase(const std::optional<std::string>& file, bool confirm) {
  Result<SecretBytes> pass = file ? ReadSecretFile(*file)
                                  : PromptSecret("passphrase", "--passphrase-file FILE");
  if (!pass) return pass;
  if (confirm) {
    if (pass->size() < kMinPassphraseLength) {
      return InvalidArgument("the passphrase must be at least " +
                             std::to_string(kMinPassphraseLength) + " characters");
    }
    if (!file) {
      auto again = PromptSecret("passphrase (again)", "--passphrase-file FILE");
      if (!again) return again;
      if (!(*again == *pass)) return InvalidArgument("the passphrases do not match");
    }
  }
  if (pass->empty()) return InvalidArgument("the passphrase is empty");
  return pass;
}

bool Confirm(const std::string& question, const std::string& expected_answer) {
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  const std::string ask = question + " ";
  (void)::write(fd, ask.data(), ask.size());
  auto line = ReadLine(fd);
  ::close(fd);
  return line && ToString(line->Reveal(SecretAccess::Get())) == expected_answer;
}

}  // namespace signet::cli
