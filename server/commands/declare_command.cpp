#include "commands.hpp"

#include "owner/declarations.hpp"
#include "owner/declare_job.hpp"
#include "owner/declared_values.hpp"
#include "store/owner_store.hpp"
#include "util/args.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

namespace annuaire::commands {

namespace {

constexpr const char* kHelp = R"(Usage: annuaire declare --db FILE DECLARATIONS.json

Records what professionals declared about their practices (Carte Vitale,
conventionnement, tiers payant, accessibility, home visits, teleconsultation,
publics, acts, opening hours) and about themselves (phone, website, ...), as an
administrator would until owners can edit their fiche. Declarations are keyed by
practitioner id and site (site_key or site_id) and survive re-imports. A running
server picks them up within a second.

The file is checked whole before anything is written, and written in one
transaction, or not at all: every problem is listed with its JSON path
(practices[3].pmr_acess: unknown field). Refused: a file over 10 MB, not UTF-8
or not JSON; unknown fields; values of the wrong type; integers out of range or
written with a fraction (12.0, 1e3); texts with control characters (tab and line
breaks only in expertise and training), bidirectional controls or over their
length limit; URLs other than http:// and https:// with a domain name and no
user:password@; phone numbers that are not French (stored as 0389123456);
malformed e-mail addresses (an MSSanté address must end in .mssante.fr); unknown
codes; overlapping opening hours; unknown practitioners and sites. See the
README for every rule.

Options:
  --db FILE    directory database (must exist)
  --json       print the summary as JSON
  --help       this help
)";

// size when known (a regular file), else the document was cut short while read.
std::string too_large(const std::string& file, std::optional<std::uintmax_t> size) {
    const auto limit = std::to_string(owner::kMaxDocumentBytes);
    return "'" + file + "' holds " + (size ? std::to_string(*size) + " bytes, more than the " + limit : "more than the " + limit) +
           " bytes a declarations document may hold: split it; nothing was written";
}

// The whole file, refused without reading it all when it is over the limit of a
// declarations document.
std::string read_document(const std::string& file) {
    std::error_code error;
    if (const auto size = std::filesystem::file_size(file, error); !error && size > owner::kMaxDocumentBytes) {
        throw std::runtime_error(too_large(file, size));
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read '" + file + "'");
    std::string text;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > owner::kMaxDocumentBytes) throw std::runtime_error(too_large(file, std::nullopt));
    }
    if (in.bad()) throw std::runtime_error("cannot read '" + file + "'");
    return text;
}

std::string refusal(const std::string& file, const owner::DeclarationError& error) {
    const auto count = error.problems().size() + error.unlisted();
    if (count == 1) return "'" + file + "' refused, nothing written: " + error.what();
    std::string text = "'" + file + "' refused, nothing written, " + std::to_string(count) + " problems:";
    for (const auto& problem : error.problems()) text += "\n  " + problem.path + ": " + problem.fault;
    if (error.unlisted() > 0) text += "\n  ... and " + std::to_string(error.unlisted()) + " more";
    return text;
}

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
    const auto document = read_document(file);
    store::DeclarationSummary summary;
    try {
        summary = owner::record_declarations(path, document, command_line_actor("annuaire declare"));
    } catch (const owner::DeclarationError& error) {
        throw std::runtime_error(refusal(file, error));
    } catch (const owner::DeclarationsNotWritten& error) {
        throw std::runtime_error("'" + file + "' refused, nothing written: " + error.what());
    }
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
