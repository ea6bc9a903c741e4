#include "server/tenant_routes.h"

#include <memory>

#include "api/tenant_lifecycle.h"
#include "base/log.h"

namespace signet::server {
namespace {

// TenantApi is what the handlers share.
struct TenantApi {
  std::unique_ptr<notify::OwnerAuthenticator> owners;
  std::unique_ptr<api::TenantLifecycle> lifecycle;
};

}  // namespace

void AddTenantRoutes(Router& router, Services& services) {
  auto shared = std::make_shared<TenantApi>();
  shared->owners = std::make_unique<notify::OwnerAuthenticator>(
      services.storage, services.tenants, services.clock, PublicBaseUrl(services.config));
  // Config validation accepts only the three names.
  const api::TenantSignup signup =
      api::ParseTenantSignup(services.config.tenants.signup).value_or(api::TenantSignup::kClosed);
  shared->lifecycle = std::make_unique<api::TenantLifecycle>(
      services.storage, services.tenants, *shared->owners, services.clock, signup,
      PublicBaseUrl(services.config));
  const RouteOptions small{.max_body_bytes = 8 * 1024};
  router.Add(
      "POST", "/tenants", [shared](const api::Request& r) { return shared->lifecycle->Register(r); },
      small);
  router.Add(
      "POST", "/tenants/{tenant}/suspend",
      [shared](const api::Request& r) { return shared->lifecycle->Suspend(r); }, small);
  router.Add(
      "POST", "/tenants/{tenant}/resume",
      [shared](const api::Request& r) { return shared->lifecycle->Resume(r); }, small);
  router.Add(
      "POST", "/tenants/{tenant}/pairing-codes",
      [shared](const api::Request& r) { return shared->lifecycle->PairAgent(r); }, small);
  router.Add(
      "POST", "/tenants/{tenant}/authorizations",
      [shared](const api::Request& r) { return shared->lifecycle->ApproveAgent(r); }, small);
  router.Add("GET", "/tenants/{tenant}/export",
             [shared](const api::Request& r) { return shared->lifecycle->Export(r); });
  router.Add(
      "DELETE", "/tenants/{tenant}",
      [shared](const api::Request& r) { return shared->lifecycle->Delete(r); }, small);
  if (signup == api::TenantSignup::kOpen) {
    log::Warn("tenant sign-up is OPEN (tenants.signup: open): anyone who reaches POST /tenants "
              "can create a vault on this server");
  }
}

}  // namespace signet::server
