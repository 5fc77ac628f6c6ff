#include "import_report.hpp"

#include <sstream>

namespace annuaire::importer {

namespace {

nlohmann::json optional_json(const std::optional<std::string>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json();
}

}  // namespace

nlohmann::json to_json(const model::EntityCounts& c) {
    return {{"added", c.added}, {"updated", c.updated}, {"restored", c.restored},
            {"archived", c.archived}, {"unchanged", c.unchanged}};
}

nlohmann::json to_json(const ImportReport& report) {
    const auto& l = report.lines;
    nlohmann::json out = {
        {"file", report.file},
        {"header_columns", report.header_columns},
        {"territory", optional_json(report.territory)},
        {"lines", {{"read", l.read}, {"imported", l.imported}, {"rejected", l.rejected},
                   {"duplicates", l.duplicates}, {"outside_territory", l.outside_territory},
                   {"without_site", l.without_site}, {"converted_from_windows_1252", l.converted_from_windows_1252},
                   {"blank", l.blank}}},
        {"rejected_lines", nlohmann::json::array()},
        {"duplicate_lines", nlohmann::json::array()},
    };
    for (const auto& r : report.rejected_lines) out["rejected_lines"].push_back({{"line", r.line}, {"reason", r.reason}});
    for (const auto& d : report.duplicate_lines) {
        out["duplicate_lines"].push_back({{"line", d.line}, {"duplicate_of", d.duplicate_of}});
    }
    if (!report.imported) {
        out["status"] = "aborted";
        out["error"] = report.error;
        return out;
    }
    const auto& i = *report.imported;
    out["status"] = "imported";
    out["import_id"] = i.import_id;
    out["sha256"] = i.sha256;
    out["practitioners"] = to_json(i.practitioners);
    out["sites"] = to_json(i.sites);
    out["activities"] = to_json(i.activities);
    out["specialties"] = {{"added", i.specialties_added}, {"removed", i.specialties_removed}};
    out["public_practices"] = i.public_practices;
    out["seconds"] = i.seconds;
    out["lines_per_second"] = i.lines_per_second;
    out["step_seconds"] = nlohmann::json::object();
    for (const auto& [step, seconds] : i.step_seconds) out["step_seconds"][step] = seconds;
    out["conflicts"] = nlohmann::json::array();
    for (const auto& c : i.conflicts) {
        out["conflicts"].push_back({{"id", c.id}, {"entity", c.entity}, {"entity_key", c.entity_key},
                                    {"field", c.field}, {"value", c.value},
                                    {"rpps_value", optional_json(c.rpps_value)},
                                    {"new_rpps_value", optional_json(c.new_rpps_value)}});
    }
    if (report.backup_file) out["backup_file"] = *report.backup_file;
    return out;
}

std::string format_report(const ImportReport& report) {
    std::ostringstream out;
    out << "Import of " << report.file << ": " << (report.aborted() ? "aborted" : "imported") << "\n";
    if (report.aborted()) out << "  error: " << report.error << "\n";
    const auto& lines = report.lines;
    out << "  lines: " << lines.read << " read, " << lines.imported << " imported, " << lines.rejected
        << " rejected, " << lines.duplicates << " duplicates, " << lines.outside_territory
        << " outside the territory";
    if (lines.converted_from_windows_1252 > 0) {
        out << ", " << lines.converted_from_windows_1252 << " converted from Windows-1252";
    }
    out << "\n";
    const auto counts_line = [&](const char* entity, const model::EntityCounts& c) {
        out << "  " << entity << ": " << c.added << " added, " << c.updated << " updated, " << c.restored
            << " restored, " << c.archived << " archived, " << c.unchanged << " unchanged\n";
    };
    if (report.imported) {
        counts_line("practitioners", report.imported->practitioners);
        counts_line("sites", report.imported->sites);
        counts_line("activities", report.imported->activities);
    }
    // A terminal shows the first problems; --json lists up to kListedProblems.
    constexpr std::size_t kShown = 20;
    for (std::size_t i = 0; i < report.rejected_lines.size() && i < kShown; ++i) {
        out << "  rejected line " << report.rejected_lines[i].line << ": " << report.rejected_lines[i].reason << "\n";
    }
    if (lines.rejected > kShown) out << "  ... and " << lines.rejected - kShown << " more rejected lines (see --json)\n";
    for (std::size_t i = 0; i < report.duplicate_lines.size() && i < kShown; ++i) {
        out << "  line " << report.duplicate_lines[i].line << " duplicates line "
            << report.duplicate_lines[i].duplicate_of << " (ignored)\n";
    }
    if (lines.duplicates > kShown) out << "  ... and " << lines.duplicates - kShown << " more duplicate lines\n";
    if (report.imported && !report.imported->conflicts.empty()) {
        out << "  conflicts: " << report.imported->conflicts.size()
            << " corrections made by owners whose RPPS value this extract changed: both kept, flagged for review\n";
    }
    if (report.imported) {
        out.precision(3);
        out << "  " << report.imported->seconds << " s, "
            << static_cast<std::uint64_t>(report.imported->lines_per_second) << " lines/s\n";
    }
    return out.str();
}

}  // namespace annuaire::importer
