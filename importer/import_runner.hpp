// An import as a job: recorded in import_job before it starts (so that the console can
// follow it, and so that a job whose process was killed shows as failed), the database
// backed up first, every problem line kept with it, and how it ended. `annuaire import`
// and the console's upload run imports this way.
#pragma once

#include "import_job.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace annuaire::store {
class Database;
}

namespace annuaire::importer {

struct ImportJobSettings {
    ImportOptions options;
    std::string source = "command line";          // or "console"
    std::string started_by;                         // who, for the job and the audit log
    std::string file_name;                          // as shown (an upload's own name); default: the extract's
    std::optional<std::filesystem::path> backup_dir;   // a backup before the import; nullopt: none
    std::size_t keep_backups = 5;                   // automatic backups kept in backup_dir

    void validate() const;   // throws std::invalid_argument
};

struct ImportJobResult {
    std::int64_t job_id = 0;                  // 0 when nothing could be recorded (a new database that failed)
    std::string status;                       // imported, aborted, failed
    std::optional<ImportReport> report;       // imported or aborted
    std::string error;                        // aborted or failed
    std::optional<std::string> backup_file;
};

// Records a job 'running' for an existing database and this process; returns its id.
std::int64_t start_import_job(const ImportJobSettings& settings);
// Backs up, imports, records the outcome (in the import's transaction when it commits).
// `job_id`: from start_import_job, or 0 to record the job here. Never throws for the import
// itself: the result says how it ended.
ImportJobResult run_import_job(const ImportJobSettings& settings, std::int64_t job_id = 0);

// Jobs left 'running' by a process that is no longer there (killed, crashed, machine restarted)
// are marked failed: nothing of them was written. Returns how many.
int settle_interrupted_jobs(store::Database& db);

// The default directory of automatic backups: `backups/` beside the database.
std::filesystem::path default_backup_dir(const std::string& database_path);

}  // namespace annuaire::importer
