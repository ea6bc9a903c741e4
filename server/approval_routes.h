#pragma once

// The approvals feature in the server (docs/approvals.md): the approval service, the webhook
// client and dispatcher thread, and the routes
//   POST /callbacks/{id}   the approver's signed answer      (api/callbacks.h)
//   GET  /approvals        the owner's pending requests     (RFC 9421 device signature,
//                                                            notify/owner_auth.h)
//   GET  /approvals/{id}   one request
//
//   auto approvals = AddApprovalRoutes(router, services);   // in the composition root
//   approvals->service()                                    // for MCP tools (may be null)
//
// The returned runtime owns everything and must outlive the HTTP server's use of the routes;
// destroying it stops the dispatcher thread and the webhook client. If the settings are invalid
// the error is logged, service() is null (callers must then DENY: fail closed) and the routes
// answer 503.

#include <atomic>
#include <memory>

#include "notify/approvals.h"
#include "notify/dispatcher.h"
#include "notify/owner_auth.h"
#include "server/approval_settings.h"
#include "server/router.h"
#include "server/services.h"

namespace signet::server {

class ApprovalsRuntime {
 public:
  ~ApprovalsRuntime();
  ApprovalsRuntime(const ApprovalsRuntime&) = delete;
  ApprovalsRuntime& operator=(const ApprovalsRuntime&) = delete;

  // service is the approval service, or null if approvals are not available.
  notify::ApprovalService* service() const { return service_.get(); }
  // dispatcher is the outbox dispatcher (null if approvals are not available).
  notify::Dispatcher* dispatcher() const { return dispatcher_.get(); }

  // Start builds the runtime from `settings` (exposed for tests).
  static Result<std::unique_ptr<ApprovalsRuntime>> Start(Services& services,
                                                         ApprovalsSettings settings);

 private:
  ApprovalsRuntime() = default;
  std::unique_ptr<notify::ApprovalService> service_;
  std::unique_ptr<notify::OwnerAuthenticator> owners_;
  std::unique_ptr<WebhookClient> client_;
  std::unique_ptr<notify::Dispatcher> dispatcher_;
  std::unique_ptr<notify::DispatcherThread> thread_;
  std::atomic<notify::DispatcherThread*> waker_{nullptr};

  friend std::unique_ptr<ApprovalsRuntime> AddApprovalRoutes(Router&, Services&);
  friend void RegisterApprovalRoutes(Router&, ApprovalsRuntime*);
};

// AddApprovalRoutes reads the settings (ApprovalsSettingsFor), starts the runtime and registers
// the routes. Never null.
std::unique_ptr<ApprovalsRuntime> AddApprovalRoutes(Router& router, Services& services);

// RegisterApprovalRoutes registers the routes over `runtime` (503 when it has no service).
void RegisterApprovalRoutes(Router& router, ApprovalsRuntime* runtime);

}  // namespace signet::server
