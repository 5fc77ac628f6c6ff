#include "store/backup.hpp"

#include "store/database.hpp"
#include "util/clock.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <ctime>

namespace annuaire::store {

void backup_database(const std::string& from, const std::string& to) {
    namespace fs = std::filesystem;
    std::error_code error;
    if (fs::exists(to, error)) throw DatabaseError("backup '" + to + "' exists already: give another file");
    const auto partial = to + ".partial";
    fs::remove(partial, error);
    if (const auto parent = fs::path(to).parent_path(); !parent.empty()) fs::create_directories(parent, error);
    Database source(from, OpenMode::read_only);
    {
        // The copy is readable by its owner alone, whatever the umask.
        const auto old_mask = ::umask(0077);
        Database target(partial, OpenMode::read_write);
        ::umask(old_mask);
        sqlite3_backup* backup = sqlite3_backup_init(target.handle(), "main", source.handle(), "main");
        if (!backup) throw DatabaseError("cannot back up '" + from + "' to '" + to + "': " + sqlite3_errmsg(target.handle()));
        // All at once: a copy that restarts whenever a writer commits would never end under load.
        const int step = sqlite3_backup_step(backup, -1);
        const int finish = sqlite3_backup_finish(backup);
        if (step != SQLITE_DONE || finish != SQLITE_OK) {
            const std::string cause = sqlite3_errstr(step != SQLITE_DONE ? step : finish);
            fs::remove(partial, error);
            throw DatabaseError("cannot back up '" + from + "' to '" + to + "': " + cause);
        }
        // A single file: the copy's pages go into it, not into a -wal beside it.
        target.execute("PRAGMA journal_mode = DELETE");
    }
    for (const auto* suffix : {"-wal", "-shm", "-journal"}) fs::remove(partial + suffix, error);
    fs::rename(partial, to, error);
    if (error) throw DatabaseError("cannot write backup '" + to + "': " + error.message());
}

std::vector<BackupFile> list_backups(const std::filesystem::path& directory) {
    namespace fs = std::filesystem;
    std::vector<BackupFile> out;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(directory, error)) {
        const auto name = entry.path().filename().string();
        if (name.rfind("annuaire-", 0) != 0 || entry.path().extension() != ".db" || !entry.is_regular_file(error)) continue;
        struct stat info {};
        if (::stat(entry.path().c_str(), &info) != 0) continue;
        out.push_back({entry.path(), static_cast<std::uintmax_t>(info.st_size),
                       util::utc_time(std::chrono::system_clock::from_time_t(info.st_mtime))});
    }
    // Names carry the time taken: their order is the time order.
    std::sort(out.begin(), out.end(), [](const BackupFile& a, const BackupFile& b) { return a.path.filename() > b.path.filename(); });
    return out;
}

std::string backup_file_name() {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char name[64];
    std::strftime(name, sizeof name, "annuaire-%Y%m%d-%H%M%S.db", &parts);
    return name;
}

void prune_backups(const std::filesystem::path& directory, std::size_t keep) {
    std::error_code error;
    const auto backups = list_backups(directory);
    for (std::size_t i = keep; i < backups.size(); ++i) std::filesystem::remove(backups[i].path, error);
}

}  // namespace annuaire::store
