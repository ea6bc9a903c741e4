#pragma once

// JSON-RPC 2.0 framing for MCP (https://www.jsonrpc.org/specification, as profiled by MCP
// 2025-11-25 "Base Protocol"): one message per transport frame, request ids are strings or
// integers (never null), params are objects. Batches (JSON arrays) are not accepted: MCP removed
// them in 2025-06-18 and no client Signet supports sends them; an array gets -32600.
//
// Parsing is strict and bounded (credentials::ParseJson: size, depth and value-count limits,
// duplicate member names rejected, invalid UTF-8 rejected). Nothing here throws.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "credentials/json.h"

namespace signet::mcp {

using Json = nlohmann::json;

// JSON-RPC 2.0 error codes used by MCP.
namespace rpc {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
}  // namespace rpc

// kMaxMessageBytes bounds one JSON-RPC message on every transport.
inline constexpr size_t kMaxMessageBytes = 256 * 1024;

// RpcError is a JSON-RPC error object.
struct RpcError {
  int code = rpc::kInternalError;
  std::string message;
  Json data;  // null = omitted
};

// MessageKind says what a parsed message is.
enum class MessageKind { kRequest, kNotification, kResponse };

// Message is one parsed JSON-RPC message.
struct Message {
  MessageKind kind = MessageKind::kRequest;
  Json id;                       // requests and responses: a string or an integer
  std::string method;            // requests and notifications
  Json params = Json::object();  // requests and notifications (absent -> {})
};

// ParseOutcome is either a message or an error to answer with. `id` is the request id when it
// could be recovered from a malformed request (so the error response can carry it), else null.
struct ParseOutcome {
  std::optional<Message> message;
  std::optional<RpcError> error;
  Json id;
};

// ParseMessage parses one JSON-RPC message from `text` (at most kMaxMessageBytes).
ParseOutcome ParseMessage(std::string_view text);

// ResultResponse renders {"jsonrpc":"2.0","id":id,"result":result}.
std::string ResultResponse(const Json& id, const Json& result);
// ErrorResponse renders {"jsonrpc":"2.0","id":id,"error":{code,message[,data]}}; `id` null for
// errors that cannot be tied to a request.
std::string ErrorResponse(const Json& id, const RpcError& error);
// NotificationMessage renders {"jsonrpc":"2.0","method":method,"params":params}.
std::string NotificationMessage(std::string_view method, const Json& params);

// DumpJson serialises without throwing: invalid UTF-8 in strings is replaced by U+FFFD.
std::string Dump(const Json& j);

}  // namespace signet::mcp
