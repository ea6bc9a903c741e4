#include "storage/migrations.h"

#include <gtest/gtest.h>

namespace signet::storage {
namespace {

TEST(MigrationsTest, ParsesVersionFromFileName) {
  EXPECT_EQ(ParseMigrationVersion("V0001__create.sql").value(), 1);
  EXPECT_EQ(ParseMigrationVersion("V12__x.sql").value(), 12);
  EXPECT_FALSE(ParseMigrationVersion("V0__x.sql").has_value());
  EXPECT_FALSE(ParseMigrationVersion("0001__x.sql").has_value());
  EXPECT_FALSE(ParseMigrationVersion("V1_x.sql").has_value());
  EXPECT_FALSE(ParseMigrationVersion("V1__.sql").has_value());
  EXPECT_FALSE(ParseMigrationVersion("Vx__y.sql").has_value());
  EXPECT_FALSE(ParseMigrationVersion("V1__y.txt").has_value());
}

TEST(MigrationsTest, EmbedsBothDialectsInVersionOrder) {
  for (Dialect d : {Dialect::kPostgres, Dialect::kSqlite}) {
    std::vector<Migration> m = EmbeddedMigrations(d).value();
    ASSERT_FALSE(m.empty());
    EXPECT_EQ(m[0].version, 1);
    EXPECT_EQ(m[0].name, "V0001__create_storage.sql");
    EXPECT_NE(m[0].sql.find("CREATE TABLE records"), std::string_view::npos);
    EXPECT_EQ(m[0].checksum.size(), 64u);
    for (size_t i = 1; i < m.size(); ++i) EXPECT_LT(m[i - 1].version, m[i].version);
  }
}

// WithoutComments drops "-- ..." comments so only SQL is checked.
std::string WithoutComments(std::string_view sql) {
  std::string out;
  while (!sql.empty()) {
    size_t eol = sql.find('\n');
    std::string_view line = sql.substr(0, eol);
    out.append(line.substr(0, line.find("--")));
    out.push_back('\n');
    if (eol == std::string_view::npos) break;
    sql.remove_prefix(eol + 1);
  }
  return out;
}

TEST(MigrationsTest, RecordRowsHaveNoTenantColumnAndNoForeignKeys) {
  for (Dialect d : {Dialect::kPostgres, Dialect::kSqlite}) {
    std::vector<Migration> all = EmbeddedMigrations(d).value();
    for (const Migration& m : all) {
      std::string lower = WithoutComments(m.sql);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      EXPECT_EQ(lower.find("tenant"), std::string::npos) << m.name;
      EXPECT_EQ(lower.find("references"), std::string::npos) << m.name;
      EXPECT_EQ(lower.find("foreign key"), std::string::npos) << m.name;
    }
  }
}

TEST(MigrationsTest, PlansOnlyPendingMigrations) {
  std::vector<Migration> known = EmbeddedMigrations(Dialect::kPostgres).value();
  EXPECT_EQ(PlanMigrations(known, {}).value().size(), known.size());
  std::vector<AppliedMigration> applied;
  for (const Migration& m : known) applied.push_back({m.version, m.checksum});
  EXPECT_TRUE(PlanMigrations(known, applied).value().empty());
}

TEST(MigrationsTest, RefusesChangedOrUnknownAppliedMigration) {
  std::vector<Migration> known = EmbeddedMigrations(Dialect::kSqlite).value();
  Result<std::vector<Migration>> changed = PlanMigrations(known, {{1, std::string(64, '0')}});
  ASSERT_FALSE(changed.has_value());
  EXPECT_EQ(changed.error().code(), ErrorCode::kFailedPrecondition);
  Result<std::vector<Migration>> newer =
      PlanMigrations(known, {{known[0].version, known[0].checksum}, {9999, "x"}});
  ASSERT_FALSE(newer.has_value());
  EXPECT_EQ(newer.error().code(), ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace signet::storage
