#include "commands.hpp"

#include "ban_reader.hpp"
#include "geocode_job.hpp"
#include "reference/reference_data.hpp"
#include "util/args.hpp"

#include <iostream>

namespace annuaire::commands {

namespace {

constexpr const char* kHelp = R"(Usage: annuaire geocode --db FILE [--ban BAN_FILE]... [options]

Geocodes the cabinet addresses of the directory database FILE offline, against
the Base Adresse Nationale. BAN department files (adresses-XX.csv or .csv.gz, as
published on adresse.data.gouv.fr) given with --ban are loaded first into an
address index stored in FILE (replacing the rows of the same communes); the
index survives restarts, so later runs need no --ban. Then every public site
with no position yet, or whose address changed since it was geocoded, is
geocoded (every site when BAN files were loaded). Positions pinned with
`annuaire pin` are kept while the address stays the same.

Options:
  --db FILE         database file (created if missing)
  --ban FILE        a BAN department file to load (repeatable); a file with a wrong
                    header, a bad line or a truncated gzip is rejected, and the
                    index stays unchanged
  --all             geocode every public site again
  --contours FILE   commune contours (GeoJSON, property `code`) for the fallback
                    point and the contour check (default: the shipped Haut-Rhin contours)
  --data-dir DIR    reference data directory (default: the project's data/)
  --json            print the report as JSON
  --help            this help

Exit status: 0 done, 1 failed (index unchanged), 2 usage error.
)";

}  // namespace

int geocode_command(const Arguments& arguments) {
    const util::Args args(arguments, {"db", "ban", "contours", "data-dir"}, {"json", "all", "help"});
    if (args.flag("help")) {
        std::cout << kHelp;
        return 0;
    }
    if (!args.positional().empty()) throw util::UsageError("unexpected argument '" + args.positional().front() + "' (see --help)");
    geo::GeocodeOptions options;
    options.database_path = args.required("db");
    options.ban_files = args.values("ban");
    options.contours_path = args.value("contours");
    options.data_dir = args.value("data-dir").value_or(reference::default_data_dir().string());
    options.all = args.flag("all");
    try {
        options.validate();
    } catch (const std::invalid_argument& error) {
        throw util::UsageError(error.what());
    }
    const bool json = args.flag("json");
    try {
        const auto report = geo::run_geocode(options);
        std::cout << (json ? report.dump(2) + "\n" : geo::format_geocode_report(report));
        return 0;
    } catch (const geo::BanFileError& error) {
        if (json) {
            nlohmann::json failure = {{"error", error.what()}, {"line_errors", error.line_errors()}};
            std::cout << failure.dump(2) << "\n";
        }
        std::cerr << "annuaire geocode: " << error.what() << "\n";
        for (const auto& line : error.line_errors()) std::cerr << "  " << line << "\n";
        return 1;
    }
}

}  // namespace annuaire::commands
