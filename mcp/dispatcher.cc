#include "mcp/dispatcher.h"

#include <chrono>
#include <utility>

#include "base/log.h"
#include "mcp/schema.h"

namespace signet::mcp {

// Reply is a result or an RPC error.
struct Dispatcher::Reply {
  Json result;
  std::optional<RpcError> error;
  bool session_changed = false;
};

namespace {

using Reply = Dispatcher::Reply;

Reply Error(int code, std::string message) {
  return {nullptr, RpcError{code, std::move(message), nullptr}, false};
}
Reply Ok(Json result) { return {std::move(result), std::nullopt, false}; }

// NoCursor rejects a pagination cursor: every list fits in one page, so no cursor was issued.
std::optional<Reply> NoCursor(const Json& params) {
  if (params.contains("cursor")) return Error(rpc::kInvalidParams, "invalid cursor");
  return std::nullopt;
}

Json Capabilities() {
  return {{"tools", {{"listChanged", false}}},
          {"resources", {{"listChanged", false}, {"subscribe", false}}},
          {"prompts", {{"listChanged", false}}},
          {"logging", Json::object()}};
}

}  // namespace

Dispatcher::Dispatcher(ServerInfo info, const ToolRegistry& tools,
                       const ResourceRegistry& resources, const PromptRegistry& prompts,
                       ToolCallObserver observer)
    : info_(std::move(info)),
      tools_(tools),
      resources_(resources),
      prompts_(prompts),
      observer_(std::move(observer)) {}

HandleOutcome Dispatcher::Handle(const Message& message, const Principal& principal,
                                 SessionState& session) const {
  HandleOutcome out;
  if (message.kind == MessageKind::kResponse) return out;  // we never send requests
  if (message.kind == MessageKind::kNotification) {
    if (message.method == "notifications/initialized" && !session.protocol_version.empty() &&
        !session.initialized) {
      session.initialized = true;
      out.session_changed = true;
    }
    return out;  // cancellations and other notifications need no action: calls are synchronous
  }
  Reply reply = Dispatch(message, principal, session);
  out.session_changed = reply.session_changed;
  out.response = reply.error ? ErrorResponse(message.id, *reply.error)
                             : ResultResponse(message.id, reply.result);
  return out;
}

Dispatcher::Reply Dispatcher::Dispatch(const Message& m, const Principal& principal,
                                       SessionState& session) const {
  if (m.method == "ping") return Ok(Json::object());
  if (m.method == "initialize") {
    if (!session.protocol_version.empty()) {
      return Error(rpc::kInvalidRequest, "the session is already initialized");
    }
    return Initialize(m.params, session);
  }
  if (session.protocol_version.empty()) {
    return Error(rpc::kInvalidRequest, "the session is not initialized: send initialize first");
  }
  const CallContext ctx{principal, session.protocol_version};
  if (m.method == "tools/list") return NoCursor(m.params).value_or(Ok(tools_.ListJson()));
  if (m.method == "tools/call") return CallTool(m.params, ctx);
  if (m.method == "resources/list") return NoCursor(m.params).value_or(Ok(resources_.ListJson()));
  if (m.method == "resources/templates/list") {
    return NoCursor(m.params).value_or(Ok({{"resourceTemplates", Json::array()}}));
  }
  if (m.method == "resources/read") return ReadResource(m.params, ctx);
  if (m.method == "prompts/list") return NoCursor(m.params).value_or(Ok(prompts_.ListJson()));
  if (m.method == "prompts/get") return GetPrompt(m.params);
  if (m.method == "logging/setLevel") {
    const std::string* level = credentials::StringMember(m.params, "level");
    auto parsed = level ? ParseLogLevel(*level) : std::nullopt;
    if (!parsed) return Error(rpc::kInvalidParams, "level must be an RFC 5424 level name");
    session.log_level = *parsed;
    Reply r = Ok(Json::object());
    r.session_changed = true;
    return r;
  }
  return Error(rpc::kMethodNotFound, "method not found: " + m.method);
}

Dispatcher::Reply Dispatcher::Initialize(const Json& params, SessionState& session) const {
  const std::string* version = credentials::StringMember(params, "protocolVersion");
  const Json* caps = credentials::Member(params, "capabilities");
  const Json* client = credentials::Member(params, "clientInfo");
  if (version == nullptr || caps == nullptr || !caps->is_object() || client == nullptr ||
      !client->is_object() || credentials::StringMember(*client, "name") == nullptr) {
    return Error(rpc::kInvalidParams,
                 "initialize needs protocolVersion, capabilities and clientInfo.name");
  }
  session.protocol_version = NegotiateProtocolVersion(*version);
  session.client_name = credentials::StringMember(*client, "name")->substr(0, 128);
  if (const std::string* cv = credentials::StringMember(*client, "version")) {
    session.client_version = cv->substr(0, 64);
  }
  Json server = {{"name", info_.name}, {"version", info_.version}};
  if (session.protocol_version != "2025-03-26") server["title"] = info_.title;
  Json result = {{"protocolVersion", session.protocol_version},
                 {"capabilities", Capabilities()},
                 {"serverInfo", std::move(server)}};
  if (!info_.instructions.empty()) result["instructions"] = info_.instructions;
  Reply r = Ok(std::move(result));
  r.session_changed = true;
  return r;
}

Dispatcher::Reply Dispatcher::CallTool(const Json& params, const CallContext& ctx) const {
  const auto start = std::chrono::steady_clock::now();
  std::string_view tool;
  std::string_view outcome;
  Reply reply = RunTool(params, ctx, &tool, &outcome);
  if (observer_) {
    observer_(tool, outcome,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return reply;
}

// RunTool answers tools/call and names the registered tool (`tool`, views into the registry)
// and the outcome for the observer.
Dispatcher::Reply Dispatcher::RunTool(const Json& params, const CallContext& ctx,
                                      std::string_view* tool_name,
                                      std::string_view* outcome) const {
  *outcome = "rpc_error";
  const std::string* name = credentials::StringMember(params, "name");
  if (name == nullptr) return Error(rpc::kInvalidParams, "tools/call needs a tool name");
  const ToolSpec* tool = tools_.Find(*name);
  if (tool == nullptr) return Error(rpc::kInvalidParams, "Unknown tool: " + name->substr(0, 128));
  *tool_name = tool->name;
  Json args = Json::object();
  if (params.contains("arguments")) {
    if (!params.at("arguments").is_object()) {
      return Error(rpc::kInvalidParams, "tools/call arguments must be an object");
    }
    args = params.at("arguments");
  }
  if (!ctx.principal.HasScope(tool->scope)) {
    return Error(rpc::kInvalidRequest, "the access token lacks scope " + tool->scope);
  }
  ToolResult result;
  if (Status s = ValidateAgainstSchema(tool->input_schema, args); !s.ok()) {
    result = ToolResult::Fail("invalid arguments: " + s.error().message());
  } else {
    result = tool->handler(ctx, args);
  }
  const bool structured = result.structured.is_object();
  if (result.is_error) {
    const bool quota = structured && result.structured.value("code", "") == "resource_exhausted";
    *outcome = quota ? "quota" : "tool_error";
  } else {
    const bool pending = structured && result.structured.value("status", "") == "pending";
    *outcome = pending ? "suspended" : "ok";
  }
  return Ok(result.ToJson(ctx.protocol_version));
}

Dispatcher::Reply Dispatcher::ReadResource(const Json& params, const CallContext& ctx) const {
  const std::string* uri = credentials::StringMember(params, "uri");
  if (uri == nullptr) return Error(rpc::kInvalidParams, "resources/read needs a uri");
  const ResourceSpec* spec = resources_.Find(*uri);
  if (spec == nullptr) {
    RpcError e{-32002, "Resource not found", {{"uri", uri->substr(0, 512)}}};
    return {nullptr, std::move(e), false};
  }
  if (!ctx.principal.HasScope(spec->scope)) {
    return Error(rpc::kInvalidRequest, "the access token lacks scope " + spec->scope);
  }
  auto content = spec->read(ctx);
  if (!content) {
    if (content.error().code() == ErrorCode::kInternal) {
      log::Error("resource read failed", {{"uri", *uri}, {"error", content.error().ToString()}});
      return Error(rpc::kInternalError, "internal error");
    }
    return Error(rpc::kInternalError, content.error().message());
  }
  return Ok({{"contents", Json::array({{{"uri", spec->uri},
                                        {"mimeType", content->mime_type},
                                        {"text", content->text}}})}});
}

Dispatcher::Reply Dispatcher::GetPrompt(const Json& params) const {
  const std::string* name = credentials::StringMember(params, "name");
  if (name == nullptr) return Error(rpc::kInvalidParams, "prompts/get needs a prompt name");
  const PromptSpec* prompt = prompts_.Find(*name);
  if (prompt == nullptr)
    return Error(rpc::kInvalidParams, "Unknown prompt: " + name->substr(0, 128));
  Json args = Json::object();
  if (params.contains("arguments")) {
    const Json& given = params.at("arguments");
    if (!given.is_object()) return Error(rpc::kInvalidParams, "prompt arguments must be an object");
    for (const auto& [key, value] : given.items()) {
      if (!value.is_string()) return Error(rpc::kInvalidParams, "prompt arguments are strings");
    }
    args = given;
  }
  for (const PromptArgument& a : prompt->arguments) {
    if (a.required && !args.contains(a.name)) {
      return Error(rpc::kInvalidParams, "missing required argument " + a.name);
    }
  }
  return Ok({{"description", prompt->description}, {"messages", prompt->render(args)}});
}

std::string Dispatcher::RequiredScope(const Message& message) const {
  if (message.kind != MessageKind::kRequest) return {};
  if (message.method == "tools/call") {
    const std::string* name = credentials::StringMember(message.params, "name");
    const ToolSpec* tool = name ? tools_.Find(*name) : nullptr;
    return tool ? tool->scope : std::string();
  }
  if (message.method == "resources/read") {
    const std::string* uri = credentials::StringMember(message.params, "uri");
    const ResourceSpec* spec = uri ? resources_.Find(*uri) : nullptr;
    return spec ? spec->scope : std::string();
  }
  return {};
}

}  // namespace signet::mcp
