#include "storage/migrations.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "base/bytes.h"
#include "base/encoding.h"
#include "crypto/sha2.h"
#include "storage/migrations_embedded.h"

namespace signet::storage {

Result<int64_t> ParseMigrationVersion(std::string_view file_name) {
  size_t sep = file_name.find("__");
  bool shaped = file_name.size() > 1 && file_name[0] == 'V' && sep != std::string_view::npos &&
                sep > 1 && file_name.ends_with(".sql") && sep + 2 < file_name.size() - 4;
  if (!shaped) return InvalidArgument("migration name must look like V0001__name.sql");
  int64_t v = 0;
  const char* first = file_name.data() + 1;
  const char* last = file_name.data() + sep;
  auto [ptr, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || ptr != last || v <= 0) {
    return InvalidArgument("migration version must be a positive number");
  }
  return v;
}

Result<std::vector<Migration>> EmbeddedMigrations(Dialect dialect) {
  const internal::EmbeddedFile* files =
      dialect == Dialect::kPostgres ? internal::kPostgresFiles : internal::kSqliteFiles;
  size_t count = dialect == Dialect::kPostgres ? internal::kPostgresCount : internal::kSqliteCount;
  std::vector<Migration> out;
  for (size_t i = 0; i < count; ++i) {
    Migration m;
    m.name = files[i].name;
    Result<int64_t> v = ParseMigrationVersion(m.name);
    if (!v) return std::move(v).error();
    m.version = *v;
    m.sql = std::string_view(reinterpret_cast<const char*>(files[i].data), files[i].size);
    crypto::Sha256Digest d = crypto::Sha256(AsBytes(m.sql));
    m.checksum = HexEncode(ByteView(d.data(), d.size()));
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].version == out[i - 1].version) return Internal("two migrations share a version");
  }
  return out;
}

Result<std::vector<Migration>> PlanMigrations(const std::vector<Migration>& known,
                                              const std::vector<AppliedMigration>& applied) {
  std::map<int64_t, std::string> done;
  for (const AppliedMigration& a : applied) done[a.version] = a.checksum;
  std::vector<Migration> pending;
  for (const Migration& m : known) {
    auto it = done.find(m.version);
    if (it == done.end()) {
      pending.push_back(m);
      continue;
    }
    if (it->second != m.checksum) {
      return FailedPrecondition("applied migration " + m.name + " has changed (checksum mismatch)");
    }
    done.erase(it);
  }
  if (!done.empty()) {
    return FailedPrecondition("the database has migration version " +
                              std::to_string(done.begin()->first) +
                              " that this binary does not know");
  }
  return pending;
}

}  // namespace signet::storage
