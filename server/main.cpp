// The annuaire executable: one binary, one subcommand per task.
#include "commands/commands.hpp"
#include "util/args.hpp"

#include <exception>
#include <functional>
#include <iostream>
#include <map>

namespace {

constexpr const char* kHelp = R"(annuaire — directory and map of health professionals for CPTS territories

Usage: annuaire COMMAND [options]   (annuaire COMMAND --help for details)

Commands:
  import    import an RPPS extract (.txt or .zip) into a directory database
  stats     print what a directory database holds
  serve     serve the search API (and --web static files) over HTTP
  declare   record owner-declared data (hours, Carte Vitale, ...) from a JSON file
  geocode   geocode cabinet addresses offline against the Base Adresse Nationale
  pin       pin the position of a site by hand
  user      add an admin of the console (prints a link to set the password), list accounts
  outbox    the mails waiting for a relay (activations, claims, password resets)
  backup    copy the database while it is in use (SQLite online backup)
)";

}  // namespace

int main(int argc, char** argv) {
    using Command = std::function<int(const annuaire::commands::Arguments&)>;
    const std::map<std::string, Command> commands = {
        {"import", annuaire::commands::import_command},
        {"stats", annuaire::commands::stats_command},
        {"serve", annuaire::commands::serve_command},
        {"declare", annuaire::commands::declare_command},
        {"geocode", annuaire::commands::geocode_command},
        {"pin", annuaire::commands::pin_command},
        {"user", annuaire::commands::user_command},
        {"outbox", annuaire::commands::outbox_command},
        {"backup", annuaire::commands::backup_command},
    };
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "help") {
        std::cout << kHelp;
        return argc < 2 ? 2 : 0;
    }
    const std::string name = argv[1];
    const auto command = commands.find(name);
    if (command == commands.end()) {
        std::cerr << "annuaire: unknown command '" << name << "'\n" << kHelp;
        return 2;
    }
    try {
        return command->second(annuaire::commands::Arguments(argv + 2, argv + argc));
    } catch (const annuaire::util::UsageError& error) {
        std::cerr << "annuaire " << name << ": " << error.what() << "\n";
        return 2;
    } catch (const std::exception& error) {
        std::cerr << "annuaire " << name << ": " << error.what() << "\n";
        return 1;
    }
}
