#include "commands.hpp"

#include "geocode_job.hpp"
#include "import_job.hpp"
#include "import_runner.hpp"
#include "jobs/import_then_geocode.hpp"
#include "reference/reference_data.hpp"
#include "util/args.hpp"

#include <unistd.h>

#include <iostream>

namespace annuaire::commands {

namespace {

constexpr const char* kHelp = R"(Usage: annuaire import --db FILE [--territory FILE] [options] EXTRACT

Imports an RPPS extract (PS_LibreAcces_Personne_activite_*.txt, or the whole
PS_LibreAcces_*.zip, read in place) into the directory database FILE, creating
it if needed. Re-importing archives practitioners that left the extract and
keeps everything professionals declared; a correction an owner made to a value
the extract changes keeps both values and is flagged for an admin. The import is
one transaction: if it fails or is interrupted, the database stays as it was.
Into an existing database, a backup is taken first (see --backup-dir), and the
import is recorded with every rejected line (the console lists them).

Options:
  --db FILE                   database file (created if missing)
  --territory FILE            keep only sites in this territory (e.g. data/territories/m2a.json);
                              without it the whole extract is imported
  --data-dir DIR              reference data directory (default: the project's data/)
  --max-rejected-percent P    abort when more than P % of lines are rejected (default 1;
                              up to 10 bad lines are always tolerated)
  --allow-mass-archive        allow archiving more than 25 % of the public practitioners
  --backup-dir DIR            where the backup taken before the import goes
                              (default: backups/ beside FILE)
  --keep-backups N            automatic backups kept there, the oldest removed (default 5)
  --no-backup                 no backup before the import
  --json                      print the report as JSON
  --no-progress               no progress line, even on a terminal
  --help                      this help

Exit status: 0 imported, 1 aborted or failed (database unchanged), 2 usage error.
)";

}  // namespace

int import_command(const Arguments& arguments) {
    const util::Args args(arguments, {"db", "territory", "data-dir", "max-rejected-percent", "backup-dir", "keep-backups"},
                          {"json", "no-progress", "allow-mass-archive", "no-backup", "help"});
    if (args.flag("help")) {
        std::cout << kHelp;
        return 0;
    }
    importer::ImportOptions options;
    options.database_path = args.required("db");
    if (args.positional().size() != 1) throw util::UsageError("import takes exactly one EXTRACT file (see --help)");
    options.extract_path = args.positional().front();
    options.territory_path = args.value("territory");
    options.data_dir = args.value("data-dir").value_or(reference::default_data_dir().string());
    options.max_rejected_percent = args.number("max-rejected-percent", 1.0, 0, 100);
    options.allow_mass_archive = args.flag("allow-mass-archive");
    options.show_progress = !args.flag("no-progress") && isatty(STDERR_FILENO);
    const bool json = args.flag("json");
    importer::ImportJobSettings settings;
    settings.options = options;
    settings.source = "command line";
    settings.started_by = command_line_actor("annuaire import");
    if (!args.flag("no-backup")) {
        settings.backup_dir = args.value("backup-dir") ? std::filesystem::path(*args.value("backup-dir"))
                                                       : importer::default_backup_dir(options.database_path);
    } else if (args.value("backup-dir")) {
        throw util::UsageError("--no-backup and --backup-dir do not go together");
    }
    settings.keep_backups = static_cast<std::size_t>(args.number("keep-backups", 5, 1, 1000));
    try {
        settings.validate();
    } catch (const std::invalid_argument& error) {
        throw util::UsageError(error.what());
    }
    auto outcome = jobs::import_then_geocode(settings);
    auto& result = outcome.import;
    if (result.status == "failed") throw std::runtime_error(result.error);
    if (result.status == "aborted") {
        if (json) std::cout << importer::to_json(*result.report).dump(2) << "\n";
        else std::cerr << importer::format_report(*result.report);
        std::cerr << "annuaire import: " << result.error << "\n";
        return 1;
    }
    auto report = importer::to_json(*result.report);
    const auto& geocoding = outcome.geocoding;
    if (geocoding) report["geocoding"] = *geocoding;
    if (outcome.geocoding_error) {
        report["geocoding"] = {{"error", *outcome.geocoding_error}};
        std::cerr << "annuaire import: imported, but geocoding failed: " << *outcome.geocoding_error << "\n";
    }
    std::cout << (json ? report.dump(2) + "\n" : importer::format_report(*result.report));
    if (geocoding && !json) std::cout << geo::format_geocode_report(*geocoding);
    if (result.backup_file && !json) std::cout << "  backup taken before the import: " << *result.backup_file << "\n";
    return 0;
}

}  // namespace annuaire::commands
