#include "storage/server_view.h"

namespace signet::storage {

std::string ServerView::ToText() const {
  std::string out;
  for (const Table& t : tables) {
    out += "table " + t.name + "(";
    for (size_t i = 0; i < t.columns.size(); ++i) out += (i ? "," : "") + t.columns[i];
    out += ")\n";
    for (const auto& row : t.rows) {
      for (size_t i = 0; i < row.size(); ++i) out += (i ? "\t" : "") + row[i];
      out += "\n";
    }
  }
  for (const BlobInfo& b : blobs)
    out += "blob " + DigestHex(b.digest) + " " + std::to_string(b.size) + "\n";
  return out;
}

Status AddBlobListing(BlobStore& store, ServerView* view, size_t limit) {
  std::optional<BlobDigest> after;
  while (view->blobs.size() < limit) {
    Result<std::vector<BlobInfo>> page = store.List(after, 1000);
    if (!page) return std::move(page).error();
    view->blobs.insert(view->blobs.end(), page->begin(), page->end());
    if (page->size() < 1000) break;
    after = page->back().digest;
  }
  return OkStatus();
}

}  // namespace signet::storage
