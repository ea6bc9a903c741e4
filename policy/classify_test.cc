// Model names, domain normalisation and label-safe matching, the domain -> role table, and actor
// classification by the four methods.

#include "policy/classify.h"

#include <gtest/gtest.h>

#include "policy/domain.h"
#include "policy/engine.h"
#include "policy/rules_json.h"

namespace signet::policy {
namespace {

TEST(ModelTest, NamesRoundTripAndUnknownNamesAreRejected) {
  for (int i = 0; i < kRoleCount; ++i) EXPECT_EQ(ParseRole(RoleName(Role(i))), Role(i));
  for (int i = 0; i < kOperationCount; ++i) {
    EXPECT_EQ(ParseOperation(OperationName(Operation(i))), Operation(i));
  }
  for (int i = 0; i < kCategoryCount; ++i) {
    EXPECT_EQ(ParseCategory(CategoryName(DataCategory(i))), DataCategory(i));
  }
  for (int i = 0; i < kMethodCount; ++i) {
    EXPECT_EQ(ParseMethod(MethodName(ClassificationMethod(i))), ClassificationMethod(i));
  }
  EXPECT_FALSE(ParseRole("Public"));
  EXPECT_EQ(RoleName(Role(17)), "invalid");
  EXPECT_TRUE(Role::kPublic < Role::kCommerce && Role::kCommerce < Role::kFinancial &&
              Role::kFinancial < Role::kMedical && Role::kMedical < Role::kIdentity &&
              Role::kIdentity < Role::kTrustedAgent);
}

TEST(ModelTest, AttributesAndTheirCategories) {
  EXPECT_TRUE(ValidAttribute("medical.blood_type"));
  EXPECT_TRUE(ValidAttribute("x"));
  for (const char* bad : {"", ".a", "a.", "a..b", "A.b", "a b", "a.*", "a/b"}) {
    EXPECT_FALSE(ValidAttribute(bad)) << bad;
  }
  EXPECT_FALSE(ValidAttribute(std::string(kMaxAttributeBytes + 1, 'a')));
  EXPECT_EQ(CategoryFromAttribute("medical.blood_type"), DataCategory::kMedical);
  EXPECT_EQ(CategoryFromAttribute("identity"), DataCategory::kIdentity);
  EXPECT_FALSE(CategoryFromAttribute("medicalx.y"));
  EXPECT_EQ(HomeRole(DataCategory::kFinancial), Role::kFinancial);
}

TEST(DomainTest, NormalisesCaseAndTrailingDotAndRejectsNonAscii) {
  EXPECT_EQ(NormalizeDomain("Shop.EXAMPLE.").value(), "shop.example");
  EXPECT_EQ(NormalizeDomain("xn--bcher-kva.example").value(), "xn--bcher-kva.example");
  EXPECT_EQ(NormalizeDomain("b\xc3\xbc"
                            "cher.example")
                .error()
                .message(),
            "domain is not ASCII (use the A-label form, xn--...)");
  for (const char* bad : {"", ".", "a..b", "-a.example", "a-.example", "a_b.example", "a b",
                          "a.example..", ".a.example"}) {
    EXPECT_FALSE(NormalizeDomain(bad)) << bad;
  }
  EXPECT_FALSE(NormalizeDomain(std::string(64, 'a') + ".example"));
  std::string long_name;
  while (long_name.size() < 260) long_name += "abcdefghi.";
  EXPECT_FALSE(NormalizeDomain(long_name + "example"));
}

TEST(DomainTest, SuffixMatchingRespectsLabelBoundaries) {
  EXPECT_TRUE(DomainWithin("bank.com", "bank.com"));
  EXPECT_TRUE(DomainWithin("x.bank.com", "bank.com"));
  EXPECT_TRUE(DomainWithin("a.b.bank.com", "bank.com"));
  EXPECT_FALSE(DomainWithin("evilbank.com", "bank.com"));
  EXPECT_FALSE(DomainWithin("bank.com.evil", "bank.com"));
  EXPECT_FALSE(DomainWithin("ank.com", "bank.com"));
  EXPECT_FALSE(DomainWithin("", "bank.com"));
  EXPECT_FALSE(DomainWithin("bank.com", ""));
}

TEST(DomainTest, TablePrefersTheLongestEntryAndOwnerEntries) {
  auto table = DomainRoleTable::Create(
      {{"bank.com", Role::kFinancial, true},
       {"health.bank.com", Role::kMedical, true},
       {"exact.example", Role::kIdentity, false},
       {"bank", Role::kCommerce, true}},  // the owner overrides the built-in .bank entry
      /*use_defaults=*/true);
  ASSERT_TRUE(table);
  auto m = table->Lookup("bank.com");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->role, Role::kFinancial);
  EXPECT_EQ(m->confidence, 70);
  EXPECT_EQ(table->Lookup("www.bank.com")->confidence, 60);
  EXPECT_EQ(table->Lookup("x.health.bank.com")->role, Role::kMedical);
  EXPECT_FALSE(table->Lookup("evilbank.com"));
  EXPECT_EQ(table->Lookup("exact.example")->role, Role::kIdentity);
  EXPECT_FALSE(table->Lookup("sub.exact.example"));
  EXPECT_EQ(table->Lookup("acme.bank")->role, Role::kCommerce);
  EXPECT_EQ(table->Lookup("acme.bank")->confidence, 60);
  auto defaults = table->Lookup("rx.pharmacy");
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->role, Role::kMedical);
  EXPECT_EQ(defaults->confidence, 50);
  EXPECT_EQ(table->Lookup("irs.gov")->role, Role::kIdentity);
  EXPECT_FALSE(table->Lookup("example.com"));
}

