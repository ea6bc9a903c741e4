#include "crypto/ecdsa_p256.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include <algorithm>

#include "base/check.h"
#include "crypto/random.h"

namespace signet::crypto {
namespace {

constexpr char kGroupName[] = "prime256v1";

struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct BnDeleter {
  void operator()(BIGNUM* p) const { BN_clear_free(p); }
};
struct SigDeleter {
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
struct GroupDeleter {
  void operator()(EC_GROUP* p) const { EC_GROUP_free(p); }
};
struct PointDeleter {
  void operator()(EC_POINT* p) const { EC_POINT_free(p); }
};
struct ParamBldDeleter {
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
};
struct ParamDeleter {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
using UniquePkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using UniqueBn = std::unique_ptr<BIGNUM, BnDeleter>;

// PkeyFromParams imports an EC key of `selection` (public or key pair) from `params`.
UniquePkey PkeyFromParams(int selection, OSSL_PARAM* params) {
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, selection, params) != 1) {
    return nullptr;
  }
  UniquePkey pkey(raw);
  // fromdata decodes the point; check it explicitly against the curve equation as well.
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> check(
      EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return pkey;
}

// Uncompressed returns 0x04 || x || y.
std::array<uint8_t, 65> Uncompressed(ByteView x, ByteView y) {
  std::array<uint8_t, 65> out{};
  out[0] = 0x04;
  std::copy(x.begin(), x.end(), out.begin() + 1);
  std::copy(y.begin(), y.end(), out.begin() + 33);
  return out;
}

}  // namespace

struct EcdsaP256PublicKey::Handle {
  UniquePkey pkey;
};
struct EcdsaP256PrivateKey::Handle {
  UniquePkey pkey;
};

Result<EcdsaP256PublicKey> EcdsaP256PublicKey::FromCoordinates(ByteView x, ByteView y) {
  if (x.size() != kCoordinateSize || y.size() != kCoordinateSize) {
    return InvalidArgument("p256: invalid public key");
  }
  std::array<uint8_t, 65> point = Uncompressed(x, y);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
                                       const_cast<char*>(kGroupName), 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()),
      OSSL_PARAM_construct_end()};
  UniquePkey pkey = PkeyFromParams(EVP_PKEY_PUBLIC_KEY, params);
  if (!pkey) return InvalidArgument("p256: invalid public key");
  std::array<uint8_t, 32> xa{};
  std::array<uint8_t, 32> ya{};
  std::copy(x.begin(), x.end(), xa.begin());
  std::copy(y.begin(), y.end(), ya.begin());
  auto handle = std::make_shared<Handle>();
  handle->pkey = std::move(pkey);
  return EcdsaP256PublicKey(std::move(handle), xa, ya);
}

Status EcdsaP256PublicKey::Verify(ByteView message, ByteView signature) const {
  const Error invalid = InvalidArgument("invalid signature");
  if (signature.size() != 64) return invalid;
  std::unique_ptr<ECDSA_SIG, SigDeleter> sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(signature.data(), 32, nullptr);
  BIGNUM* s = BN_bin2bn(signature.data() + 32, 32, nullptr);
  if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return invalid;
  }
  uint8_t der[80];
  uint8_t* p = der;
  const int der_len = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (der_len <= 0 || der_len > static_cast<int>(sizeof(der)) || i2d_ECDSA_SIG(sig.get(), &p) != der_len) {
    return invalid;
  }
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> md(EVP_MD_CTX_new());
  if (!md ||
      EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, handle_->pkey.get()) != 1 ||
      EVP_DigestVerify(md.get(), der, static_cast<size_t>(der_len), message.data(),
                       message.size()) != 1) {
    return invalid;
  }
  return OkStatus();
}

Result<EcdsaP256PrivateKey> EcdsaP256PrivateKey::FromScalar(const SecretBytes& d) {
  const Error bad = InvalidArgument("p256: invalid private key");
  if (d.size() != kScalarSize) return bad;
  const SecretAccess access = SecretAccess::Get();
  UniqueBn scalar(BN_secure_new());
  std::unique_ptr<EC_GROUP, GroupDeleter> group(
      EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  if (!scalar || !group) return Internal("p256: openssl allocation failed");
  if (BN_bin2bn(d.Reveal(access).data(), kScalarSize, scalar.get()) == nullptr) return bad;
  if (BN_is_zero(scalar.get()) || BN_cmp(scalar.get(), EC_GROUP_get0_order(group.get())) >= 0) {
    return bad;
  }
  std::unique_ptr<EC_POINT, PointDeleter> point(EC_POINT_new(group.get()));
  std::array<uint8_t, 65> pub{};
  if (!point ||
      EC_POINT_mul(group.get(), point.get(), scalar.get(), nullptr, nullptr, nullptr) != 1 ||
      EC_POINT_point2oct(group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED, pub.data(),
                         pub.size(), nullptr) != pub.size()) {
    return Internal("p256: public key computation failed");
  }
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, kGroupName, 0) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, scalar.get()) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub.data(),
                                       pub.size()) != 1) {
    return Internal("p256: openssl parameter build failed");
  }
  std::unique_ptr<OSSL_PARAM, ParamDeleter> params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (!params) return Internal("p256: openssl parameter build failed");
  UniquePkey pkey = PkeyFromParams(EVP_PKEY_KEYPAIR, params.get());
  if (!pkey) return bad;
  Result<EcdsaP256PublicKey> pk =
      EcdsaP256PublicKey::FromCoordinates(ByteView(pub).subspan(1, 32), ByteView(pub).subspan(33));
  if (!pk) return std::move(pk).error();
  auto handle = std::make_shared<Handle>();
  handle->pkey = std::move(pkey);
  return EcdsaP256PrivateKey(std::move(handle), *std::move(pk));
}

EcdsaP256PrivateKey EcdsaP256PrivateKey::Generate() {
  for (;;) {  // 0 < d < n fails with probability ~2^-32 per draw
    Result<EcdsaP256PrivateKey> key = FromScalar(RandomSecret(kScalarSize));
    if (key) return *std::move(key);
  }
}

Result<EcdsaP256Signature> EcdsaP256PrivateKey::Sign(ByteView message) const {
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> md(EVP_MD_CTX_new());
  uint8_t der[80];
  size_t der_len = sizeof(der);
  if (!md ||
      EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, handle_->pkey.get()) != 1 ||
      EVP_DigestSign(md.get(), der, &der_len, message.data(), message.size()) != 1) {
    return Internal("p256: signing failed");
  }
  const uint8_t* p = der;
  std::unique_ptr<ECDSA_SIG, SigDeleter> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_len)));
  if (!sig) return Internal("p256: signing failed");
  EcdsaP256Signature out{};
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out.data(), 32) != 32 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out.data() + 32, 32) != 32) {
    return Internal("p256: signing failed");
  }
  return out;
}

}  // namespace signet::crypto
