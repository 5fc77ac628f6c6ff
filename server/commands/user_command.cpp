#include "commands.hpp"

#include "owner/owner_error.hpp"
#include "owner/owner_service.hpp"
#include "util/args.hpp"

#include <filesystem>
#include <iostream>

namespace annuaire::commands {

namespace {

constexpr const char* kHelp = R"(Usage: annuaire user add --db FILE --admin EMAIL [--public-url URL]
       annuaire user list --db FILE [--json]

add: creates an admin account of the console (or, for an admin that exists,
issues a new link) and prints a one-time link to set its password, valid 72
hours. This is how the first admin gets in: later ones are invited from the
console. The link opens the page /compte/mot-de-passe of the server at URL.

list: the accounts, their role, status and the fiches they own.

Options:
  --db FILE          directory database (must exist)
  --admin EMAIL      the admin's e-mail address: their login
  --public-url URL   where the server is reached, for the link (default http://127.0.0.1:8080)
  --json             (list) print JSON
  --help             this help
)";

void require_database(const std::string& path) {
    std::error_code unreadable;
    if (!std::filesystem::exists(path, unreadable) && !unreadable) throw std::runtime_error("database '" + path + "' does not exist");
}

}  // namespace

int user_command(const Arguments& arguments) {
    const util::Args args(arguments, {"db", "admin", "public-url"}, {"json", "help"});
    if (args.flag("help")) {
        std::cout << kHelp;
        return 0;
    }
    if (args.positional().size() != 1) throw util::UsageError("user takes one action, add or list (see --help)");
    const auto& action = args.positional().front();
    const auto path = args.required("db");
    require_database(path);
    owner::OwnerService::upgrade_schema(path);
    if (action == "add") {
        owner::OwnerConfig config;
        config.database_path = path;
        config.public_url = args.value("public-url").value_or(config.public_url);
        try {
            config.validate();
        } catch (const std::invalid_argument& error) {
            throw util::UsageError(error.what());
        }
        const auto email = args.required("admin");
        owner::OwnerService service(config);
        try {
            const auto link = service.add_admin(email, command_line_actor("annuaire user add"));
            std::cout << "admin " << email << ": set the password within 72 hours at\n" << link << "\n";
        } catch (const owner::OwnerError& error) {
            throw std::runtime_error(error.what());
        }
        return 0;
    }
    if (action == "list") {
        owner::OwnerConfig config;
        config.database_path = path;
        owner::OwnerService service(config);
        nlohmann::json items = nlohmann::json::array();
        for (const auto& user : service.all_users()["items"]) {
            items.push_back({{"id", user["id"]}, {"email", user["email"]}, {"role", user["role"]}, {"status", user["status"]},
                             {"fiches", user["fiches"]}});
        }
        if (args.flag("json")) {
            std::cout << items.dump(2) << "\n";
        } else {
            for (const auto& item : items) {
                std::cout << item["id"].get<std::int64_t>() << "  " << item["email"].get<std::string>() << "  "
                          << item["role"].get<std::string>() << "  " << item["status"].get<std::string>();
                if (!item["fiches"].empty()) std::cout << "  fiches: " << item["fiches"].dump();
                std::cout << "\n";
            }
        }
        return 0;
    }
    throw util::UsageError("unknown action '" + action + "': add or list (see --help)");
}

}  // namespace annuaire::commands
