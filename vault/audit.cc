#include "vault/audit.h"

#include <nlohmann/json.hpp>

#include "base/contention.h"
#include "base/encoding.h"
#include "crypto/aead.h"
#include "crypto/random.h"
#include "crypto/sha2.h"

namespace signet::vault {
namespace {

using nlohmann::json;

constexpr std::string_view kMagic = "SAE1";
constexpr std::string_view kAadPrefix = "signet/v1/audit";
constexpr std::string_view kSigPrefix = "signet/v1/audit-sig";
constexpr std::string_view kGenesisPrefix = "signet/v1/audit-genesis";
constexpr size_t kHeaderSize = 4 + 8 + 32 + 12 + 4;
constexpr size_t kSigSize = 64;
constexpr int kMaxAppendAttempts = 32;

crypto::Sha256Digest Genesis(const BlindId& chain) {
  Bytes b(kGenesisPrefix.begin(), kGenesisPrefix.end());
  Append(&b, chain.view());
  return crypto::Sha256(b);
}

Bytes Aad(const BlindId& chain, uint64_t seq, ByteView prev) {
  Bytes aad(kAadPrefix.begin(), kAadPrefix.end());
  Append(&aad, chain.view());
  AppendU64BE(&aad, seq);
  Append(&aad, prev);
  return aad;
}

Bytes SigMessage(ByteView signed_part) {
  Bytes m(kSigPrefix.begin(), kSigPrefix.end());
  Append(&m, signed_part);
  return m;
}

}  // namespace

AuditLog::AuditLog(storage::AuditChainStore& store, const DelegatedKeyring& keyring,
                   const Clock& clock)
    : store_(store), keyring_(keyring), clock_(clock), chain_(keyring.Address(kAuditLabel, 0)) {}

Result<AuditCheckpoint> AuditLog::Append(std::string_view kind,
                                         const std::optional<BlindId>& target,
                                         std::string_view detail) {
  const json event = {{"t", clock_.UnixSeconds()},
                      {"kind", kind},
                      {"target", target ? json(target->Hex()) : json(nullptr)},
                      {"detail", detail}};
  const std::string plaintext = event.dump(-1, ' ', false, json::error_handler_t::replace);
  auto aead = crypto::Aes256Gcm::Create(keyring_.audit_key());
  if (!aead) return std::move(aead).error();
  for (int attempt = 0; attempt < kMaxAppendAttempts; ++attempt) {
    auto head = store_.Head(chain_);
    if (!head) return std::move(head).error();
    const uint64_t seq = *head ? (*head)->seq + 1 : 0;
    const crypto::Sha256Digest prev = *head ? crypto::Sha256((*head)->entry) : Genesis(chain_);
    const Bytes nonce = crypto::RandomBytes(12);
    auto ct = aead->SealWithNonce(nonce, AsBytes(plaintext), Aad(chain_, seq, prev));
    if (!ct) return std::move(ct).error();
    Bytes entry(kMagic.begin(), kMagic.end());
    AppendU64BE(&entry, seq);
    signet::Append(&entry, prev);
    signet::Append(&entry, nonce);
    AppendU32BE(&entry, static_cast<uint32_t>(ct->size()));
    signet::Append(&entry, *ct);
    const auto sig = keyring_.identity().Sign(SigMessage(entry));
    signet::Append(&entry, sig);
    Status s = store_.Append(chain_, seq, entry);
    if (s.ok()) return AuditCheckpoint{seq, HexEncode(crypto::Sha256(entry))};
    if (s.error().code() != ErrorCode::kConflict) return std::move(s).error();
    PauseAfterConflict(attempt);
  }
  return Unavailable("audit chain is contended; try again");
}

Result<AuditEvent> AuditLog::Decode(const storage::AuditEntry& e, ByteView expected_prev,
                                    std::string* problem) const {
  const ByteView b = e.entry;
  const std::string at = "entry " + std::to_string(e.seq);
  ByteReader r(b);
  ByteView magic, prev, nonce, ct;
  uint64_t seq = 0;
  uint32_t ct_len = 0;
  if (b.size() < kHeaderSize + kSigSize || !r.Read(4, &magic) || AsStringView(magic) != kMagic ||
      !r.ReadU64BE(&seq) || !r.Read(32, &prev) || !r.Read(12, &nonce) || !r.ReadU32BE(&ct_len) ||
      !r.Read(ct_len, &ct) || r.remaining() != kSigSize) {
    *problem = at + ": malformed";
    return DataLoss(*problem);
  }
  const ByteView signed_part = b.first(b.size() - kSigSize);
  if (!keyring_.identity().public_key().Verify(SigMessage(signed_part), b.last(kSigSize)).ok()) {
    *problem = at + ": signature invalid (entry modified)";
    return DataLoss(*problem);
  }
  if (seq != e.seq) {
    *problem = at + ": sequence number " + std::to_string(seq) + " out of place (reordered)";
    return DataLoss(*problem);
  }
  if (!std::equal(prev.begin(), prev.end(), expected_prev.begin(), expected_prev.end())) {
    *problem = at + ": does not link to the previous entry (deleted, reordered or forked)";
    return DataLoss(*problem);
  }
  auto aead = crypto::Aes256Gcm::Create(keyring_.audit_key());
  if (!aead) return std::move(aead).error();
  auto plain = aead->OpenWithNonce(nonce, ct, Aad(chain_, seq, prev));
  const json j = plain ? json::parse(AsStringView(plain->Reveal(crypto::SecretAccess::Get())),
                                     nullptr, false)
                       : json();
  if (!plain || !j.is_object() || !j.contains("t") || !j["t"].is_number_integer() ||
      !j.contains("kind") || !j["kind"].is_string() || !j.contains("detail") ||
      !j["detail"].is_string()) {
    *problem = at + ": cannot be decrypted";
    return DataLoss(*problem);
  }
  AuditEvent ev;
  ev.seq = seq;
  ev.time = j["t"].get<int64_t>();
  ev.kind = j["kind"].get<std::string>();
  if (j.contains("target") && j["target"].is_string()) ev.target = j["target"].get<std::string>();
  ev.detail = j["detail"].get<std::string>();
  ev.hash = HexEncode(crypto::Sha256(b));
  return ev;
}

Result<std::vector<AuditEvent>> AuditLog::List(uint64_t from_seq, size_t limit) {
  std::vector<AuditEvent> out;
  crypto::Sha256Digest prev = Genesis(chain_);
  if (from_seq > 0) {
    auto before = store_.Read(chain_, from_seq - 1, 1);
    if (!before) return std::move(before).error();
    if (before->empty()) return out;
    prev = crypto::Sha256(before->front().entry);
  }
  auto entries = store_.Read(chain_, from_seq, limit);
  if (!entries) return std::move(entries).error();
  for (const auto& e : *entries) {
    std::string problem;
    auto ev = Decode(e, prev, &problem);
    if (!ev) return std::move(ev).error();
    prev = crypto::Sha256(e.entry);
    out.push_back(std::move(*ev));
  }
  return out;
}

Result<AuditReport> AuditLog::Verify(const std::optional<AuditCheckpoint>& checkpoint) {
  AuditReport report;
  crypto::Sha256Digest prev = Genesis(chain_);
  uint64_t next = 0;
  bool checkpoint_seen = !checkpoint.has_value();
  constexpr size_t kPage = 500;
  for (;;) {
    auto page = store_.Read(chain_, next, kPage);
    if (!page) return std::move(page).error();
    for (const auto& e : *page) {
      if (e.seq != next) {
        report.problem = "entry " + std::to_string(next) + " is missing (deleted)";
        return report;
      }
      auto ev = Decode(e, prev, &report.problem);
      if (!ev) return report;
      prev = crypto::Sha256(e.entry);
      if (checkpoint && e.seq == checkpoint->seq) {
        if (ev->hash != checkpoint->hash) {
          report.problem = "entry " + std::to_string(e.seq) +
                           " differs from the checkpoint the vault recorded (chain rewritten)";
          return report;
        }
        checkpoint_seen = true;
      }
      report.head = AuditCheckpoint{e.seq, ev->hash};
      ++report.entries;
      ++next;
    }
    if (page->size() < kPage) break;
  }
  if (!checkpoint_seen) {
    report.problem = "the chain ends before the recorded checkpoint (entries " +
                     std::to_string(next) + ".." + std::to_string(checkpoint->seq) +
                     " were removed)";
    return report;
  }
  report.ok = true;
  return report;
}

}  // namespace signet::vault
