#pragma once

// StrongId<Tag, Rep>: a distinct type per kind of identifier so a TenantId can never be passed
// where a RequestId is expected. Comparable and hashable; no implicit conversions.
//
//   using TenantId = StrongId<struct TenantIdTag>;
//   TenantId t{"t_9f2c"};  t.value() -> "t_9f2c"

#include <compare>
#include <functional>
#include <string>
#include <utility>

namespace signet {

template <typename Tag, typename Rep = std::string>
class StrongId {
 public:
  StrongId() = default;
  explicit StrongId(Rep value) : value_(std::move(value)) {}

  const Rep& value() const { return value_; }

  friend bool operator==(const StrongId&, const StrongId&) = default;
  friend auto operator<=>(const StrongId&, const StrongId&) = default;

 private:
  Rep value_{};
};

}  // namespace signet

template <typename Tag, typename Rep>
struct std::hash<signet::StrongId<Tag, Rep>> {
  size_t operator()(const signet::StrongId<Tag, Rep>& id) const noexcept {
    return std::hash<Rep>{}(id.value());
  }
};
