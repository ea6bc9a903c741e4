#pragma once

// Services: what the composition root builds once and hands to the route installers. Every
// member outlives the HTTP server. Route installers (AddOpsRoutes, AddVerifyRoutes, ...) take
// what they need from here; nothing below server/ sees this struct.

#include "base/clock.h"
#include "base/worker_pool.h"
#include "server/config.h"
#include "server/metrics.h"
#include "storage/storage.h"
#include "vault/tenants.h"

namespace signet::server {

struct Services {
  const Config& config;
  const Clock& clock;
  WorkerPool& pool;
  Metrics& metrics;
  storage::Storage& storage;
  const vault::Kek& kek;
  vault::TenantRegistry& tenants;
};

}  // namespace signet::server
