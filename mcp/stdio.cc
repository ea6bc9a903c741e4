#include "mcp/stdio.h"

#include <string>

#include "base/log.h"

namespace signet::mcp {
namespace {

// ReadLine reads one line of at most kMaxMessageBytes into `line`. Returns false at end of
// input with nothing read; sets `too_long` (and consumes the rest of the line) past the limit.
bool ReadLine(std::istream& in, std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  std::streambuf* buf = in.rdbuf();
  bool any = false;
  for (;;) {
    const int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      return any;
    }
    any = true;
    if (c == '\n') break;
    if (line.size() >= kMaxMessageBytes) {
      too_long = true;
      continue;
    }
    line.push_back(static_cast<char>(c));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

bool WriteLine(std::ostream& out, const std::string& text) {
  out << text << '\n';
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace

Status RunStdio(const Dispatcher& dispatcher, const Principal& principal, std::istream& in,
                std::ostream& out) {
  SessionState session;
  std::string line;
  bool too_long = false;
  while (ReadLine(in, line, too_long)) {
    if (too_long) {
      log::Warn("mcp stdio: message over the size limit skipped");
      if (!WriteLine(out,
                     ErrorResponse(nullptr, {rpc::kParseError, "message too large", nullptr}))) {
        return Unavailable("stdout closed");
      }
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    ParseOutcome parsed = ParseMessage(line);
    std::optional<std::string> response;
    if (parsed.error) {
      response = ErrorResponse(parsed.id, *parsed.error);
    } else {
      response = dispatcher.Handle(*parsed.message, principal, session).response;
    }
    if (response && !WriteLine(out, *response)) return Unavailable("stdout closed");
  }
  return OkStatus();
}

}  // namespace signet::mcp
