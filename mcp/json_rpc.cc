#include "mcp/json_rpc.h"

#include <utility>

namespace signet::mcp {
namespace {

// kLimits bound one message: 256 KiB, nesting 32, 16k values.
constexpr credentials::JsonLimits kLimits{
    .max_bytes = kMaxMessageBytes, .max_depth = 32, .max_values = 16 * 1024};
constexpr size_t kMaxIdBytes = 256;
constexpr size_t kMaxMethodBytes = 128;

ParseOutcome Fail(int code, std::string message, Json id = nullptr) {
  ParseOutcome out;
  out.error = RpcError{code, std::move(message), nullptr};
  out.id = std::move(id);
  return out;
}

// ValidId accepts a string of at most kMaxIdBytes or an integer (MCP: never null).
bool ValidId(const Json& id) {
  if (id.is_string()) return id.get_ref<const std::string&>().size() <= kMaxIdBytes;
  return id.is_number_integer() || id.is_number_unsigned();
}

ParseOutcome ParseResponse(const Json& doc) {
  const Json& id = doc.at("id");
  const bool has_result = doc.contains("result");
  const bool has_error = doc.contains("error");
  if (!ValidId(id) || has_result == has_error) {
    return Fail(rpc::kInvalidRequest, "a response needs an id and exactly one of result / error");
  }
  ParseOutcome out;
  out.message = Message{MessageKind::kResponse, id, {}, Json::object()};
  out.id = id;
  return out;
}

}  // namespace

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

ParseOutcome ParseMessage(std::string_view text) {
  auto parsed = credentials::ParseJson(text, kLimits);
  if (!parsed) return Fail(rpc::kParseError, "parse error: " + parsed.error().message());
  const Json& doc = *parsed;
  if (doc.is_array()) return Fail(rpc::kInvalidRequest, "JSON-RPC batches are not supported");
  if (!doc.is_object()) return Fail(rpc::kInvalidRequest, "a message must be a JSON object");
  const Json* version = credentials::Member(doc, "jsonrpc");
  const Json id = doc.contains("id") && ValidId(doc.at("id")) ? doc.at("id") : Json(nullptr);
  if (version == nullptr || !version->is_string() || *version != "2.0") {
    return Fail(rpc::kInvalidRequest, "\"jsonrpc\" must be \"2.0\"", id);
  }
  if (!doc.contains("method")) {
    if (doc.contains("id")) return ParseResponse(doc);
    return Fail(rpc::kInvalidRequest, "a message needs a method or an id");
  }
  const std::string* method = credentials::StringMember(doc, "method");
  if (method == nullptr || method->empty() || method->size() > kMaxMethodBytes) {
    return Fail(rpc::kInvalidRequest, "\"method\" must be a non-empty string", id);
  }
  Message m;
  m.method = *method;
  if (doc.contains("params")) {
    if (!doc.at("params").is_object()) {
      return Fail(rpc::kInvalidParams, "\"params\" must be an object", id);
    }
    m.params = doc.at("params");
  }
  if (doc.contains("id")) {
    if (!ValidId(doc.at("id"))) {
      return Fail(rpc::kInvalidRequest, "\"id\" must be a string or an integer");
    }
    m.kind = MessageKind::kRequest;
    m.id = doc.at("id");
  } else {
    m.kind = MessageKind::kNotification;
  }
  ParseOutcome out;
  out.id = m.id;
  out.message = std::move(m);
  return out;
}

std::string ResultResponse(const Json& id, const Json& result) {
  return Dump(Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", result}});
}

std::string ErrorResponse(const Json& id, const RpcError& error) {
  Json e = {{"code", error.code}, {"message", error.message}};
  if (!error.data.is_null()) e["data"] = error.data;
  return Dump(Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(e)}});
}

std::string NotificationMessage(std::string_view method, const Json& params) {
  return Dump(Json{{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
}

}  // namespace signet::mcp
