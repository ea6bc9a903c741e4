#pragma once

// Domain names for policy decisions: normalisation, label-safe suffix matching and the
// domain -> role table used for actor classification (docs/policy.md, "Domains").
//
// Normalisation: ASCII only. Upper case is folded to lower case and one trailing dot is removed.
// Internationalised names must arrive in A-label form ("xn--bcher-kva.example"); a name with any
// non-ASCII byte is rejected rather than guessed at (this module does not implement IDNA/UTS 46
// mapping, so it cannot be tricked by confusable Unicode forms). Labels are 1..63 bytes of
// [a-z0-9-], not starting or ending with '-'; the whole name is at most 253 bytes.
//
// Matching is by whole labels: "bank.com" matches "bank.com" and "x.bank.com", never
// "evilbank.com" or "bank.com.evil".

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "policy/model.h"

namespace signet::policy {

// NormalizeDomain returns the canonical form of `domain` or InvalidArgument (naming the reason).
Result<std::string> NormalizeDomain(std::string_view domain);

// IsNormalizedDomain reports whether `domain` is already in NormalizeDomain's output form (so
// callers can skip the copy).
bool IsNormalizedDomain(std::string_view domain);

// DomainWithin reports whether normalised `domain` equals normalised `suffix` or is a subdomain
// of it (label boundary respected).
bool DomainWithin(std::string_view domain, std::string_view suffix);

// DomainRoleEntry says that `domain` (and, if `subdomains`, every name below it) is an actor of
// `role`. Domain entries may not claim TrustedAgent: that role needs an explicit assignment or a
// verified credential.
struct DomainRoleEntry {
  std::string domain;  // normalised
  Role role = Role::kPublic;
  bool subdomains = true;
  bool operator==(const DomainRoleEntry&) const = default;
};

// DefaultDomainRoles is the built-in table: top-level domains whose registries verify the
// registrant's sector before delegation (.bank and .insurance by fTLD Registry Services,
// .pharmacy by the NABP, .gov by CISA for US government bodies). Everything else is unknown.
const std::vector<DomainRoleEntry>& DefaultDomainRoles();

// DomainMatch is the outcome of a table lookup.
struct DomainMatch {
  Role role = Role::kPublic;
  int confidence = 0;  // 70 exact owner entry, 60 owner entry by subdomain, 50 built-in TLD
  std::string_view entry;
};

// DomainRoleTable maps domains to roles: the owner's entries first, then (optionally) the
// built-in defaults. The most specific (longest) matching entry wins. Immutable after Create;
// thread-safe for concurrent Lookup.
class DomainRoleTable {
 public:
  // Create builds the table; InvalidArgument for an entry with a TrustedAgent role or a
  // non-normalised domain, AlreadyExists for a duplicate owner entry.
  static Result<DomainRoleTable> Create(const std::vector<DomainRoleEntry>& owner_entries,
                                        bool use_defaults);

  // Lookup finds the role for normalised `domain`, or nullopt if no entry covers it. Cost: one
  // hash lookup per label of `domain`.
  std::optional<DomainMatch> Lookup(std::string_view domain) const;

 private:
  struct Value {
    Role role;
    bool subdomains;
    bool owner;
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Value, Hash, std::equal_to<>> entries_;
};

}  // namespace signet::policy
