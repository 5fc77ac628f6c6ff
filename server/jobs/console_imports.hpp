// Imports started from the console: an uploaded extract imported on a thread of the server,
// as `annuaire import` would (backup first, mass-archive guard, problem lines kept,
// conflicts flagged, then geocoding), one at a time, with its progress readable meanwhile.
#pragma once

#include "import_job.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace annuaire::jobs {

struct ConsoleImportConfig {
    std::string database_path;
    std::filesystem::path data_dir;
    std::optional<std::string> territory_path;   // as `annuaire import --territory`
    std::filesystem::path backup_dir;
    std::size_t keep_backups = 5;
    std::filesystem::path upload_dir;            // uploads land here; extracts wait here while imported
};

class ConsoleImports {
public:
    // Settles the jobs a previous server left running (killed mid-import): they show as failed.
    explicit ConsoleImports(ConsoleImportConfig config);
    // Waits for an import in progress: its transaction must end before the process does.
    ~ConsoleImports();
    ConsoleImports(const ConsoleImports&) = delete;
    ConsoleImports& operator=(const ConsoleImports&) = delete;

    bool running() const { return running_; }
    // Takes the uploaded file (moved aside), records the job and starts the import; returns
    // {"import": {"id", "status": "running", ...}}. OwnerError(conflict) while one runs.
    nlohmann::json start(const std::string& uploaded_file, const std::string& name, bool allow_mass_archive,
                         const std::string& started_by);
    // {"lines", "bytes", "total_bytes", "phase"} of job `id` while it runs.
    std::optional<nlohmann::json> progress(std::int64_t id) const;
    const ConsoleImportConfig& config() const { return config_; }

private:
    ConsoleImportConfig config_;
    std::atomic<bool> running_{false};
    mutable std::mutex mutex_;
    std::int64_t job_id_ = 0;
    importer::ImportProgress progress_;
    std::thread thread_;
};

}  // namespace annuaire::jobs
