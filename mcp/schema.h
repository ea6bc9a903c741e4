#pragma once

// A JSON Schema (2020-12) validator for the subset of keywords Signet's tool input schemas use:
//   type (object | string | integer | number | boolean | array), properties, required,
//   additionalProperties (false only), enum, const, minLength, maxLength, minimum, maximum,
//   items, minItems, maxItems, uniqueItems, description, title, default, examples, $schema.
// Tools are registered with their schema; SchemaUsesOnlySupportedKeywords is checked at
// registration, so the schema a client sees never promises a constraint that is not enforced.
//
// Thread-safe (pure functions).

#include <string>

#include "base/result.h"
#include "mcp/json_rpc.h"

namespace signet::mcp {

// ValidateAgainstSchema checks `value` against `schema`. InvalidArgument with a message that
// starts with the JSON Pointer of the offending value ("/claims/0: must be a string").
Status ValidateAgainstSchema(const Json& schema, const Json& value);

// SchemaUsesOnlySupportedKeywords reports whether `schema` (recursively) uses only the keywords
// above; `problem` names the first unsupported one.
bool SchemaUsesOnlySupportedKeywords(const Json& schema, std::string* problem);

}  // namespace signet::mcp
