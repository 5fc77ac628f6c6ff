// Copies of a database taken while it is in use, with SQLite's online backup API: the copy
// is one consistent state, whatever writes during it. Before each import one is taken
// automatically (importer/import_job.hpp); `annuaire backup` takes one by hand.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace annuaire::store {

// Copies `from` into a new file `to` (refused if it exists): written as `to`.partial, then
// renamed, so that an interrupted copy never looks like a backup. Only its owner may read
// it (mode 0600): a database holds password hashes. Throws DatabaseError naming the file.
void backup_database(const std::string& from, const std::string& to);

struct BackupFile {
    std::filesystem::path path;
    std::uintmax_t bytes = 0;
    std::string modified_at;   // UTC, ISO 8601
};
// The backups of `directory` (annuaire-*.db), newest first.
std::vector<BackupFile> list_backups(const std::filesystem::path& directory);
// "annuaire-20260114-093000.db" for a backup taken now.
std::string backup_file_name();
// Removes the oldest backups of `directory` beyond `keep`.
void prune_backups(const std::filesystem::path& directory, std::size_t keep);

}  // namespace annuaire::store
