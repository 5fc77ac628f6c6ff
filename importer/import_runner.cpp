#include "import_runner.hpp"

#include "store/backup.hpp"
#include "store/database.hpp"
#include "store/owner_store.hpp"
#include "store/schema.hpp"
#include "util/clock.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace annuaire::importer {

namespace {

// Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot. A pid
// that came back for another process has another start time.
std::optional<std::string> process_start(long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!std::getline(in, text)) return std::nullopt;
    const auto end_of_name = text.rfind(')');   // the command name may hold spaces and parentheses
    if (end_of_name == std::string::npos) return std::nullopt;
    std::istringstream fields(text.substr(end_of_name + 2));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i) {
        if (i == 22) return field;
    }
    return std::nullopt;
}

std::string display_name(const ImportJobSettings& settings) {
    return settings.file_name.empty() ? std::filesystem::path(settings.options.extract_path).filename().string()
                                      : settings.file_name;
}

store::Database open_writer(const std::string& path) {
    store::Database db(path, store::OpenMode::read_write);
    store::configure_writer(db);
    store::migrate(db);
    return db;
}

void record_end(const std::string& database_path, store::ImportJob job, const std::vector<store::ImportProblem>& problems) {
    auto db = open_writer(database_path);
    store::Transaction transaction(db);
    store::finish_import_job(db, job);
    store::add_import_problems(db, job.id, problems);
    store::add_audit(db, {0, util::utc_now(), job.started_by, std::nullopt, "import." + job.status, "import_job",
                          std::to_string(job.id), std::nullopt,
                          nlohmann::json{{"file", job.file_name}, {"error", job.error.value_or("")}}.dump(), std::nullopt});
    transaction.commit();
}

}  // namespace

void ImportJobSettings::validate() const {
    options.validate();
    if (source != "command line" && source != "console") throw std::invalid_argument("unknown import source '" + source + "'");
    if (started_by.empty()) throw std::invalid_argument("an import job needs someone who started it");
    if (backup_dir && keep_backups == 0) throw std::invalid_argument("--keep-backups must be at least 1");
}

std::filesystem::path default_backup_dir(const std::string& database_path) {
    auto parent = std::filesystem::path(database_path).parent_path();
    return (parent.empty() ? std::filesystem::path(".") : parent) / "backups";
}

int settle_interrupted_jobs(store::Database& db) {
    std::vector<store::ImportJob> stale;
    for (const auto& job : store::list_import_jobs(db, 1000)) {
        if (job.status != "running") continue;
        const bool alive = job.pid && job.pid_start && process_start(*job.pid) == *job.pid_start;
        if (!alive) stale.push_back(job);
    }
    if (stale.empty()) return 0;
    store::Transaction transaction(db);
    for (auto job : stale) {
        job.status = "failed";
        job.finished_at = util::utc_now();
        job.error = "interrupted: the process running the import stopped before it ended (killed, crashed, or the machine "
                    "restarted); nothing of it was written, the database is as it was before it";
        store::finish_import_job(db, job);
        store::add_audit(db, {0, util::utc_now(), "annuaire", std::nullopt, "import.interrupted", "import_job",
                              std::to_string(job.id), std::nullopt, nlohmann::json{{"file", job.file_name}}.dump(), std::nullopt});
    }
    transaction.commit();
    return static_cast<int>(stale.size());
}

std::int64_t start_import_job(const ImportJobSettings& settings) {
    settings.validate();
    auto db = open_writer(settings.options.database_path);
    settle_interrupted_jobs(db);
    std::error_code error;
    store::ImportJob job;
    job.source = settings.source;
    job.file_name = display_name(settings);
    job.file_size = static_cast<std::int64_t>(std::filesystem::file_size(settings.options.extract_path, error));
    job.started_at = util::utc_now();
    job.started_by = settings.started_by;
    job.pid = ::getpid();
    job.pid_start = process_start(::getpid());
    job.status = "running";
    store::Transaction transaction(db);
    const auto id = store::add_import_job(db, job);
    store::add_audit(db, {0, job.started_at, job.started_by, std::nullopt, "import.start", "import_job", std::to_string(id),
                          std::nullopt, nlohmann::json{{"file", job.file_name}, {"bytes", job.file_size}}.dump(), std::nullopt});
    transaction.commit();
    return id;
}

ImportJobResult run_import_job(const ImportJobSettings& settings, std::int64_t job_id) {
    settings.validate();
    const auto& path = settings.options.database_path;
    std::error_code error;
    const bool existing = std::filesystem::exists(path, error);
    if (existing && job_id == 0) job_id = start_import_job(settings);

    ImportJobResult result;
    result.job_id = job_id;
    store::ImportJob job;
    job.id = job_id;
    job.source = settings.source;
    job.file_name = display_name(settings);
    job.file_size = static_cast<std::int64_t>(std::filesystem::file_size(settings.options.extract_path, error));
    job.started_at = util::utc_now();
    job.started_by = settings.started_by;
    std::vector<store::ImportProblem> problems;
    const auto fail = [&](const std::string& status, const std::string& message, const ImportReport* report) {
        result.status = status;
        result.error = message;
        if (report) result.report = *report;
        if (job.id == 0) return;   // a first import: no database to record it in
        job.status = status;
        job.finished_at = util::utc_now();
        job.error = message;
        job.backup_file = result.backup_file;
        if (report) job.report_json = to_json(*report).dump();
        try {
            record_end(path, job, problems);
        } catch (const std::exception&) {
            // The job stays 'running' and is settled as interrupted by the next look.
        }
    };

    if (existing && settings.backup_dir) {
        try {
            std::filesystem::create_directories(*settings.backup_dir);
            auto target = *settings.backup_dir / store::backup_file_name();
            for (int n = 2; std::filesystem::exists(target, error); ++n) {
                target = *settings.backup_dir / (store::backup_file_name().substr(0, 24) + "-" + std::to_string(n) + ".db");
            }
            store::backup_database(path, target.string());
            result.backup_file = target.string();
            store::prune_backups(*settings.backup_dir, settings.keep_backups);
        } catch (const std::exception& e) {
            fail("failed", std::string("no import: the backup taken before it failed: ") + e.what(), nullptr);
            return result;
        }
    }

    ImportOptions options = settings.options;
    options.problems = &problems;
    options.before_commit = [&](store::Database& db, const ImportReport& report) {
        const auto& imported = *report.imported;
        job.status = "imported";
        job.finished_at = util::utc_now();
        job.import_id = imported.import_id;
        job.backup_file = result.backup_file;
        job.report_json = to_json(report).dump();
        if (job.id == 0) {
            job.id = store::add_import_job(db, job);
            result.job_id = job.id;
        } else {
            store::finish_import_job(db, job);
        }
        store::add_import_problems(db, job.id, problems);
        store::add_audit(db, {0, util::utc_now(), job.started_by, std::nullopt, "import.imported", "import_job",
                              std::to_string(job.id), std::nullopt,
                              nlohmann::json{{"file", job.file_name}, {"import_id", imported.import_id},
                                             {"practitioners", to_json(imported.practitioners)},
                                             {"conflicts", imported.conflicts.size()}}
                                  .dump(),
                              std::nullopt});
    };
    try {
        result.report = run_import(options);
        result.status = "imported";
        result.report->backup_file = result.backup_file;
    } catch (const ImportAborted& aborted) {
        fail("aborted", aborted.what(), &aborted.report());
    } catch (const std::exception& e) {
        fail("failed", e.what(), nullptr);
    }
    return result;
}

}  // namespace annuaire::importer
