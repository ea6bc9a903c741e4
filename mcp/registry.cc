#include "mcp/registry.h"

#include "base/check.h"
#include "mcp/schema.h"

namespace signet::mcp {
namespace {

bool ValidToolName(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

ToolResult ToolResult::Ok(Json structured, std::string text) {
  return {std::move(structured), std::move(text), false};
}

ToolResult ToolResult::Fail(std::string message, Json structured) {
  return {std::move(structured), std::move(message), true};
}

Json ToolResult::ToJson(std::string_view protocol_version) const {
  const std::string body = text.empty() ? Dump(structured) : text;
  Json out = {{"content", Json::array({{{"type", "text"}, {"text", body}}})},
              {"isError", is_error}};
  if (structured.is_object() && protocol_version != "2025-03-26") {
    out["structuredContent"] = structured;
  }
  return out;
}

void ToolRegistry::Add(ToolSpec spec) {
  CHECK(ValidToolName(spec.name)) << "bad tool name " << spec.name;
  CHECK(Find(spec.name) == nullptr) << "duplicate tool " << spec.name;
  CHECK(spec.handler != nullptr) << "tool without handler " << spec.name;
  std::string problem;
  CHECK(SchemaUsesOnlySupportedKeywords(spec.input_schema, &problem))
      << spec.name << ": " << problem;
  tools_.push_back(std::move(spec));
}

const ToolSpec* ToolRegistry::Find(std::string_view name) const {
  for (const ToolSpec& t : tools_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

Json ToolRegistry::ListJson() const {
  Json tools = Json::array();
  for (const ToolSpec& t : tools_) {
    tools.push_back({{"name", t.name},
                     {"title", t.title},
                     {"description", t.description},
                     {"inputSchema", t.input_schema},
                     {"annotations", t.annotations}});
  }
  return {{"tools", std::move(tools)}};
}

void ResourceRegistry::Add(ResourceSpec spec) {
  CHECK(Find(spec.uri) == nullptr) << "duplicate resource " << spec.uri;
  CHECK(spec.read != nullptr) << "resource without reader " << spec.uri;
  resources_.push_back(std::move(spec));
}

const ResourceSpec* ResourceRegistry::Find(std::string_view uri) const {
  for (const ResourceSpec& r : resources_) {
    if (r.uri == uri) return &r;
  }
  return nullptr;
}

Json ResourceRegistry::ListJson() const {
  Json list = Json::array();
  for (const ResourceSpec& r : resources_) {
    list.push_back({{"uri", r.uri},
                    {"name", r.name},
                    {"title", r.title},
                    {"description", r.description},
                    {"mimeType", r.mime_type}});
  }
  return {{"resources", std::move(list)}};
}

void PromptRegistry::Add(PromptSpec spec) {
  CHECK(Find(spec.name) == nullptr) << "duplicate prompt " << spec.name;
  CHECK(spec.render != nullptr) << "prompt without renderer " << spec.name;
  prompts_.push_back(std::move(spec));
}

const PromptSpec* PromptRegistry::Find(std::string_view name) const {
  for (const PromptSpec& p : prompts_) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

Json PromptRegistry::ListJson() const {
  Json list = Json::array();
  for (const PromptSpec& p : prompts_) {
    Json args = Json::array();
    for (const PromptArgument& a : p.arguments) {
      args.push_back({{"name", a.name}, {"description", a.description}, {"required", a.required}});
    }
    list.push_back({{"name", p.name},
                    {"title", p.title},
                    {"description", p.description},
                    {"arguments", std::move(args)}});
  }
  return {{"prompts", std::move(list)}};
}

Json TextMessage(std::string_view role, std::string text) {
  return {{"role", role}, {"content", {{"type", "text"}, {"text", std::move(text)}}}};
}

}  // namespace signet::mcp
