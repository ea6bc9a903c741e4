#include "policy/domain.h"

#include <array>

namespace signet::policy {
namespace {

constexpr bool IsLdh(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// CheckLabel validates one lower-cased label.
Status CheckLabel(std::string_view label) {
  if (label.empty()) return InvalidArgument("domain has an empty label");
  if (label.size() > 63) return InvalidArgument("domain label longer than 63 bytes");
  if (label.front() == '-' || label.back() == '-') {
    return InvalidArgument("domain label starts or ends with '-'");
  }
  for (char c : label) {
    if (!IsLdh(c)) return InvalidArgument("domain has a character outside [a-z0-9-]");
  }
  return OkStatus();
}

}  // namespace

Result<std::string> NormalizeDomain(std::string_view domain) {
  if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  if (domain.empty()) return InvalidArgument("domain is empty");
  if (domain.size() > kMaxDomainBytes) return InvalidArgument("domain longer than 253 bytes");
  std::string out(domain);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return InvalidArgument("domain is not ASCII (use the A-label form, xn--...)");
    }
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  size_t start = 0;
  while (true) {
    const size_t dot = out.find('.', start);
    const std::string_view label =
        std::string_view(out).substr(start, dot == std::string::npos ? dot : dot - start);
    if (Status s = CheckLabel(label); !s.ok()) return std::move(s).error();
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

bool IsNormalizedDomain(std::string_view domain) {
  if (domain.empty() || domain.size() > kMaxDomainBytes) return false;
  // One pass over the bytes, then the label rules only at the (few) dots.
  static constexpr auto kLdh = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c) t[c] = IsLdh(static_cast<char>(c));
    return t;
  }();
  size_t label_start = 0;
  for (size_t i = 0; i <= domain.size(); ++i) {
    if (i < domain.size() && kLdh[static_cast<unsigned char>(domain[i])]) continue;
    if (i < domain.size() && domain[i] != '.') return false;
    const size_t len = i - label_start;
    if (len == 0 || len > 63 || domain[label_start] == '-' || domain[i - 1] == '-') return false;
    label_start = i + 1;
  }
  return true;
}

bool DomainWithin(std::string_view domain, std::string_view suffix) {
  if (suffix.empty() || domain.size() < suffix.size()) return false;
  if (domain.size() == suffix.size()) return domain == suffix;
  return domain.ends_with(suffix) && domain[domain.size() - suffix.size() - 1] == '.';
}

const std::vector<DomainRoleEntry>& DefaultDomainRoles() {
  static const auto* const kDefaults = new std::vector<DomainRoleEntry>{
      {"bank", Role::kFinancial, true},
      {"insurance", Role::kFinancial, true},
      {"pharmacy", Role::kMedical, true},
      {"gov", Role::kIdentity, true},
  };
  return *kDefaults;
}

Result<DomainRoleTable> DomainRoleTable::Create(const std::vector<DomainRoleEntry>& owner_entries,
                                                bool use_defaults) {
  DomainRoleTable table;
  for (const DomainRoleEntry& e : owner_entries) {
    auto norm = NormalizeDomain(e.domain);
    if (!norm || *norm != e.domain) return InvalidArgument("domain role entry is not normalised");
    if (e.role == Role::kTrustedAgent) {
      return InvalidArgument("a domain cannot imply the trusted_agent role");
    }
    if (!table.entries_.emplace(e.domain, Value{e.role, e.subdomains, true}).second) {
      return AlreadyExists("duplicate domain role entry: " + e.domain);
    }
  }
  if (use_defaults) {
    for (const DomainRoleEntry& e : DefaultDomainRoles()) {
      table.entries_.emplace(e.domain, Value{e.role, e.subdomains, false});  // owner wins
    }
  }
  return table;
}

std::optional<DomainMatch> DomainRoleTable::Lookup(std::string_view domain) const {
  if (domain.empty()) return std::nullopt;
  bool exact = true;
  // Walk suffixes from the full name towards the TLD: the first hit is the longest entry.
  for (std::string_view rest = domain;;) {
    if (auto it = entries_.find(rest); it != entries_.end() && (exact || it->second.subdomains)) {
      const int confidence = !it->second.owner ? 50 : (exact ? 70 : 60);
      return DomainMatch{it->second.role, confidence, it->first};
    }
    const size_t dot = rest.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(dot + 1);
    exact = false;
  }
}

}  // namespace signet::policy
