#include "commands.hpp"

#include "search/declarations.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"
#include "store/search_store.hpp"
#include "util/args.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace annuaire::commands {

namespace {

constexpr const char* kHelp = R"(Usage: annuaire declare --db FILE DECLARATIONS.json

Records what professionals declared about their practices (Carte Vitale,
conventionnement, tiers payant, accessibility, home visits, teleconsultation,
publics, acts, opening hours) and about themselves (phone, website, ...), as an
administrator would until owners can edit their fiche. Every value is checked
against the allowed values; the file is written in one transaction, or not at
all. Declarations are keyed by practitioner id and site (site_key or site_id)
and survive re-imports. A running server picks them up within a second.

Options:
  --db FILE    directory database (must exist)
  --json       print the summary as JSON
  --help       this help
)";

}  // namespace

int declare_command(const Arguments& arguments) {
    const util::Args args(arguments, {"db"}, {"json", "help"});
    if (args.flag("help")) {
        std::cout << kHelp;
        return 0;
    }
    const std::string path = args.required("db");
    if (args.positional().size() != 1) throw util::UsageError("declare takes exactly one DECLARATIONS.json file");
    const std::string file = args.positional().front();
    // Any other fault (permissions, ...) is the business of the open, which names it.
    std::error_code unreadable;
    if (!std::filesystem::exists(path, unreadable) && !unreadable) {
        throw std::runtime_error("database '" + path + "' does not exist");
    }
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read '" + file + "'");
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& error) {
        throw std::runtime_error("'" + file + "' is not valid JSON: " + error.what());
    }
    store::DeclarationSet set;
    try {
        set = search::parse_declarations(document);
    } catch (const search::DeclarationError& error) {
        throw std::runtime_error("'" + file + "': " + error.what());
    }
    store::Database db(path, store::OpenMode::read_write);
    store::configure_writer(db);
    store::migrate(db);
    const auto summary = store::write_declarations(db, set);
    if (args.flag("json")) {
        std::cout << nlohmann::json{{"practitioners", summary.practitioners}, {"practices", summary.practices},
                                    {"corrections", summary.corrections}}.dump(2) << "\n";
    } else {
        std::cout << "declared: " << summary.practices << " practices, " << summary.practitioners << " practitioners, "
                  << summary.corrections << " corrections\n";
    }
    return 0;
}

}  // namespace annuaire::commands
