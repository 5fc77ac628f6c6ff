#include "commands.hpp"

#include "store/backup.hpp"
#include "util/args.hpp"

#include <filesystem>
#include <iostream>

namespace annuaire::commands {

namespace {

constexpr const char* kHelp = R"(Usage: annuaire backup --db FILE --out BACKUP

Copies the directory database FILE into BACKUP (a new file, readable by its
owner only) with SQLite's online backup: the copy is one consistent state even
while the server answers and writes, or an import runs. One is also taken
automatically before each import (annuaire import --backup-dir).

Restore (see README, "Backups"): stop the server, then
  annuaire backup --db BACKUP --out FILE.restored
  mv FILE.restored FILE; rm -f FILE-wal FILE-shm
and start the server again.

Options:
  --db FILE       the database to copy
  --out BACKUP    the copy (must not exist)
  --help          this help
)";

}  // namespace

int backup_command(const Arguments& arguments) {
    const util::Args args(arguments, {"db", "out"}, {"help"});
    if (args.flag("help")) {
        std::cout << kHelp;
        return 0;
    }
    if (!args.positional().empty()) throw util::UsageError("backup takes no positional argument (see --help)");
    const auto path = args.required("db");
    const auto out = args.required("out");
    std::error_code unreadable;
    if (!std::filesystem::exists(path, unreadable) && !unreadable) throw std::runtime_error("database '" + path + "' does not exist");
    store::backup_database(path, out);
    std::cout << "backup of " << path << " written to " << out << " (" << std::filesystem::file_size(out) << " bytes)\n";
    return 0;
}

}  // namespace annuaire::commands
