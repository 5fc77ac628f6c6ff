// annuaire-generate: deterministic sample data (BAN addresses and RPPS extracts)
// for the CPTS directory. See data/README.md.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "m2a.hpp"
#include "national.hpp"

namespace {

constexpr const char* kUsage =
    "usage: annuaire-generate <command> [options]\n"
    "\n"
    "commands:\n"
    "  m2a       BAN addresses and an RPPS extract for the 39 m2A communes\n"
    "  national  a France-wide RPPS extract (and optional BAN file) for benchmarks\n"
    "\n"
    "Run 'annuaire-generate <command> --help' for the options of a command.\n";

constexpr const char* kM2aUsage =
    "usage: annuaire-generate m2a --seed N --reference DIR --out-extract FILE --out-ban FILE.csv.gz\n"
    "                             [--out-truth FILE.tsv] [--people N]\n"
    "\n"
    "  --seed N            random seed (default 42); same seed, same files\n"
    "  --reference DIR     the project's data/reference/ directory\n"
    "  --out-extract FILE  PS_LibreAcces_Personne_activite extract to write (56 columns)\n"
    "  --out-ban FILE      BAN per-department CSV to write; gzip-compressed if it ends in .gz\n"
    "  --out-truth FILE    optional per-line ground truth (TSV): the BAN id each located line really points at,\n"
    "                      or the street and missing number, plus the noise applied to its address\n"
    "  --people N          number of practitioners (default 1600)\n";

constexpr const char* kNationalUsage =
    "usage: annuaire-generate national --seed N --lines N --reference DIR --out-extract FILE\n"
    "                                  [--out-ban FILE.csv.gz] [--zip] [--no-check]\n"
    "\n"
    "  --seed N            random seed (default 7)\n"
    "  --lines N           data lines to write (default 2300000)\n"
    "  --reference DIR     the project's data/reference/ directory (code labels, header);\n"
    "                      default: data/reference next to the current directory\n"
    "  --out-extract FILE  extract to write; with --zip, FILE is a .zip holding the extract\n"
    "  --out-ban FILE      also write a BAN-format file with every address the extract uses\n"
    "  --zip               write the extract inside a zip archive (GDAL /vsizip/)\n"
    "  --no-check          skip reading the extract back to check every line\n";

// Minimal "--name value" parser: each handler consumes the value of its option.
struct Args {
    std::vector<std::string> items;
    std::size_t pos = 0;
    bool done() const { return pos >= items.size(); }
    std::string value(const std::string& name) {
        if (pos >= items.size()) throw std::invalid_argument(name + " needs a value");
        return items[pos++];
    }
};

long long to_number(const std::string& name, const std::string& text) {
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || v < 0) throw std::invalid_argument(name + " expects a non-negative integer, got '" + text + "'");
    return v;
}

int run_m2a(Args& args) {
    gen::M2aOptions o;
    while (!args.done()) {
        const std::string opt = args.items[args.pos++];
        if (opt == "--help" || opt == "-h") {
            std::fputs(kM2aUsage, stdout);
            return 0;
        }
        if (opt == "--seed") o.seed = static_cast<std::uint64_t>(to_number(opt, args.value(opt)));
        else if (opt == "--reference") o.reference_dir = args.value(opt);
        else if (opt == "--out-extract") o.out_extract = args.value(opt);
        else if (opt == "--out-ban") o.out_ban = args.value(opt);
        else if (opt == "--out-truth") o.out_truth = args.value(opt);
        else if (opt == "--people") o.people = static_cast<int>(to_number(opt, args.value(opt)));
        else throw std::invalid_argument("unknown option " + opt + " (see --help)");
    }
    gen::run_m2a(o);
    return 0;
}

int run_national(Args& args) {
    gen::NationalOptions o;
    o.reference_dir = "data/reference";
    while (!args.done()) {
        const std::string opt = args.items[args.pos++];
        if (opt == "--help" || opt == "-h") {
            std::fputs(kNationalUsage, stdout);
            return 0;
        }
        if (opt == "--seed") o.seed = static_cast<std::uint64_t>(to_number(opt, args.value(opt)));
        else if (opt == "--lines") o.lines = static_cast<long>(to_number(opt, args.value(opt)));
        else if (opt == "--reference") o.reference_dir = args.value(opt);
        else if (opt == "--out-extract") o.out_extract = args.value(opt);
        else if (opt == "--out-ban") o.out_ban = args.value(opt);
        else if (opt == "--zip") o.zip = true;
        else if (opt == "--no-check") o.check = false;
        else throw std::invalid_argument("unknown option " + opt + " (see --help)");
    }
    gen::run_national(o);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Args args;
    for (int i = 2; i < argc; ++i) args.items.emplace_back(argv[i]);
    const std::string_view command = argc > 1 ? argv[1] : "";
    try {
        if (command == "m2a") return run_m2a(args);
        if (command == "national") return run_national(args);
        if (command == "--help" || command == "-h" || command == "help") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        std::fputs(kUsage, stderr);
        return 2;
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "annuaire-generate %s: %s\n", std::string(command).c_str(), e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "annuaire-generate %s: error: %s\n", std::string(command).c_str(), e.what());
        return 1;
    }
}
