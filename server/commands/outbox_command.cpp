#include "commands.hpp"

#include "owner/outbox_relay.hpp"
#include "util/args.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <filesystem>
#include <iostream>

namespace annuaire::commands {

namespace {

constexpr const char* kHelp = R"(Usage: annuaire outbox --db FILE [--unsent] [--json] [--limit N]
       annuaire outbox --db FILE --mark-sent ID[,ID...]

The mails the annuaire has to send (account activations, claims, password
resets), newest first. No mail server is assumed: an SMTP relay reads them
here (--unsent --json) and marks those it delivered (--mark-sent), or an
admin reads them in the console. Bodies are printed whole, links included:
run it as the database's owner only.

Options:
  --db FILE          directory database (must exist)
  --unsent           only the mails not marked sent yet
  --json             print JSON: [{"id", "created_at", "recipient", "subject", "body", "kind", "sent_at"}]
  --limit N          at most N mails (default 100)
  --mark-sent IDS    mark these mails as sent (repeat, or separate with commas)
  --help             this help
)";

}  // namespace

int outbox_command(const Arguments& arguments) {
    const util::Args args(arguments, {"db", "limit", "mark-sent"}, {"unsent", "json", "help"});
    if (args.flag("help")) {
        std::cout << kHelp;
        return 0;
    }
    if (!args.positional().empty()) throw util::UsageError("outbox takes no positional argument (see --help)");
    const auto path = args.required("db");
    std::error_code unreadable;
    if (!std::filesystem::exists(path, unreadable) && !unreadable) throw std::runtime_error("database '" + path + "' does not exist");
    const auto marks = args.values("mark-sent");
    if (!marks.empty()) {
        std::vector<std::int64_t> ids;
        for (const auto& value : marks) {
            std::size_t start = 0;
            while (start <= value.size()) {
                auto end = value.find(',', start);
                if (end == std::string::npos) end = value.size();
                const auto item = value.substr(start, end - start);
                std::int64_t id = 0;
                const auto [at, error] = std::from_chars(item.data(), item.data() + item.size(), id);
                if (item.empty() || error != std::errc() || at != item.data() + item.size() || id <= 0) {
                    throw util::UsageError("--mark-sent '" + item + "' is not a mail id");
                }
                ids.push_back(id);
                start = end + 1;
            }
        }
        owner::mark_mails_sent(path, ids);
        std::cout << "marked sent: " << ids.size() << " mails\n";
        return 0;
    }
    const auto mails = owner::mails_to_relay(path, args.flag("unsent"), static_cast<int>(args.number("limit", 100, 1, 100000)));
    if (args.flag("json")) {
        nlohmann::json items = nlohmann::json::array();
        for (const auto& mail : mails) {
            items.push_back({{"id", mail.id},
                             {"created_at", mail.created_at},
                             {"recipient", mail.recipient},
                             {"subject", mail.subject},
                             {"body", mail.body},
                             {"kind", mail.kind},
                             {"sent_at", mail.sent_at ? nlohmann::json(*mail.sent_at) : nlohmann::json()}});
        }
        std::cout << items.dump(2) << "\n";
        return 0;
    }
    if (mails.empty()) std::cout << "(no mail)\n";
    for (const auto& mail : mails) {
        std::cout << "#" << mail.id << "  " << mail.created_at << "  to " << mail.recipient << "  [" << mail.kind << "]"
                  << (mail.sent_at ? "  sent " + *mail.sent_at : std::string("  not sent")) << "\n"
                  << "Subject: " << mail.subject << "\n\n"
                  << mail.body << "\n\n";
    }
    return 0;
}

}  // namespace annuaire::commands
