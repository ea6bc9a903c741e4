// The approvals HTTP handlers: status codes and bodies for answers and owner listings.

#include "api/callbacks.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "notify/approver.h"
#include "notify/notify_test_util.h"
#include "notify/payload.h"

namespace signet::api {
namespace {

using nlohmann::json;
using notify::testing::Header;
using notify::testing::Report;

class ApprovalHandlersTest : public ::testing::Test, public notify::testing::VaultFixture {
 protected:
  void SetUp() override {
    notify::ApprovalOptions o;
    o.public_url = "https://signet.example";
    service_ = notify::CreateApprovalService({*storage_, kek_, tenants_, clock_}, o).value();
    notify::ApprovalRequest req{tenant_,
                                Report("identity.birthdate", policy::Tier::k2),
                                {{"birthdate", 0, 2, ""}, {"address", 0, 2, ""}},
                                std::nullopt};
    id_ = service_->Submit(req).value().id;
    payload_ = notify::ParsePayload(service_->Payload(tenant_, id_).value()).value();
  }

  Request Callback(const notify::CallbackBody& body) {
    const notify::HttpCall call =
        notify::SignCallback(payload_, body, clock_.UnixSeconds()).value();
    Request r;
    r.method = "POST";
    r.path = r.target = "/callbacks/" + id_;
    r.path_params["id"] = id_;
    for (const auto& [k, v] : call.headers) r.headers.Add(k, v);
    r.body = call.body;
    return r;
  }

  Request OwnerGet(const std::string& target) {
    Request r;
    r.method = "GET";
    r.target = target;
    r.path = target.substr(0, target.find('?'));
    if (target.find('?') != std::string::npos) r.query = target.substr(target.find('?') + 1);
    auto signature = notify::SignOwnerRequest(
        device_, tenant_, "GET", "https://signet.example" + target, "", clock_.UnixSeconds());
    for (auto& [name, value] : signature.value()) r.headers.Add(name, value);
    return r;
  }

  notify::CallbackBody Body(notify::CallbackDecision d, std::vector<std::string> scope = {}) {
    return {id_, d, std::move(scope), "", false, std::nullopt};
  }

  std::unique_ptr<notify::ApprovalService> service_;
  notify::OwnerAuthenticator owners_{*storage_, tenants_, clock_, "https://signet.example"};
  std::string id_;
  notify::ApprovalPayload payload_;
};

TEST_F(ApprovalHandlersTest, AcceptsASignedAnswer) {
  Response r =
      HandleApprovalCallback(Callback(Body(notify::CallbackDecision::kApprove)), *service_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  EXPECT_EQ(j["status"]["state"], "approved");
  EXPECT_EQ(j["status"]["granted"].size(), 2u);
}

TEST_F(ApprovalHandlersTest, MapsFailuresToProblems) {
  Request ok = Callback(Body(notify::CallbackDecision::kDeny));
  Request text = ok;
  text.headers.Set("Content-Type", "text/plain");
  EXPECT_EQ(HandleApprovalCallback(text, *service_).status, 415);
  Request missing = ok;
  missing.headers.Set("webhook-signature", "");
  missing.headers = Headers();
  missing.headers.Add("Content-Type", "application/json");
  EXPECT_EQ(HandleApprovalCallback(missing, *service_).status, 401);
  Request doubled = ok;
  doubled.headers.Add("webhook-id", "again");
  EXPECT_EQ(HandleApprovalCallback(doubled, *service_).status, 401);
  Request forged = ok;
  forged.body += " ";
  Response f = HandleApprovalCallback(forged, *service_);
  EXPECT_EQ(f.status, 401);
  EXPECT_EQ(f.headers.Get("Content-Type"), "application/problem+json");
  Request unknown = ok;
  unknown.path_params["id"] = "apr_00000000000000000000000000000000";
  EXPECT_EQ(HandleApprovalCallback(unknown, *service_).status, 404);
  Response escalate = HandleApprovalCallback(
      Callback(Body(notify::CallbackDecision::kModify, {"passport#0"})), *service_);
  EXPECT_EQ(escalate.status, 403);
  EXPECT_EQ(HandleApprovalCallback(ok, *service_).status, 200);
  EXPECT_EQ(HandleApprovalCallback(ok, *service_).status, 409);  // replay
  Response again =
      HandleApprovalCallback(Callback(Body(notify::CallbackDecision::kApprove)), *service_);
  EXPECT_EQ(again.status, 409);  // already decided
}

TEST_F(ApprovalHandlersTest, ListsPendingRequestsForTheAuthenticatedOwner) {
  Request anonymous;
  anonymous.method = "GET";
  anonymous.target = anonymous.path = "/approvals";
  Response denied = HandleListApprovals(anonymous, *service_, owners_);
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(denied.headers.Get("WWW-Authenticate"), "Signature tag=\"signet-owner\"");
  EXPECT_EQ(denied.headers.Get("Accept-Signature"),
            "sig1=(\"@method\" \"@target-uri\");alg=\"ed25519\";tag=\"signet-owner\"");
  // A signature made for another server (public base URL) is refused.
  Request elsewhere = OwnerGet("/approvals");
  notify::OwnerAuthenticator other{*storage_, tenants_, clock_, "https://other.example"};
  EXPECT_EQ(HandleListApprovals(elsewhere, *service_, other).status, 401);
  Response r = HandleListApprovals(OwnerGet("/approvals?limit=5"), *service_, owners_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  ASSERT_EQ(j["approvals"].size(), 1u);
  EXPECT_EQ(j["approvals"][0]["status"]["id"], id_);
  EXPECT_EQ(j["approvals"][0]["payload"]["data"]["request_id"], id_);
  EXPECT_EQ(HandleListApprovals(OwnerGet("/approvals?limit=x"), *service_, owners_).status, 400);
  EXPECT_EQ(HandleListApprovals(OwnerGet("/approvals?limit=0"), *service_, owners_).status, 400);
}

TEST_F(ApprovalHandlersTest, ShowsOneRequestAndDropsThePayloadOnceDecided) {
  Request get = OwnerGet("/approvals/" + id_);
  get.path_params["id"] = id_;
  Response r = HandleGetApproval(get, *service_, owners_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(json::parse(r.body).contains("payload"));
  ASSERT_EQ(
      HandleApprovalCallback(Callback(Body(notify::CallbackDecision::kDeny)), *service_).status,
      200);
  Request again = OwnerGet("/approvals/" + id_);
  again.path_params["id"] = id_;
  const json after = json::parse(HandleGetApproval(again, *service_, owners_).body);
  EXPECT_EQ(after["status"]["state"], "denied");
  EXPECT_FALSE(after.contains("payload"));
}

}  // namespace
}  // namespace signet::api
