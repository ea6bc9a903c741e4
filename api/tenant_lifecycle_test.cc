// The tenant lifecycle API: sign-up under each policy, owner-signed suspend / resume / export /
// delete, and the refusals (another tenant's signature, replays, malformed bodies).

#include "api/tenant_lifecycle.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/encoding.h"
#include "crypto/random.h"
#include "crypto/secret_bytes.h"
#include "notify/owner_auth.h"
#include "storage/memory/memory_storage.h"
#include "vault/holder.h"
#include "vault/keys.h"
#include "vault/vault.h"

namespace signet::api {
namespace {

using nlohmann::json;

const std::string kBase = "https://signet.example";

// Owner is a vault created on the owner's machine: its root stays there.
struct Owner {
  vault::RootKey root = vault::RootKey::FromMnemonic(crypto::Bip39Mnemonic::Generate(),
                                                     crypto::SecretBytes())
                            .value();
  vault::DeviceKeys device = vault::DeviceKeys::Generate("laptop");
  TenantId tenant = vault::TenantIdFor(root.DeriveDelegatedKeyring().identity().public_key());

  json SignUp() const {
    const crypto::SecretBytes k =
        root.DeriveDelegatedKeyring().Serialize(crypto::SecretAccess::Get());
    return {{"keyring", Base64UrlEncode(k.Reveal(crypto::SecretAccess::Get()))},
            {"device",
             {{"id", device.id},
              {"name", device.name},
              {"ed25519_public", HexEncode(device.signing.public_key().bytes())},
              {"x25519_public", HexEncode(device.agreement.public_key().bytes())}}}};
  }
};

class TenantLifecycleTest : public ::testing::Test {
 protected:
  TenantLifecycle Api(TenantSignup signup) {
    return TenantLifecycle(*storage_, tenants_, owners_, clock_, signup, kBase);
  }

  static Request Post(const json& body) {
    Request r;
    r.method = "POST";
    r.path = r.target = "/tenants";
    r.headers.Add("Content-Type", "application/json");
    r.body = body.dump();
    return r;
  }

  // Signed builds an owner request for `path_tenant`, signed by `owner`'s device.
  Request Signed(const Owner& owner, std::string method, const std::string& suffix,
                 const TenantId& path_tenant) {
    Request r;
    r.method = std::move(method);
    r.path = r.target = "/tenants/" + path_tenant.value() + suffix;
    r.path_params["tenant"] = path_tenant.value();
    auto signature = notify::SignOwnerRequest(owner.device, owner.tenant, r.method,
                                              kBase + r.target, "", clock_.UnixSeconds());
    for (auto& [name, value] : signature.value()) r.headers.Add(name, value);
    return r;
  }

