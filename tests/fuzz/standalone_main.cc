// Standalone driver for libFuzzer targets in ordinary (g++) test builds. It replays every file
// of the seed corpus directories given on the command line, then feeds a bounded number of
// deterministic mutations of them (fixed seed, so failures reproduce) to
// LLVMFuzzerTestOneInput. A crash, sanitizer report or CHECK failure fails the ctest case.
//
//   fuzz_target [--iterations=N] CORPUS_DIR...

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<uint8_t> ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Mutate applies one random byte-level edit: flip, insert, erase, duplicate a slice or truncate.
void Mutate(std::vector<uint8_t>* d, std::mt19937_64* rng) {
  auto pick = [rng](size_t n) { return n == 0 ? 0 : static_cast<size_t>((*rng)() % n); };
  switch ((*rng)() % 5) {
    case 0:
      if (!d->empty()) (*d)[pick(d->size())] ^= static_cast<uint8_t>(1U << pick(8));
      break;
    case 1: d->insert(d->begin() + static_cast<long>(pick(d->size() + 1)),
                      static_cast<uint8_t>((*rng)())); break;
    case 2:
      if (!d->empty()) d->erase(d->begin() + static_cast<long>(pick(d->size())));
      break;
    case 3:
      if (!d->empty() && d->size() < (1U << 16)) {
        const size_t a = pick(d->size());
        const size_t len = 1 + pick(std::min<size_t>(d->size() - a, 64));
        std::vector<uint8_t> slice(d->begin() + static_cast<long>(a),
                                   d->begin() + static_cast<long>(a + len));
        d->insert(d->begin() + static_cast<long>(pick(d->size() + 1)), slice.begin(),
                  slice.end());
      }
      break;
    default: d->resize(pick(d->size() + 1)); break;
  }
}

}  // namespace

int main(int argc, char** argv) {
  long iterations = 10000;
  std::vector<std::vector<uint8_t>> corpus;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--iterations=", 13) == 0) {
      iterations = std::strtol(argv[i] + 13, nullptr, 10);
      continue;
    }
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(argv[i], ec)) {
      if (e.is_regular_file()) corpus.push_back(ReadFile(e.path()));
    }
  }
  corpus.emplace_back();  // the empty input is always a case
  for (const auto& c : corpus) LLVMFuzzerTestOneInput(c.data(), c.size());
  std::mt19937_64 rng(0x5167e7);
  for (long i = 0; i < iterations; ++i) {
    std::vector<uint8_t> d = corpus[rng() % corpus.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits; ++k) Mutate(&d, &rng);
    LLVMFuzzerTestOneInput(d.data(), d.size());
  }
  std::printf("replayed %zu seeds and %ld mutations\n", corpus.size(), iterations);
  return 0;
}
