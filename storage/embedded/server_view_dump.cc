// DumpServerView for the embedded backend: every table, every row, every blob file.

#include "base/encoding.h"
#include "storage/embedded/embedded_storage.h"
#include "storage/embedded/file_blob_store.h"
#include "storage/embedded/sqlite_db.h"

namespace signet::storage::embedded {
namespace {

std::string Cell(sqlite3_stmt* st, int col) {
  switch (sqlite3_column_type(st, col)) {
    case SQLITE_NULL:
      return "NULL";
    case SQLITE_INTEGER:
      return std::to_string(sqlite3_column_int64(st, col));
    case SQLITE_TEXT:
      return reinterpret_cast<const char*>(sqlite3_column_text(st, col));
    default: {
      const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(st, col));
      return HexEncode(ByteView(p, static_cast<size_t>(sqlite3_column_bytes(st, col))));
    }
  }
}

Status DumpTable(sqlite3* db, const std::string& name, ServerView::Table* t) {
  t->name = name;
  sqlite3_stmt* st = nullptr;
  std::string sql = "SELECT * FROM \"" + name + "\"";
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  if (rc != SQLITE_OK) return SqliteError(rc, "dump", db);
  const int columns = sqlite3_column_count(st);
  for (int i = 0; i < columns; ++i) t->columns.emplace_back(sqlite3_column_name(st, i));
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    std::vector<std::string> row;
    row.reserve(static_cast<size_t>(columns));
    for (int i = 0; i < columns; ++i) row.push_back(Cell(st, i));
    t->rows.push_back(std::move(row));
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return SqliteError(rc, "dump", db);
  return OkStatus();
}

}  // namespace

Result<ServerView> DumpServerView(const EmbeddedOptions& options) {
  sqlite3* db = nullptr;
  std::string path = options.data_dir + "/signet.db";
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> guard(db, sqlite3_close);
  if (rc != SQLITE_OK) return SqliteError(rc, "open", db);
  std::vector<std::string> names;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1,
                     &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) names.push_back(Cell(st, 0));
  sqlite3_finalize(st);
  ServerView view;
  for (const std::string& name : names) {
    view.tables.emplace_back();
    Status s = DumpTable(db, name, &view.tables.back());
    if (!s) return std::move(s).error();
  }
  Result<std::shared_ptr<BlobStore>> blobs = OpenFileBlobStore({options.data_dir + "/blobs"});
  if (!blobs) return std::move(blobs).error();
  Status s = AddBlobListing(**blobs, &view);
  if (!s) return std::move(s).error();
  return view;
}

}  // namespace signet::storage::embedded
