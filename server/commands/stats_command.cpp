#include "commands.hpp"

#include "store/database.hpp"
#include "store/schema.hpp"
#include "store/stats.hpp"
#include "util/args.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace annuaire::commands {

namespace {

constexpr const char* kHelp = R"(Usage: annuaire stats --db FILE [--json]

Prints what the directory database holds: public practitioners, activities,
sites and practices, archived practitioners, geocoding precision of the public
sites and why they were placed there (where the commune came from: INSEE code,
postcode, label, CEDEX table, the importer, a neighbouring commune; how the street
matched: exact, by name without its type, similar, ambiguous; confidence: high,
medium, low - the low ones are for an administrator to check), and the history
of imports. Opens FILE read-only, as `serve` does (see
annuaire serve --help).
)";

}  // namespace

int stats_command(const Arguments& arguments) {
    const util::Args args(arguments, {"db"}, {"json", "help"});
    if (args.flag("help")) {
        std::cout << kHelp;
        return 0;
    }
    const std::string path = args.required("db");
    store::Database db(path, store::OpenMode::read_only);
    store::require_current_schema(db);
    const auto stats = store::collect_stats(db);
    if (args.flag("json")) {
        std::cout << stats.dump(2) << "\n";
        return 0;
    }
    std::cout << "practitioners: " << stats["practitioners"] << " public, " << stats["archived"]
              << " archived (" << stats["practitioners_without_site"] << " without a site)\n"
              << "activities:    " << stats["activities"] << "\n"
              << "sites:         " << stats["sites"] << "\n"
              << "practices:     " << stats["practices"] << "\n"
              << "geocoded:      " << stats["geocoded"].dump() << "\n"
              << "  commune from " << stats["geocoding"]["commune_from"].dump() << "\n"
              << "  street match " << stats["geocoding"]["street_match"].dump() << "\n"
              << "  confidence   " << stats["geocoding"]["confidence"].dump() << "\n"
              << "imports:       " << stats["imports"].size() << "\n";
    for (const auto& run : stats["imports"]) {
        std::cout << "  #" << run["id"] << " " << run["finished_at"].get<std::string>() << " "
                  << run["file"].get<std::string>() << ": +" << run["added"] << " ~" << run["updated"]
                  << " -" << run["archived"] << " =" << run["unchanged"] << "\n";
    }
    return 0;
}

}  // namespace annuaire::commands
