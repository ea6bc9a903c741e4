#pragma once

// The RFC 8941 structured fields of RFC 9421 and RFC 9530, parsed and serialized for
// notify/http_signature.cc (exposed here for its tests and the fuzz target). A strict subset:
//   Signature-Input  one dictionary member whose value is an inner list of sf-strings (no item
//                    parameters) with integer or string parameters, no duplicate keys;
//   Signature        one dictionary member whose value is a byte sequence;
//   Content-Digest   dictionary members whose values are byte sequences (no parameters).
// Leading and trailing spaces are ignored (RFC 8941 §4.2). Every failure is
// InvalidArgument(reason); the reason never contains input bytes beyond a short key.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"

namespace signet::notify {

// SfParamValue is an integer or string parameter value.
using SfParamValue = std::variant<int64_t, std::string>;
// SfParam is one parameter, in received order.
using SfParam = std::pair<std::string, SfParamValue>;

// SignatureInputMember is the one member of a Signature-Input field (RFC 9421 §4.1).
struct SignatureInputMember {
  std::string label;
  std::vector<std::string> components;  // component identifiers, as sent
  std::vector<SfParam> params;          // signature parameters, in received order
};

// ParseSignatureInput parses a Signature-Input field value holding exactly one member.
Result<SignatureInputMember> ParseSignatureInput(std::string_view value);

// SerializeSignatureParams renders the member's inner list and parameters canonically
// (RFC 8941 §4.1.1.1): the "@signature-params" component value of RFC 9421 §2.3.
std::string SerializeSignatureParams(const SignatureInputMember& member);

// ParseSignatureField returns the bytes of the Signature field's one member, which must be
// named `label`.
Result<Bytes> ParseSignatureField(std::string_view value, std::string_view label);

// ParseContentDigestSha256 returns the bytes of the one "sha-256" member of a Content-Digest
// field value (other members are skipped).
Result<Bytes> ParseContentDigestSha256(std::string_view value);

// IsSfStringContent reports whether `s` can be an sf-string's content (printable ASCII).
bool IsSfStringContent(std::string_view s);

}  // namespace signet::notify
