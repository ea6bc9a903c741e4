// bbs_interop_tool: a thin command-line wrapper over proofs/bbs for the interop driver
// (interop.mjs). Every byte string is hex; lists are comma-separated, "_" is the empty list.
//
//   keygen <key_material>                         -> "<sk> <pk>"
//   sign <sk> <pk> <header> <msgs>                -> "<signature>"
//   verify <pk> <sig> <header> <msgs>             -> exit 0 valid, 1 invalid
//   proofgen <pk> <sig> <header> <ph> <msgs> <idx> -> "<proof>"
//   proofverify <pk> <proof> <header> <ph> <disclosed msgs> <idx> -> exit 0 valid, 1 invalid
// Usage errors and malformed hex exit with 2.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/encoding.h"
#include "proofs/bbs/bbs.h"

namespace {

namespace bbs = signet::proofs::bbs;
using signet::Bytes;

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "bbs_interop_tool: %s\n", why.c_str());
  std::exit(2);
}

Bytes Hex(const std::string& s) {
  auto b = signet::HexDecode(s);
  if (!b) Die("bad hex: " + s);
  return *b;
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  if (s == "_") return out;
  size_t start = 0;
  while (true) {
    const size_t comma = s.find(',', start);
    out.push_back(s.substr(start, comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

std::vector<Bytes> HexList(const std::string& s) {
  std::vector<Bytes> out;
  for (const auto& x : Split(s)) out.push_back(Hex(x));
  return out;
}

std::vector<size_t> IndexList(const std::string& s) {
  std::vector<size_t> out;
  for (const auto& x : Split(s)) out.push_back(std::stoul(x));
  return out;
}

int Print(const Bytes& b) {
  std::printf("%s\n", signet::HexEncode(b).c_str());
  return 0;
}

int Report(const signet::Status& st) {
  if (st) return 0;
  std::fprintf(stderr, "%s\n", st.error().ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) Die("usage: bbs_interop_tool <command> ...");
  const std::string cmd = argv[1];
  std::vector<std::string> a(argv + 2, argv + argc);
  auto need = [&](size_t n) {
    if (a.size() != n) Die(cmd + " expects " + std::to_string(n) + " arguments");
  };
  if (cmd == "keygen") {
    need(1);
    auto sk = bbs::KeyGen(Hex(a[0]), {});
    if (!sk) Die(sk.error().ToString());
    auto pk = bbs::SkToPk(*sk);
    if (!pk) Die(pk.error().ToString());
    std::printf("%s %s\n",
                signet::HexEncode(sk->Reveal(signet::crypto::SecretAccess::Get())).c_str(),
                signet::HexEncode(*pk).c_str());
    return 0;
  }
  if (cmd == "sign") {
    need(4);
    auto sig = bbs::Sign(signet::crypto::SecretBytes::CopyFrom(Hex(a[0])), Hex(a[1]), Hex(a[2]),
                         HexList(a[3]));
    if (!sig) Die(sig.error().ToString());
    return Print(*sig);
  }
  if (cmd == "verify") {
    need(4);
    return Report(bbs::Verify(Hex(a[0]), Hex(a[1]), Hex(a[2]), HexList(a[3])));
  }
  if (cmd == "proofgen") {
    need(6);
    auto proof =
        bbs::ProofGen(Hex(a[0]), Hex(a[1]), Hex(a[2]), Hex(a[3]), HexList(a[4]), IndexList(a[5]));
    if (!proof) Die(proof.error().ToString());
    return Print(*proof);
  }
  if (cmd == "proofverify") {
    need(6);
    return Report(bbs::ProofVerify(Hex(a[0]), Hex(a[1]), Hex(a[2]), Hex(a[3]), HexList(a[4]),
                                   IndexList(a[5])));
  }
  Die("unknown command " + cmd);
}
