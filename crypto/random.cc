#include "crypto/random.h"

#include <sys/random.h>

#include <cerrno>

#include "base/check.h"

namespace signet::crypto {

void FillRandom(std::span<uint8_t> out) {
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      CHECK(errno == EINTR) << "getrandom failed, errno " << errno;
      continue;
    }
    done += static_cast<size_t>(n);
  }
}

Bytes RandomBytes(size_t n) {
  Bytes b(n);
  FillRandom(b);
  return b;
}

SecretBytes RandomSecret(size_t n) {
  SecretBytes s(n);
  FillRandom({s.MutableData(SecretAccess::Get()), n});
  return s;
}

uint64_t RandomUint64() {
  uint8_t b[8];
  FillRandom(b);
  uint64_t v = 0;
  for (uint8_t c : b) v = (v << 8) | c;
  return v;
}

}  // namespace signet::crypto
