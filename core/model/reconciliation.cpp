#include "model/reconciliation.hpp"

#include <sstream>

namespace annuaire::model {

std::optional<std::string> lines_refusal(std::uint64_t data_lines, std::uint64_t rejected, double max_rejected_percent) {
    if (data_lines == 0) return "the extract has a header but no data line: nothing imported";
    const double rejected_share = 100.0 * static_cast<double>(rejected) / static_cast<double>(data_lines);
    if (rejected <= kRejectedLinesAlwaysTolerated || rejected_share <= max_rejected_percent) return std::nullopt;
    std::ostringstream why;
    why.precision(3);
    why << rejected << " of " << data_lines << " lines rejected (" << rejected_share << " %, above the "
        << max_rejected_percent << " % threshold): import aborted, database unchanged";
    return why.str();
}

std::optional<std::string> mass_archive_refusal(std::uint64_t public_before, std::uint64_t archived, bool allowed) {
    if (allowed || public_before < kMassArchiveMinimumPublic) return std::nullopt;
    if (static_cast<double>(archived) <= kMassArchiveShare * static_cast<double>(public_before)) return std::nullopt;
    return "this extract would archive " + std::to_string(archived) + " of " + std::to_string(public_before) +
           " public practitioners; if that is intended (another territory, a partial file), "
           "run again with --allow-mass-archive";
}

std::vector<CorrectionConflict> corrections_in_conflict(const std::vector<CorrectionBaseline>& corrections) {
    std::vector<CorrectionConflict> conflicts;
    for (const auto& c : corrections) {
        if (c.current_rpps_value == c.rpps_value) continue;
        if (c.conflict_flagged && c.current_rpps_value == c.conflict_rpps_value) continue;
        conflicts.push_back({c.id, c.entity, c.entity_key, c.field, c.value, c.rpps_value, c.current_rpps_value});
    }
    return conflicts;
}

}  // namespace annuaire::model
