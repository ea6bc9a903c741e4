#include "server/mcp_stdio.h"

#include <sys/prctl.h>

#include <csignal>
#include <iostream>

#include "base/clock.h"
#include "base/log.h"
#include "mcp/stdio.h"
#include "server/mcp_stack.h"
#include "server/storage_factory.h"
#include "vault/tenants.h"

namespace signet::server {

Status ServeMcpStdio(const Config& config) {
  log::SetLevel(config.log.level);
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);  // a core dump would hold key material
  std::signal(SIGPIPE, SIG_IGN);
  auto storage = OpenStorage(config);
  if (!storage) return std::move(storage).error();
  auto kek = vault::Kek::Load(KekPath(config));
  if (!kek) return kek.error().WithContext("the server KEK (run `signet init` first)");
  vault::TenantRegistry tenants((*storage)->state(), *kek, SystemClock::Default());
  auto stack = McpStack::Create(config, **storage, tenants, SystemClock::Default());
  if (!stack) return std::move(stack).error();
  auto principal = (*stack)->LocalPrincipal();
  if (!principal) return std::move(principal).error();
  log::Info("signet MCP stdio transport ready", {{"tenant", principal->tenant.value()}});
  Status s = mcp::RunStdio((*stack)->dispatcher(), *principal, std::cin, std::cout);
  log::Info("signet MCP stdio transport stopped");
  return s;
}

}  // namespace signet::server
