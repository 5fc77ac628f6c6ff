// `annuaire import`: streams an RPPS extract into the store in one transaction.
#pragma once

#include "import_report.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace annuaire::store {
class Database;
struct ImportProblem;
}

namespace annuaire::importer {

// How far an import is: lines and bytes read of the file, and what it is doing.
struct ImportProgress {
    std::uint64_t lines = 0;
    std::uint64_t bytes = 0;
    std::uint64_t total_bytes = 0;
    std::string phase;   // "reading", "indexing", "committing"
};

struct ImportOptions {
    std::string database_path;
    std::string extract_path;
    std::optional<std::string> territory_path;
    std::filesystem::path data_dir;
    // The import aborts when more lines than this share (and more than
    // model::kRejectedLinesAlwaysTolerated) are rejected.
    double max_rejected_percent = 1.0;
    // Allow an import to archive more than model::kMassArchiveShare of the public practitioners.
    bool allow_mass_archive = false;
    bool show_progress = false;
    // Told of the progress now and then (every 100,000 lines or so, and at each phase).
    std::function<void(const ImportProgress&)> on_progress;
    // Every rejected and duplicate line with its reason, whatever the report lists (when set).
    std::vector<store::ImportProblem>* problems = nullptr;
    // Called inside the import's transaction, the rows written and before the commit, with the
    // report and the import's id: what must be recorded with the import is written there.
    std::function<void(store::Database&, const ImportReport& report)> before_commit;

    void validate() const;  // throws std::invalid_argument
};

// An import that stopped without changing the database. report() says why and
// holds what was read up to then (rejected lines with their numbers).
class ImportAborted : public std::runtime_error {
public:
    ImportAborted(const std::string& message, ImportReport report)
        : std::runtime_error(message), report_(std::move(report)) {}
    const ImportReport& report() const { return report_; }

private:
    ImportReport report_;
};

// Runs the import; returns the report (see README). Corrections whose RPPS value the
// extract changes are flagged as conflicts (report "conflicts"). Throws ImportAborted, or
// another std::exception for an unreadable file, a bad header or a database error;
// in every case the database is left as it was.
ImportReport run_import(const ImportOptions& options);

}  // namespace annuaire::importer