  FakeClock clock_;
  std::unique_ptr<storage::Storage> storage_ = storage::memory::CreateMemoryStorage();
  vault::Kek kek_ = vault::Kek::FromBytesForTesting(crypto::RandomSecret(32));
  vault::TenantRegistry tenants_{storage_->state(), kek_, clock_};
  notify::OwnerAuthenticator owners_{*storage_, tenants_, clock_, kBase};
};

TEST_F(TenantLifecycleTest, OpenSignUpRegistersTheSealedKeyringAndTheDevice) {
  Owner owner;
  TenantLifecycle api = Api(TenantSignup::kOpen);
  Response r = api.Register(Post(owner.SignUp()));
  ASSERT_EQ(r.status, 201) << r.body;
  const json out = json::parse(r.body);
  EXPECT_EQ(out["tenant"], owner.tenant.value());
  EXPECT_EQ(out["issuer"], "https://signet.example/t/" + owner.tenant.value());
  auto keyring = tenants_.Open(owner.tenant);
  ASSERT_TRUE(keyring);
  vault::Vault v(*storage_, *keyring, clock_);
  auto index = v.ReadIndex();
  ASSERT_TRUE(index);
  ASSERT_EQ(index->devices.size(), 1u);
  EXPECT_EQ(index->devices[0].id, owner.device.id);
  EXPECT_EQ(api.Register(Post(owner.SignUp())).status, 409);
}

TEST_F(TenantLifecycleTest, ClosedAndInviteSignUpRefuseStrangers) {
  Owner owner;
  EXPECT_EQ(Api(TenantSignup::kClosed).Register(Post(owner.SignUp())).status, 403);
  TenantLifecycle api = Api(TenantSignup::kInvite);
  EXPECT_EQ(api.Register(Post(owner.SignUp())).status, 403);
  json body = owner.SignUp();
  body["invite"] = "inv_guessed";
  EXPECT_EQ(api.Register(Post(body)).status, 403);
  body["invite"] = CreateInvite(storage_->state(), std::chrono::hours(1)).value();
  ASSERT_EQ(api.Register(Post(body)).status, 201);
  Owner second;
  json again = second.SignUp();
  again["invite"] = body["invite"];  // single use
  EXPECT_EQ(api.Register(Post(again)).status, 403);
  EXPECT_EQ(tenants_.List()->size(), 1u);
}

TEST_F(TenantLifecycleTest, MalformedSignUpsAreRefusedAndLeaveNothing) {
  Owner owner;
  TenantLifecycle api = Api(TenantSignup::kOpen);
  const std::vector<std::function<void(json&)>> edits = {
      [](json& b) { b["keyring"] = "AAAA"; },
      [](json& b) { b["keyring"] = "***"; },
      [](json& b) { b.erase("keyring"); },
      [](json& b) { b.erase("device"); },
      [](json& b) { b["device"]["ed25519_public"] = "zz"; },
      [](json& b) { b["device"]["name"] = std::string(65, 'n'); },
      [](json& b) { b = json::array(); },
  };
  for (size_t i = 0; i < edits.size(); ++i) {
    json b = owner.SignUp();
    edits[i](b);
    EXPECT_EQ(api.Register(Post(b)).status, 400) << i;
  }
  Request dup = Post(owner.SignUp());
  dup.body.insert(1, "\"invite\":\"a\",\"invite\":\"b\",");
  EXPECT_EQ(api.Register(dup).status, 400);
  EXPECT_TRUE(tenants_.List()->empty());
}

TEST_F(TenantLifecycleTest, TheOwnerSuspendsResumesExportsAndDeletes) {
  Owner owner;
  TenantLifecycle api = Api(TenantSignup::kOpen);
  ASSERT_EQ(api.Register(Post(owner.SignUp())).status, 201);
  auto keyring = tenants_.Open(owner.tenant);
  ASSERT_TRUE(keyring);
  vault::Vault v(*storage_, *keyring, clock_);
  ASSERT_TRUE(v.Store({"email", std::nullopt, false, std::nullopt, ToBytes("ada@example.org")}));

  ASSERT_EQ(api.Suspend(Signed(owner, "POST", "/suspend", owner.tenant)).status, 200);
  EXPECT_EQ(tenants_.Open(owner.tenant).error().code(), ErrorCode::kPermissionDenied);
  Response exported = api.Export(Signed(owner, "GET", "/export", owner.tenant));
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_EQ(exported.body.find("ada@example.org"), std::string::npos);  // ciphertexts only
  const json e = json::parse(exported.body);
  EXPECT_EQ(e["format"], "signet-export/v1");
  EXPECT_EQ(e["records"].size(), 1u);
  EXPECT_FALSE(e["index"].is_null());
  EXPECT_GE(e["audit"].size(), 3u);
  EXPECT_EQ(api.PairAgent(Signed(owner, "POST", "/pairing-codes", owner.tenant)).status, 403);
  ASSERT_EQ(api.Resume(Signed(owner, "POST", "/resume", owner.tenant)).status, 200);
  Response paired = api.PairAgent(Signed(owner, "POST", "/pairing-codes", owner.tenant));
  ASSERT_EQ(paired.status, 201) << paired.body;
  EXPECT_EQ(json::parse(paired.body)["agent"], "agent:mcp");
  EXPECT_TRUE(tenants_.Open(owner.tenant));

  Response deleted = api.Delete(Signed(owner, "DELETE", "", owner.tenant));
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(json::parse(deleted.body)["records"], 1);
  EXPECT_EQ(tenants_.Open(owner.tenant).error().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(*storage_->records().Get(keyring->Address("email", 0)));
}

TEST_F(TenantLifecycleTest, NoTenantActsOnAnother) {
  Owner alice, mallory;
  TenantLifecycle api = Api(TenantSignup::kOpen);
  ASSERT_EQ(api.Register(Post(alice.SignUp())).status, 201);
  ASSERT_EQ(api.Register(Post(mallory.SignUp())).status, 201);
  // Mallory signs correctly for herself but names Alice's tenant in the path.
  EXPECT_EQ(api.Delete(Signed(mallory, "DELETE", "", alice.tenant)).status, 403);
  EXPECT_EQ(api.Export(Signed(mallory, "GET", "/export", alice.tenant)).status, 403);
  EXPECT_EQ(api.Suspend(Signed(mallory, "POST", "/suspend", alice.tenant)).status, 403);
  EXPECT_EQ(api.PairAgent(Signed(mallory, "POST", "/pairing-codes", alice.tenant)).status, 403);
  // No signature, or a replayed one.
  Request unsigned_req = Signed(alice, "DELETE", "", alice.tenant);
  unsigned_req.headers = {};
  Response refused = api.Delete(unsigned_req);
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.headers.Get("WWW-Authenticate"), "Signature tag=\"signet-owner\"");
  EXPECT_EQ(refused.headers.Get("Accept-Signature"),
            "sig1=(\"@method\" \"@target-uri\" \"content-digest\");alg=\"ed25519\";"
            "tag=\"signet-owner\"");
  EXPECT_EQ(json::parse(refused.body)["detail"], "invalid owner signature");
  // A signature for Alice's suspend, replayed against her delete: another method and target.
  Request moved = Signed(alice, "POST", "/suspend", alice.tenant);
  moved.method = "DELETE";
  moved.target = moved.path = "/tenants/" + alice.tenant.value();
  EXPECT_EQ(api.Delete(moved).status, 401);
  Request once = Signed(alice, "POST", "/suspend", alice.tenant);
  EXPECT_EQ(api.Suspend(once).status, 200);
  EXPECT_EQ(api.Suspend(once).status, 401);
  EXPECT_TRUE(tenants_.OpenForOwner(alice.tenant));
  EXPECT_TRUE(tenants_.Open(mallory.tenant));
}

}  // namespace
}  // namespace signet::api
