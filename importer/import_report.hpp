// What an import did, typed: the import fills it, and it becomes JSON (to_json) or lines for a
// terminal (format_report) only at the edges: `annuaire import` (--json or not), the import
// job and import run records, the console. The JSON's shape is the README's.
#pragma once

#include "model/reconciliation.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace annuaire::importer {

struct LineCounts {
    std::uint64_t read = 0;  // data lines: neither the header nor blank
    std::uint64_t imported = 0;
    std::uint64_t rejected = 0;
    std::uint64_t duplicates = 0;
    std::uint64_t outside_territory = 0;
    std::uint64_t without_site = 0;
    std::uint64_t converted_from_windows_1252 = 0;
    std::uint64_t blank = 0;
};

struct RejectedLine {
    std::uint64_t line = 0;
    std::string reason;
};

struct DuplicateLine {
    std::uint64_t line = 0;
    std::uint64_t duplicate_of = 0;
};

// What an import that committed wrote.
struct ImportedRows {
    std::int64_t import_id = 0;
    std::string sha256;
    model::EntityCounts practitioners;
    model::EntityCounts sites;
    model::EntityCounts activities;
    std::uint64_t specialties_added = 0;
    std::uint64_t specialties_removed = 0;
    std::uint64_t public_practices = 0;
    double seconds = 0;
    double lines_per_second = 0;
    std::vector<std::pair<std::string, double>> step_seconds;  // in the order they ran
    // Owners' corrections whose RPPS value this extract changed: both kept, flagged for an admin.
    std::vector<model::CorrectionConflict> conflicts;
};

struct ImportReport {
    std::string file;
    int header_columns = 0;
    std::optional<std::string> territory;  // its id
    LineCounts lines;
    std::vector<RejectedLine> rejected_lines;    // the first kListedProblems
    std::vector<DuplicateLine> duplicate_lines;  // the first kListedProblems
    std::optional<ImportedRows> imported;        // nullopt: aborted, see error
    std::string error;                           // why it was aborted
    std::optional<std::string> backup_file;      // taken before the import

    static constexpr std::size_t kListedProblems = 200;
    bool aborted() const { return !imported; }
};

nlohmann::json to_json(const ImportReport& report);
nlohmann::json to_json(const model::EntityCounts& counts);
// The report as lines for a terminal: the first problems, the counts, the conflicts.
std::string format_report(const ImportReport& report);

}  // namespace annuaire::importer
