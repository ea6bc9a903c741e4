#include "server/app.h"

#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <condition_variable>
#include <csignal>
#include <mutex>
#include <filesystem>
#include <thread>

#include "api/ops.h"
#include "base/allocator.h"
#include "base/log.h"
#include "base/worker_pool.h"
#include "server/approval_routes.h"
#include "server/build_info.h"
#include "server/credential_routes.h"
#include "server/http_server.h"
#include "server/mcp_routes.h"
#include "server/metrics.h"
#include "server/operator_metrics.h"
#include "server/request_limits.h"
#include "server/router.h"
#include "server/services.h"
#include "server/storage_factory.h"
#include "server/storage_metrics.h"
#include "server/tenant_routes.h"
#include "vault/tenants.h"

namespace signet::server {
namespace {

unsigned Cores() { return std::max(1U, std::thread::hardware_concurrency()); }

// PrepareDataDir creates the data directory (0700) if needed and checks it is writable.
Status PrepareDataDir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Unavailable("cannot create data_dir '" + dir + "': " + ec.message());
  ::chmod(dir.c_str(), 0700);
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    return Unavailable("data_dir '" + dir + "' is not writable");
  }
  return OkStatus();
}

// Maintenance runs periodic housekeeping on its own thread: expired state entries every minute,
// orphaned blobs (older than an hour, unreferenced) every hour. Stops promptly on destruction.
class Maintenance {
 public:
  explicit Maintenance(storage::Storage& storage) : storage_(storage) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~Maintenance() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Maintenance(const Maintenance&) = delete;
  Maintenance& operator=(const Maintenance&) = delete;

 private:
  void Loop() {
    int minutes = 0;
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::minutes(1), [this] { return stop_; })) {
      lock.unlock();
      if (auto purged = storage_.state().PurgeExpired(); !purged) {
        log::Warn("purging expired state failed", {{"error", purged.error().message()}});
      }
      if (++minutes % 60 == 0) {
        auto swept = storage_.records().SweepOrphanBlobs(std::chrono::hours(1));
        if (swept) {
          log::Info("orphan blob sweep", {{"examined", swept->examined}, {"deleted", swept->deleted}});
        } else {
          log::Warn("orphan blob sweep failed", {{"error", swept.error().message()}});
        }
      }
      lock.lock();
    }
  }

  storage::Storage& storage_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// AddOpsRoutes registers /healthz, /readyz and /metrics.
void AddOpsRoutes(Router& router, Metrics& metrics, std::vector<api::ReadinessCheck> checks) {
  router.Add("GET", "/healthz", api::Healthz, {.inline_handler = true, .quiet = true});
  router.Add(
      "GET", "/readyz", [checks = std::move(checks)](const api::Request&) {
        return api::Readyz(checks);
      },
      {.quiet = true});
  router.Add(
      "GET", "/metrics",
      [&metrics](const api::Request&) {
        return api::Response::Text(200, metrics.Render(),
                                   "text/plain; version=0.0.4; charset=utf-8");
      },
      {.inline_handler = true, .quiet = true});
}

}  // namespace

BuildInfo GetBuildInfo() { return {SIGNET_VERSION, SIGNET_GIT_COMMIT}; }

Status Serve(const Config& config) {
  log::SetLevel(config.log.level);
  // No core dumps: a dump of this process would contain key material.
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  std::signal(SIGPIPE, SIG_IGN);

  if (Status s = PrepareDataDir(config.data_dir); !s.ok()) return s;

  const unsigned io_threads = config.server.io_threads ? config.server.io_threads : Cores();
  // Workers mostly wait on storage (fsync of the audit append, Postgres and S3 round trips),
  // so the default pool is sized for that concurrency rather than for the cores.
  const unsigned workers =
      config.server.worker_threads ? config.server.worker_threads : std::max(32U, 4 * Cores());
  WorkerPool pool(workers, config.server.worker_queue);
  // cpu_bound routes (/verify). More threads than cores: on 2 cores, 16 threads took ~8 % less
  // CPU per /verify than 4 (docs/PERFORMANCE.md), the verifications of more requests in flight
  // letting the I/O threads and the kernel work in larger batches.
  const unsigned compute_threads = config.server.compute_threads
                                       ? config.server.compute_threads
                                       : std::max(16U, 2 * Cores());
  // Its workers spin briefly before sleeping: verifications arrive back to back (WorkerPool::Idle).
  WorkerPool compute(compute_threads, config.server.worker_queue,
                     WorkerPool::Idle::kSpinThenSleep);
  Metrics metrics(SIGNET_VERSION, SIGNET_GIT_COMMIT);

  auto storage = OpenStorage(config);
  if (!storage) return std::move(storage).error();
  *storage = InstrumentStorage(std::move(*storage), metrics);
  auto kek = vault::Kek::LoadOrCreate(KekPath(config));
  if (!kek) return std::move(kek).error();
  vault::TenantRegistry tenants((*storage)->state(), *kek, SystemClock::Default());
  Services services{config, SystemClock::Default(), pool, metrics, **storage, *kek, tenants};
  Maintenance maintenance(**storage);
  TenantsGauge tenants_gauge(tenants, metrics);

  std::vector<api::ReadinessCheck> checks;
  checks.push_back({"data_dir", [dir = config.data_dir] {
                      if (::access(dir.c_str(), W_OK | X_OK) != 0) {
                        return Status(Unavailable("data_dir is not writable"));
                      }
                      return OkStatus();
                    }});
  checks.push_back({"storage", [&services] { return services.storage.Ping(); }});
  Router router;
  AddOpsRoutes(router, metrics, std::move(checks));
  // Feature routes. Each installer lives in its own server/*_routes.cc file.
  if (Status s = AddCredentialRoutes(router, services); !s.ok()) return s;
  auto approvals = AddApprovalRoutes(router, services);  // lives until Serve returns
  if (Status s = AddMcpRoutes(router, services, approvals->service()); !s.ok()) return s;
  AddTenantRoutes(router, services);
  AddWebhookMetrics(metrics, approvals->dispatcher());
  ApplyRequestLimits(router,
                     std::make_shared<RequestLimits>(config.limits, services.storage.state(),
                                                     services.clock, config.mcp.session_ttl,
                                                     metrics),
                     config.limits);

  HttpServerOptions opt;
  opt.listen = {config.server.listen};
  opt.io_threads = io_threads;
  opt.limits = config.server.limits;
  opt.timeouts = config.server.timeouts;
  opt.trusted_proxies = config.server.trusted_proxies;
  opt.tls = config.server.tls;
  opt.access_log = config.log.access;
  auto server = HttpServer::Create(std::move(opt), router, pool, metrics, &compute);
  if (!server) return std::move(server).error();

  log::Info("signet starting", {{"version", SIGNET_VERSION},
                                {"commit", SIGNET_GIT_COMMIT},
                                {"data_dir", config.data_dir},
                                {"storage", config.storage.kind},
                                {"worker_threads", workers},
                                {"compute_threads", compute_threads},
                                {"allocator", AllocatorName()}});
  (*server)->Run();
  pool.Shutdown();  // drain before the server (and its io_context) goes away
  compute.Shutdown();
  log::Info("signet stopped");
  return OkStatus();
}

}  // namespace signet::server
