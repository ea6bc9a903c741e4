#pragma once

// Tenant lifecycle routes (api/tenant_lifecycle.h): POST /tenants, POST
// /tenants/{tenant}/suspend|resume, GET /tenants/{tenant}/export, DELETE /tenants/{tenant}.
// Sign-up follows config tenants.signup (closed by default).

#include "server/router.h"
#include "server/services.h"

namespace signet::server {

// AddTenantRoutes registers the routes; the handlers share state that lives as long as they do.
void AddTenantRoutes(Router& router, Services& services);

}  // namespace signet::server
