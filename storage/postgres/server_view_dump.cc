// DumpServerView for Postgres: every table of the public schema, every row.

#include "base/encoding.h"
#include "storage/postgres/pg_pool.h"

namespace signet::storage::postgres {
namespace {

constexpr pqxx::oid kByteaOid = 17;  // pg_type.oid of bytea

Status DumpAll(pqxx::connection& c, ServerView* view) {
  pqxx::read_transaction tx(c);
  pqxx::result tables = tx.exec(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND "
      "table_type = 'BASE TABLE' ORDER BY table_name");
  for (const pqxx::row& t : tables) {
    ServerView::Table table;
    table.name = t[0].as<std::string>();
    pqxx::result rows = tx.exec("SELECT * FROM " + tx.quote_name(table.name));
    for (pqxx::row::size_type i = 0; i < rows.columns(); ++i) {
      table.columns.push_back(rows.column_name(i));
    }
    for (const pqxx::row& r : rows) {
      std::vector<std::string> cells;
      for (const pqxx::field& f : r) {
        if (f.is_null())
          cells.push_back("NULL");
        else if (f.type() == kByteaOid)
          cells.push_back(HexEncode(FieldBytes(f)));
        else
          cells.push_back(f.c_str());
      }
      table.rows.push_back(std::move(cells));
    }
    view->tables.push_back(std::move(table));
  }
  return OkStatus();
}

}  // namespace

Result<ServerView> DumpServerView(const PgOptions& options) {
  std::shared_ptr<PgPool> pool = PgPool::Create(options, {});
  ServerView view;
  Status s = pool->Run([&](pqxx::connection& c) {
    view = ServerView();
    return DumpAll(c, &view);
  });
  if (!s) return std::move(s).error();
  return view;
}

}  // namespace signet::storage::postgres
