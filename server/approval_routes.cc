#include "server/approval_routes.h"

#include "api/callbacks.h"
#include "api/problem.h"
#include "base/log.h"
#include "notify/owner_auth.h"

namespace signet::server {
namespace {

constexpr size_t kCallbackBodyLimit = size_t{64} << 10;

api::Response NotConfigured() {
  return api::FromError(Unavailable("approvals are not available on this server"));
}

}  // namespace

ApprovalsRuntime::~ApprovalsRuntime() {
  waker_.store(nullptr);
  thread_.reset();                   // no more rounds
  if (client_) client_->Shutdown();  // no more completions
}

Result<std::unique_ptr<ApprovalsRuntime>> ApprovalsRuntime::Start(Services& services,
                                                                  ApprovalsSettings settings) {
  std::unique_ptr<ApprovalsRuntime> rt(new ApprovalsRuntime());
  auto secrets = LoadWebhookSecrets(settings.secret_files);
  if (!secrets) return std::move(secrets).error();
  if (!settings.webhook_url.empty() && secrets->empty()) {
    return InvalidArgument("notify.webhook_url needs notify.secret_files");
  }
  notify::ApprovalOptions options;
  options.public_url = settings.public_url;
  options.webhook_url = settings.webhook_url;
  options.default_ttl = std::min(settings.default_ttl, settings.max_ttl);
  options.max_ttl = settings.max_ttl;
  options.callback_tolerance = settings.callback_tolerance;
  ApprovalsRuntime* raw = rt.get();
  options.on_enqueue = [raw] {
    if (auto* t = raw->waker_.load()) t->Wake();
  };
  auto service = notify::CreateApprovalService(
      {services.storage, services.kek, services.tenants, services.clock}, std::move(options));
  if (!service) return std::move(service).error();
  rt->service_ = std::move(*service);
  rt->owners_ = std::make_unique<notify::OwnerAuthenticator>(services.storage, services.tenants,
                                                             services.clock, settings.public_url);
  auto client = WebhookClient::Create(settings.client);
  if (!client) return std::move(client).error();
  rt->client_ = std::move(*client);
  auto dispatcher = notify::Dispatcher::Create(services.storage.state(), services.kek,
                                               services.clock, *rt->client_, std::move(*secrets),
                                               settings.dispatch, rt->service_.get());
  if (!dispatcher) return std::move(dispatcher).error();
  rt->dispatcher_ = std::move(*dispatcher);
  rt->thread_ = std::make_unique<notify::DispatcherThread>(*rt->dispatcher_);
  rt->waker_.store(rt->thread_.get());
  return rt;
}

void RegisterApprovalRoutes(Router& router, ApprovalsRuntime* rt) {
  notify::ApprovalService* service = rt != nullptr ? rt->service_.get() : nullptr;
  const notify::OwnerAuthenticator* owners = rt != nullptr ? rt->owners_.get() : nullptr;
  router.Add("POST", "/callbacks/{id}",
             [service](const api::Request& req) {
               return service ? api::HandleApprovalCallback(req, *service) : NotConfigured();
             },
             {.max_body_bytes = kCallbackBodyLimit});
  router.Add("GET", "/approvals", [service, owners](const api::Request& req) {
    return service ? api::HandleListApprovals(req, *service, *owners) : NotConfigured();
  });
  router.Add("GET", "/approvals/{id}", [service, owners](const api::Request& req) {
    return service ? api::HandleGetApproval(req, *service, *owners) : NotConfigured();
  });
}

std::unique_ptr<ApprovalsRuntime> AddApprovalRoutes(Router& router, Services& services) {
  auto settings = ApprovalsSettingsFor(services.config);
  Result<std::unique_ptr<ApprovalsRuntime>> rt =
      settings ? ApprovalsRuntime::Start(services, std::move(*settings))
               : Result<std::unique_ptr<ApprovalsRuntime>>(settings.error());
  if (!rt) {
    log::Error("approvals are disabled: invalid settings", {{"error", rt.error().message()}});
    std::unique_ptr<ApprovalsRuntime> empty(new ApprovalsRuntime());
    RegisterApprovalRoutes(router, empty.get());
    return empty;
  }
  RegisterApprovalRoutes(router, rt->get());
  log::Info("approvals ready");
  return std::move(*rt);
}

}  // namespace signet::server