TEST(DomainTest, TableRejectsTrustedAgentDuplicatesAndUnnormalisedEntries) {
  EXPECT_FALSE(DomainRoleTable::Create({{"a.example", Role::kTrustedAgent, true}}, false));
  EXPECT_FALSE(DomainRoleTable::Create({{"A.example", Role::kPublic, true}}, false));
  EXPECT_EQ(DomainRoleTable::Create(
                {{"a.example", Role::kPublic, true}, {"a.example", Role::kCommerce, true}}, false)
                .error()
                .code(),
            ErrorCode::kAlreadyExists);
  auto without_defaults = DomainRoleTable::Create({}, false);
  EXPECT_FALSE(without_defaults->Lookup("acme.bank"));
}

PolicyEngine ClassifierEngine() {
  auto doc = ParsePolicyDocument(R"({"version":1,"rules":[],
      "actors":[{"id":"owner-agent","role":"trusted_agent"},{"id":"demoted","role":"public"}],
      "domain_roles":[{"domain":"shop.example","role":"commerce"},
                      {"domain":"clinic.example","role":"medical"}]})");
  return std::move(PolicyEngine::Create(std::move(doc).value())).value();
}

TEST(ClassifyTest, EachMethodHasItsConfidence) {
  PolicyEngine e = ClassifierEngine();
  Classification c = e.Classify({.id = "owner-agent"});
  EXPECT_EQ(c.role, Role::kTrustedAgent);
  EXPECT_EQ(c.method, ClassificationMethod::kExplicit);
  EXPECT_EQ(c.confidence, 100);

  c = e.Classify({.id = "x", .verified_claims = {{Role::kFinancial, "a"}, {Role::kMedical, "b"}}});
  EXPECT_EQ(c.role, Role::kMedical);
  EXPECT_EQ(c.method, ClassificationMethod::kCredential);
  EXPECT_EQ(c.confidence, 90);

  c = e.Classify({.id = "x", .domain = "CLINIC.example"});
  EXPECT_EQ(c.role, Role::kMedical);
  EXPECT_EQ(c.method, ClassificationMethod::kDomainInference);
  EXPECT_EQ(c.confidence, 70);

  c = e.Classify({.id = "x", .self_declared = Role::kCommerce});
  EXPECT_EQ(c.role, Role::kCommerce);
  EXPECT_EQ(c.method, ClassificationMethod::kSelfDeclared);
  EXPECT_EQ(c.confidence, 20);
  EXPECT_FALSE(c.self_declared_capped);

  c = e.Classify({.id = "x"});
  EXPECT_EQ(c.role, Role::kPublic);
  EXPECT_EQ(c.method, ClassificationMethod::kNone);
  EXPECT_EQ(c.confidence, 0);
}

TEST(ClassifyTest, SelfDeclarationAloneNeverReachesFinancial) {
  PolicyEngine e = ClassifierEngine();
  for (Role declared : {Role::kFinancial, Role::kMedical, Role::kIdentity, Role::kTrustedAgent}) {
    const Classification c = e.Classify({.id = "x", .self_declared = declared});
    EXPECT_EQ(c.role, Role::kCommerce);
    EXPECT_TRUE(c.self_declared_capped);
    EXPECT_TRUE(c.conflict);
  }
  // A lookalike of a listed domain does not lend its role either.
  const Classification c =
      e.Classify({.id = "x", .domain = "evilclinic.example", .self_declared = Role::kMedical});
  EXPECT_EQ(c.role, Role::kCommerce);
  EXPECT_EQ(c.method, ClassificationMethod::kSelfDeclared);
}

TEST(ClassifyTest, StrongerMethodsWinAndConflictsAreFlagged) {
  PolicyEngine e = ClassifierEngine();
  // The owner's word beats a credential and a domain, even when it demotes.
  Classification c = e.Classify(
      {.id = "demoted", .domain = "clinic.example", .verified_claims = {{Role::kIdentity, "gov"}}});
  EXPECT_EQ(c.role, Role::kPublic);
  EXPECT_EQ(c.method, ClassificationMethod::kExplicit);
  EXPECT_TRUE(c.conflict);
  // A credential beats the domain.
  c = e.Classify(
      {.id = "x", .domain = "shop.example", .verified_claims = {{Role::kFinancial, "regulator"}}});
  EXPECT_EQ(c.role, Role::kFinancial);
  EXPECT_FALSE(c.conflict);
  // The domain beats self-declaration; a higher declared role is a conflict.
  c = e.Classify({.id = "x", .domain = "shop.example", .self_declared = Role::kMedical});
  EXPECT_EQ(c.role, Role::kCommerce);
  EXPECT_EQ(c.method, ClassificationMethod::kDomainInference);
  EXPECT_TRUE(c.conflict);
  // An invalid domain is ignored by Classify (Evaluate rejects the request instead).
  c = e.Classify({.id = "x", .domain = "bad..domain"});
  EXPECT_EQ(c.method, ClassificationMethod::kNone);
}

}  // namespace
}  // namespace signet::policy
