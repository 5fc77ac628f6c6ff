// geocode-bench: the helper of tests/bench/geocode-accuracy.sh and geocode-speed.sh.
//
//   geocode-bench prepare --ban adresses-75.csv.gz --cedex cedex.csv.gz --header HEADER --out DIR [--per-kind N] [--seed S]
//     Samples real BAN rows, writes them the RPPS way with one noise kind each into
//     DIR/extract.txt (56-column RPPS extract), the BAN file minus the house numbers
//     used by the "missing_number" kind into DIR/ban.csv, and the true positions
//     into DIR/truth.tsv.
//   geocode-bench compare --db DB --truth DIR/truth.tsv
//     Share of sites placed within 30 m of the true BAN position, per noise kind.
//   geocode-bench speed --db DB [--seconds S] [--truth DIR/truth.tsv]
//     Geocodes the database's site addresses in a loop on one core; addresses/s by the clock
//     and per second of CPU time, and per noise kind when given the truth file.
//   geocode-bench query --db DB [--number N] [--type R] [--street NAME] [--postcode P] [--code INSEE]
//                       [--town T] [--office "BUREAU CEDEX"] [--complement C] [--repetition B]
//     What the geocoder makes of one address, with its reasons.
#include "address_index.hpp"
#include "ban_reader.hpp"
#include "geocode_job.hpp"
#include "geocoder.hpp"
#include "projection.hpp"
#include "reference/commune_resolver.hpp"
#include "reference/reference_data.hpp"
#include "store/address_store.hpp"
#include "store/schema.hpp"
#include "text/address_normalize.hpp"
#include "text/normalize.hpp"

#include <cpl_vsi.h>

#include <ctime>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace {

using namespace annuaire;

// The first five kinds are those of issue 2; the last six, the ways real RPPS rows
// write addresses that issue 8 lists.
const std::vector<std::string> kKinds = {"rpps_style",   "abbreviations", "typo",           "no_insee",
                                         "missing_number", "city_code",    "number_suffix",  "missing_type",
                                         "street_noise",   "wrong_postcode", "cedex_label"};

std::string option(const std::vector<std::string>& args, const std::string& name, const std::string& fallback = "") {
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == "--" + name) return args[i + 1];
    }
    if (fallback.empty()) throw std::runtime_error("missing --" + name);
    return fallback;
}

// Upper case without accents, keeping punctuation: the way RPPS writes names.
std::string rpps_upper(const std::string& utf8) {
    std::string out;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        const std::size_t length = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : 4;
        const std::string piece = utf8.substr(i, length);
        i += length;
        const std::string folded = text::fold(piece);
        if (folded.empty()) { out += piece; continue; }
        for (const char c : folded) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    return out;
}

const std::map<std::string, std::string> kTypeCodes = {
    {"allee", "ALL"}, {"avenue", "AV"}, {"boulevard", "BD"}, {"carrefour", "CAR"}, {"chemin", "CHE"},
    {"chaussee", "CHS"}, {"cite", "CITE"}, {"cours", "CRS"}, {"faubourg", "FG"}, {"galerie", "GAL"},
    {"hameau", "HAM"}, {"impasse", "IMP"}, {"passage", "PAS"}, {"place", "PL"}, {"promenade", "PRO"},
    {"quai", "QUAI"}, {"route", "RTE"}, {"rue", "R"}, {"sentier", "SEN"}, {"square", "SQ"},
    {"villa", "VLA"}, {"voie", "VOIE"}, {"cour", "COUR"}, {"port", "PORT"}, {"parvis", "PRV"},
    {"rond", "RPT"}, {"esplanade", "ESP"}, {"residence", "RES"},
};

const std::vector<std::pair<std::string, std::string>> kAbbreviations = {
    {"SAINT", "ST"}, {"SAINTE", "STE"}, {"GENERAL", "GAL"}, {"DOCTEUR", "DR"}, {"MARECHAL", "MAL"},
    {"PRESIDENT", "PDT"}, {"PROFESSEUR", "PR"}, {"FAUBOURG", "FBG"}, {"COMMANDANT", "CDT"},
    {"GRANDE", "GDE"}, {"BOULEVARD", "BD"}, {"AVENUE", "AV"}, {"PLACE", "PL"}, {"COLONEL", "COL"},
    {"LIEUTENANT", "LT"}, {"MONSEIGNEUR", "MGR"}, {"CAPITAINE", "CNE"},
};

// Paris arrondissement of an INSEE code (75101 -> 1 … 75120 -> 20); 0 for any other code.
int arrondissement(const std::string& insee) {
    if (insee.size() != 5 || insee.compare(0, 3, "751") != 0) return 0;
    const int n = std::stoi(insee.substr(3));
    return n >= 1 && n <= 20 ? n : 0;
}

// The postcode an RPPS row gives for arrondissement n: 75001 … 75020.
std::string arrondissement_postcode(int n) {
    char code[8];
    std::snprintf(code, sizeof code, "750%02d", n);
    return code;
}

// Arrondissements that touch: some of their addresses lie in the same or adjoining
// cells of a ~200 m grid (so across the Seine too).
std::map<int, std::set<int>> neighbouring_arrondissements(const std::vector<store::BanRecord>& rows) {
    std::map<std::pair<int, int>, std::set<int>> cells;
    for (const auto& row : rows) {
        if (const int n = arrondissement(row.insee)) {
            cells[{static_cast<int>(std::floor(row.lon / 0.0027)), static_cast<int>(std::floor(row.lat / 0.0018))}].insert(n);
        }
    }
    std::map<int, std::set<int>> neighbours;
    for (const auto& [cell, here] : cells) {
        for (int dx = -1; dx <= 1; ++dx) {
            for (int dy = -1; dy <= 1; ++dy) {
                const auto other = cells.find({cell.first + dx, cell.second + dy});
                if (other == cells.end()) continue;
                for (const int a : here) {
                    for (const int b : other->second) if (a != b) neighbours[a].insert(b);
                }
            }
        }
    }
    return neighbours;
}

// Text that RPPS rows carry after the street name: floors, buildings, staircases,
// residences, PO boxes, remarks in brackets.
std::string street_line_noise(std::mt19937& rng) {
    static const char* kResidences[] = {"LES LILAS", "DU PARC", "LES TILLEULS", "SAINT JACQUES", "LE MONCEAU"};
    const std::string letter(1, static_cast<char>('A' + rng() % 6));
    switch (rng() % 10) {
        case 0: return " (1ER ETAGE DROITE)";
        case 1: return " (" + std::to_string(2 + rng() % 5) + "EME ETAGE)";
        case 2: return std::string(" RESIDENCE ") + kResidences[rng() % 5] + " ESCALIER " + letter;
        case 3: return " BAT " + letter + " " + std::to_string(2 + rng() % 5) + "EME ETAGE";
        case 4: return " ESC " + letter;
        case 5: return " BP " + std::to_string(10 + rng() % 990);
        case 6: return " CS " + std::to_string(10000 + rng() % 90000);
        case 7: return " (FACE A LA MAIRIE)";
        case 8: return " 1ER ETAGE";
        default: return " APPT " + std::to_string(1 + rng() % 60);
    }
}

// The national CEDEX table (data/reference/cedex.csv.gz): Paris codes by the
// arrondissement their label names ("PARIS CEDEX 07" -> 7), and every code.
struct CedexCodes {
    std::map<int, std::vector<std::string>> paris;
    std::set<std::string> all;
};

struct RppsAddress {
    std::string number, repetition, type_code, type_label, name, cedex_office, postcode, commune_code, commune_name;
};

// Splits "Avenue du Général Lemonnier" into type code, label and the rest, RPPS style.
RppsAddress rpps_style(const store::BanRecord& row, std::mt19937& rng) {
    RppsAddress a;
    a.number = std::to_string(row.number);
    if (!row.repetition.empty()) {
        const bool long_form = rng() % 2 == 0;
        if (row.repetition == "b") a.repetition = long_form ? "BIS" : "B";
        else if (row.repetition == "t") a.repetition = long_form ? "TER" : "T";
        else if (row.repetition == "q") a.repetition = long_form ? "QUATER" : "Q";
        else a.repetition = rpps_upper(row.repetition);
    }
    const std::string& name = row.street_name;
    const std::size_t space = name.find(' ');
    const std::string first = text::fold(name.substr(0, space));
    const auto type = kTypeCodes.find(first);
    if (type != kTypeCodes.end() && space != std::string::npos) {
        a.type_code = type->second;
        a.type_label = name.substr(0, space);
        a.name = rpps_upper(name.substr(space + 1));
    } else {
        a.name = rpps_upper(name);
    }
    a.postcode = row.postcode;
    a.commune_code = row.insee;
    a.commune_name = rpps_upper(row.commune_name);
    a.cedex_office = row.postcode + " " + rpps_upper(row.routing_label.empty() ? row.commune_name : row.routing_label);
    return a;
}

bool abbreviate(RppsAddress& a) {
    bool changed = false;
    std::istringstream words(a.name);
    std::string word, out;
    while (words >> word) {
        for (const auto& [full, abbreviation] : kAbbreviations) {
            if (word == full) { word = abbreviation; changed = true; break; }
            // Hyphenated: SAINT-GERMAIN -> ST-GERMAIN
            if (word.rfind(full + "-", 0) == 0) { word = abbreviation + word.substr(full.size()); changed = true; break; }
        }
        out += (out.empty() ? "" : " ") + word;
    }
    a.name = out;
    // The type as a bare code, as many RPPS rows have it.
    if (!a.type_code.empty()) { a.type_label.clear(); changed = true; }
    return changed;
}

bool make_typo(RppsAddress& a, std::mt19937& rng) {
    // A word of at least 4 letters of the name, one letter replaced, dropped, added or swapped.
    std::vector<std::pair<std::size_t, std::size_t>> words;
    for (std::size_t i = 0; i < a.name.size();) {
        while (i < a.name.size() && !std::isalpha(static_cast<unsigned char>(a.name[i]))) ++i;
        std::size_t j = i;
        while (j < a.name.size() && std::isalpha(static_cast<unsigned char>(a.name[j]))) ++j;
        if (j - i >= 4) words.emplace_back(i, j - i);
        i = j;
    }
    if (words.empty()) return false;
    const auto [start, length] = words[rng() % words.size()];
    const std::size_t at = start + 1 + rng() % (length - 1);  // keep the first letter
    const char letter = static_cast<char>('A' + rng() % 26);
    switch (rng() % 4) {
        case 0: a.name[at] = a.name[at] == letter ? static_cast<char>('A' + (letter - 'A' + 1) % 26) : letter; break;
        case 1: a.name.erase(at, 1); break;
        case 2: a.name.insert(a.name.begin() + static_cast<std::ptrdiff_t>(at), letter); break;
        default:
            if (at + 1 < start + length && a.name[at] != a.name[at + 1]) std::swap(a.name[at], a.name[at + 1]);
            else a.name[at] = a.name[at] == letter ? static_cast<char>('A' + (letter - 'A' + 1) % 26) : letter;
    }
    return true;
}

std::string read_whole(const std::string& path) {
    const bool gz = path.size() > 3 && path.substr(path.size() - 3) == ".gz";
    VSILFILE* file = VSIFOpenL((gz ? "/vsigzip/" + path : path).c_str(), "rb");
    if (!file) throw std::runtime_error("cannot open " + path);
    std::string content;
    std::vector<char> buffer(1 << 20);
    for (;;) {
        const std::size_t got = VSIFReadL(buffer.data(), 1, buffer.size(), file);
        content.append(buffer.data(), got);
        if (got < buffer.size()) break;
    }
    VSIFCloseL(file);
    return content;
}

CedexCodes read_cedex_codes(const std::string& path) {
    CedexCodes codes;
    std::istringstream lines(read_whole(path));
    std::string line;
    std::getline(lines, line);  // header
    while (std::getline(lines, line)) {
        const std::size_t first = line.find(';');
        const std::size_t second = line.find(';', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        const std::string code = line.substr(0, first);
        const std::string label = line.substr(first + 1, second - first - 1);
        codes.all.insert(code);
        if (label.size() == 14 && label.compare(0, 12, "PARIS CEDEX ") == 0) {
            const int n = std::stoi(label.substr(12));
            auto& list = codes.paris[n];
            if (n >= 1 && n <= 20 && std::find(list.begin(), list.end(), code) == list.end()) list.push_back(code);
        }
    }
    return codes;
}

int prepare(const std::vector<std::string>& args) {
    const std::string ban_path = option(args, "ban");
    const std::string header_path = option(args, "header");
    const std::string out = option(args, "out");
    const int per_kind = std::stoi(option(args, "per-kind", "2000"));
    std::mt19937 rng(static_cast<unsigned>(std::stoul(option(args, "seed", "20240621"))));

    const geo::BanFile ban = geo::read_ban_file(ban_path);
    const CedexCodes cedex = read_cedex_codes(option(args, "cedex"));
    const auto neighbours = neighbouring_arrondissements(ban.rows);
    // Street -> numbers present, for the missing-number kind.
    std::unordered_map<std::string, std::vector<std::size_t>> by_street;
    for (std::size_t i = 0; i < ban.rows.size(); ++i) {
        by_street[ban.rows[i].insee + "|" + ban.rows[i].street_name].push_back(i);
    }
    // Addresses a cabinet can have: a real house number, a standard repetition index
    // (none, bis, ter, quater: Paris-only suffixes such as "v" or "p1" never appear in
    // the RPPS), and a postal street name (not an internal lane code like "Voie AF/20").
    std::vector<std::size_t> eligible;
    for (std::size_t i = 0; i < ban.rows.size(); ++i) {
        const auto& row = ban.rows[i];
        const bool standard_repetition = row.repetition.empty() || row.repetition == "b" ||
                                         row.repetition == "t" || row.repetition == "q";
        if (row.number > 0 && row.number < 99990 && standard_repetition &&
            row.street_name.find('/') == std::string::npos) {
            eligible.push_back(i);
        }
    }
    std::shuffle(eligible.begin(), eligible.end(), rng);

    std::ifstream header_file(header_path);
    std::string header;
    std::getline(header_file, header);
    if (header.empty()) throw std::runtime_error("cannot read the RPPS header " + header_path);

    std::ofstream extract(out + "/extract.txt");
    std::ofstream truth(out + "/truth.tsv");
    extract << header << "\n";
    truth << "site_key\tkind\tlon\tlat\tban_address\tquery\n";
    std::unordered_set<std::string> held_out;           // BAN ids removed from the index
    std::unordered_set<std::string> used_streets_missing;  // one missing number per street
    std::unordered_set<std::string> used_numbers;  // street|number of every sampled address
    std::size_t next = 0;
    int serial = 0;
    for (const auto& kind : kKinds) {
        int written = 0;
        while (written < per_kind && next < eligible.size()) {
            const auto& row = ban.rows[eligible[next++]];
            const std::string number_key = row.insee + "|" + row.street_name + "|" + std::to_string(row.number);
            if (held_out.count(row.id)) continue;
            // A house number held out of the index must not be the answer expected elsewhere.
            if (kind == "missing_number" && used_numbers.count(number_key)) continue;
            RppsAddress a = rpps_style(row, rng);
            const int kind_serial = written;  // alternates the variants of a kind
            if (kind == "abbreviations" && !abbreviate(a)) continue;
            if (kind == "city_code") a.commune_code = "75056";  // Paris as a whole
            if (kind == "number_suffix") {
                // Half: the repetition index glued to the number ("12B", "12 BIS"); half: a range.
                if (kind_serial % 2 == 0) {
                    if (a.repetition.empty()) continue;
                    const std::string letter = a.repetition.substr(0, 1);
                    const std::string word = row.repetition == "b" ? "BIS" : row.repetition == "t" ? "TER" : "QUATER";
                    switch (rng() % 4) {
                        case 0: a.number += letter; break;
                        case 1: a.number += " " + letter; break;
                        case 2: a.number += word; break;
                        default: a.number += " " + word;
                    }
                    a.repetition.clear();
                } else {
                    if (!a.repetition.empty()) continue;
                    a.number += "-" + std::to_string(row.number + (rng() % 2 ? 2 : 4));
                }
            }
            if (kind == "missing_type") {
                if (a.type_code.empty()) continue;  // no street type to leave out
                a.type_code.clear();
                a.type_label.clear();
            }
            if (kind == "street_noise") {
                a.name += street_line_noise(rng);
                // A quarter write the street type in the name, with no type code.
                if (kind_serial % 4 == 3 && !a.type_label.empty()) {
                    a.name = rpps_upper(a.type_label) + " " + a.name;
                    a.type_code.clear();
                    a.type_label.clear();
                }
            }
            if (kind == "wrong_postcode") {
                const auto found = neighbours.find(arrondissement(row.insee));
                if (found == neighbours.end() || found->second.empty()) continue;
                auto pick = found->second.begin();
                std::advance(pick, rng() % found->second.size());
                a.postcode = arrondissement_postcode(*pick);
                a.commune_code.clear();
                a.commune_name = kind_serial % 2 ? "PARIS" : "";
                a.cedex_office = a.postcode + " PARIS";
            }
            if (kind == "cedex_label") {
                // A CEDEX code (half of the table, half unknown to it) and the label
                // "PARIS CEDEX 07" as the town; half also give it as the Bureau cedex.
                const int n = arrondissement(row.insee);
                char label[24];
                std::snprintf(label, sizeof label, "PARIS CEDEX %02d", n);
                const auto known = cedex.paris.find(n);
                if (kind_serial % 2 == 0 && known != cedex.paris.end()) {
                    a.postcode = known->second[rng() % known->second.size()];
                } else {
                    do a.postcode = std::to_string(75300 + rng() % 700);
                    while (cedex.all.count(a.postcode));
                }
                a.commune_code.clear();
                a.commune_name = label;
                a.cedex_office = kind_serial % 4 < 2 ? a.postcode + " " + label : "";
            }
            if (kind == "typo" && !make_typo(a, rng)) continue;
            if (kind == "no_insee") {
                a.commune_code.clear();
                // Half give the town, half only the "Bureau cedex".
                a.commune_name = rng() % 2 ? "PARIS" : "";
            }
            if (kind == "missing_number") {
                const std::string street = row.insee + "|" + row.street_name;
                if (used_streets_missing.count(street)) continue;
                // Remove every row with this number (any repetition index) from the index.
                const auto& rows = by_street[street];
                std::size_t same = 0;
                for (const auto i : rows) if (ban.rows[i].number == row.number) ++same;
                if (rows.size() - same < 2) continue;  // a street with no other number is not a test of numbers
                used_streets_missing.insert(street);
                for (const auto i : rows) if (ban.rows[i].number == row.number) held_out.insert(ban.rows[i].id);
            }
            used_numbers.insert(number_key);
            ++serial;
            char id[16];
            std::snprintf(id, sizeof id, "1%010d", serial);
            const std::string structure = "R1BENCH" + std::to_string(serial);
            std::vector<std::string> f(56);
            f[0] = "8"; f[1] = id; f[2] = std::string("8") + id; f[3] = "DR"; f[4] = "Docteur";
            f[7] = "BENCH" + std::to_string(serial); f[8] = "Camille"; f[9] = "10"; f[10] = "Médecin";
            f[11] = "C"; f[12] = "Civil"; f[17] = "L"; f[18] = "Libéral";
            f[23] = structure; f[24] = "CABINET BENCH " + std::to_string(serial);
            f[28] = a.number; f[29] = a.repetition; f[30] = a.type_code; f[31] = a.type_label; f[32] = a.name;
            f[34] = a.cedex_office; f[35] = a.postcode; f[36] = a.commune_code;
            f[37] = a.commune_name; f[48] = "SA07"; f[49] = "Cabinet individuel";
            for (const auto& field : f) extract << field << "|";
            extract << "\n";
            std::ostringstream query;
            query << a.number << (a.repetition.empty() ? "" : " " + a.repetition) << " [" << a.type_code << "|"
                  << a.type_label << "] " << a.name << ", " << a.postcode << " code=" << a.commune_code << " town="
                  << a.commune_name << (a.cedex_office.empty() ? "" : " bureau=" + a.cedex_office);
            truth << structure << "\t" << kind << "\t" << std::setprecision(9) << row.lon << "\t" << row.lat << "\t"
                  << row.number << (row.repetition.empty() ? "" : row.repetition) << " " << row.street_name << " "
                  << row.postcode << "\t" << query.str() << "\n";
            ++written;
        }
    }
    // The BAN file without the held-out numbers, lines copied as they are.
    const std::string content = read_whole(ban_path);
    std::ofstream ban_out(out + "/ban.csv");
    std::size_t start = 0;
    bool first = true;
    std::size_t kept = 0;
    while (start < content.size()) {
        std::size_t end = content.find('\n', start);
        if (end == std::string::npos) end = content.size();
        const std::string_view line(content.data() + start, end - start);
        const std::string id(line.substr(0, line.find(';')));
        if (first || !held_out.count(id)) { ban_out << line << "\n"; if (!first) ++kept; }
        first = false;
        start = end + 1;
    }
    std::cout << "prepared " << serial << " addresses (" << per_kind << " per noise kind) in " << out
              << "; BAN rows kept " << kept << ", held out " << held_out.size() << "\n";
    return 0;
}

int compare(const std::vector<std::string>& args) {
    store::Database db(option(args, "db"), store::OpenMode::read_only);
    store::AddressStore addresses(db);
    std::unordered_map<std::string, store::SitePosition> sites;
    for (auto& site : addresses.site_positions()) sites.emplace(site.site_key, std::move(site));
    std::ifstream truth(option(args, "truth"));
    const double threshold = std::stod(option(args, "meters", "30"));
    const bool verbose = std::find(args.begin(), args.end(), "--failures") != args.end();
    std::string line;
    std::getline(truth, line);
    struct Tally {
        int total = 0, within = 0;
        int silent = 0;       // farther than the threshold (or not placed) without low confidence
        int moved = 0;        // placed outside the communes the address names first
        int unexplained = 0;  // of those, without a reason that says so
        std::map<std::string, int> precision;
        std::map<std::string, int> confidence;
        std::vector<double> errors;
    };
    std::map<std::string, Tally> tallies;
    Tally all;
    std::vector<std::string> failures;
    while (std::getline(truth, line)) {
        std::vector<std::string> f;
        std::size_t start = 0;
        for (;;) {
            const std::size_t end = line.find('\t', start);
            f.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
            if (end == std::string::npos) break;
            start = end + 1;
        }
        if (f.size() < 6) continue;
        Tally& tally = tallies[f[1]];
        ++tally.total;
        ++all.total;
        const auto found = sites.find(f[0]);
        double error = 1e9;
        std::string precision = "missing";
        if (found != sites.end()) {
            precision = found->second.precision.empty() ? "pending" : found->second.precision;
            if (found->second.lat && found->second.lon) {
                error = geo::geodesic_distance_m({std::stod(f[2]), std::stod(f[3])},
                                                 {*found->second.lon, *found->second.lat});
            }
        }
        ++tally.precision[precision];
        ++all.precision[precision];
        if (found != sites.end()) {
            const auto& site = found->second;
            ++tally.confidence[site.confidence];
            ++all.confidence[site.confidence];
            if (!site.insee.empty() && (" " + site.named_insee + " ").find(" " + site.insee + " ") == std::string::npos) {
                ++tally.moved;
                ++all.moved;
                if (site.reason.find(" names ") == std::string::npos) { ++tally.unexplained; ++all.unexplained; }
            }
        }
        // Interpolated and street positions say what they are; a house number placed far off
        // must say it is unsure.
        if (error > threshold && (found == sites.end() || (found->second.confidence != "low" &&
                                                            found->second.precision == "housenumber"))) {
            ++tally.silent;
            ++all.silent;
        }
        tally.errors.push_back(error);
        all.errors.push_back(error);
        if (error <= threshold) { ++tally.within; ++all.within; }
        else if (verbose) {
            std::ostringstream out;
            out << f[1] << ": " << f[5] << "  ->  " << (found != sites.end() ? found->second.label : "?") << " ["
                << precision << "] " << static_cast<long>(error) << " m; truth " << f[4]
                << (found != sites.end() && !found->second.reason.empty() ? "; " + found->second.reason : "");
            failures.push_back(out.str());
        }
    }
    const auto median = [](std::vector<double> values) {
        if (values.empty()) return 0.0;
        std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
        return values[values.size() / 2];
    };
    const auto print = [&](const std::string& name, const Tally& tally) {
        const double middle = median(tally.errors);
        std::ostringstream median_text;
        if (middle >= 1e8) median_text << "-";
        else median_text << std::fixed << std::setprecision(1) << middle << " m";
        std::cout << std::left << std::setw(16) << name << std::right << std::setw(6) << tally.total << std::setw(9)
                  << std::fixed << std::setprecision(2) << (tally.total ? 100.0 * tally.within / tally.total : 0.0)
                  << " %" << std::setw(10) << median_text.str() << std::setw(8) << tally.silent << std::setw(7)
                  << tally.moved << std::setw(7) << tally.unexplained << "   ";
        for (const auto& [precision, count] : tally.precision) std::cout << precision << "=" << count << " ";
        std::cout << "|";
        for (const auto& [confidence, count] : tally.confidence) {
            std::cout << " " << (confidence.empty() ? "unrecorded" : confidence) << "=" << count;
        }
        std::cout << "\n";
    };
    std::cout << "silent: placed at a house number farther than " << threshold << " m (or not placed) without low\n"
              << "confidence; moved: placed outside the communes the address names first; unexplained: moved\n"
              << "without a reason saying so\n\n"
              << "noise kind       sites  <= " << threshold
              << " m    median  silent  moved  unexpl.  precision | confidence\n";
    for (const auto& kind : kKinds) if (tallies.count(kind)) print(kind, tallies[kind]);
    print("overall", all);
    for (const auto& failure : failures) std::cout << "  miss " << failure << "\n";
    return 0;
}

// CPU time of this thread: what "on one core" means on a host shared with other work.
double thread_cpu_seconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

int speed(const std::vector<std::string>& args) {
    using Clock = std::chrono::steady_clock;
    store::Database db(option(args, "db"), store::OpenMode::read_only);
    const double seconds = std::stod(option(args, "seconds", "3"));
    auto start = Clock::now();
    const geo::AddressIndex index = geo::load_address_index(db);
    const double load = std::chrono::duration<double>(Clock::now() - start).count();
    store::AddressStore addresses(db);
    std::unordered_map<std::int64_t, std::string> keys;
    for (auto& site : addresses.site_positions()) keys.emplace(site.id, std::move(site.site_key));
    std::vector<geo::AddressQuery> queries;
    std::vector<std::string> query_keys;
    for (const auto& site : addresses.pending_sites(true)) {
        geo::AddressQuery q;
        q.street_number = site.street_number; q.repetition_index = site.repetition_index;
        q.street_type_code = site.street_type_code; q.street_type_label = site.street_type_label;
        q.street_name = site.street_name; q.geo_complement = site.geo_complement; q.cedex_office = site.cedex_office;
        q.postcode = site.postcode; q.commune_code = site.commune_code; q.commune_name = site.commune_name;
        q.country_code = site.country_code; q.resolved_insee = site.resolved_insee;
        queries.push_back(std::move(q));
        query_keys.push_back(keys[site.id]);
    }
    if (queries.empty()) throw std::runtime_error("the database has no public site to geocode");
    // As `annuaire geocode` does: with the reference tables (CEDEX, merged communes).
    const reference::CommuneResolver resolver(reference::load_reference_data(reference::default_data_dir()));
    const geo::Geocoder geocoder(index, nullptr, &resolver);
    std::size_t done = 0;
    double checksum = 0;
    start = Clock::now();
    const double cpu_start = thread_cpu_seconds();
    double elapsed = 0;
    while (elapsed < seconds) {
        for (const auto& q : queries) checksum += geocoder.geocode(q).score;
        done += queries.size();
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    const double cpu = thread_cpu_seconds() - cpu_start;
    std::cout << "index: " << index.address_count() << " addresses loaded from the database in " << std::fixed
              << std::setprecision(3) << load << " s\n"
              << "geocoded " << done << " addresses (" << queries.size() << " distinct) in " << elapsed
              << " s on one core: " << std::setprecision(0) << done / elapsed << " addresses/s by the clock, "
              << done / cpu << " per second of CPU time (checksum " << std::setprecision(1) << checksum << ")\n";

    // Per noise kind, when the truth file says which site is of which kind.
    const std::string truth_path = option(args, "truth", " ");
    if (truth_path == " ") return 0;
    std::unordered_map<std::string, std::string> kind_of;
    std::ifstream truth(truth_path);
    std::string line;
    std::getline(truth, line);
    while (std::getline(truth, line)) {
        const std::size_t tab = line.find('\t');
        if (tab != std::string::npos) kind_of[line.substr(0, tab)] = line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1);
    }
    std::cout << "CPU time per kind:\n";
    for (const auto& kind : kKinds) {
        std::vector<const geo::AddressQuery*> of_kind;
        for (std::size_t i = 0; i < queries.size(); ++i) {
            if (kind_of[query_keys[i]] == kind) of_kind.push_back(&queries[i]);
        }
        if (of_kind.empty()) continue;
        std::size_t count = 0;
        const double kind_start = thread_cpu_seconds();
        double spent = 0;
        while (spent < seconds / static_cast<double>(kKinds.size())) {
            for (const auto* q : of_kind) checksum += geocoder.geocode(*q).score;
            count += of_kind.size();
            spent = thread_cpu_seconds() - kind_start;
        }
        std::cout << "  " << std::left << std::setw(16) << kind << std::right << std::setw(10) << std::setprecision(0)
                  << count / spent << " addresses/s\n";
    }
    return 0;
}

// One address, for a look at what the geocoder makes of it.
int query(const std::vector<std::string>& args) {
    store::Database db(option(args, "db"), store::OpenMode::read_only);
    const geo::AddressIndex index = geo::load_address_index(db);
    const reference::CommuneResolver resolver(reference::load_reference_data(reference::default_data_dir()));
    const geo::Geocoder geocoder(index, nullptr, &resolver);
    geo::AddressQuery q;
    q.street_number = option(args, "number", " ");
    q.repetition_index = option(args, "repetition", " ");
    q.street_type_code = option(args, "type", " ");
    q.street_name = option(args, "street", " ");
    q.geo_complement = option(args, "complement", " ");
    q.cedex_office = option(args, "office", " ");
    q.postcode = option(args, "postcode", " ");
    q.commune_code = option(args, "code", " ");
    q.commune_name = option(args, "town", " ");
    for (std::string* field : {&q.street_number, &q.repetition_index, &q.street_type_code, &q.street_name,
                               &q.geo_complement, &q.cedex_office, &q.postcode, &q.commune_code, &q.commune_name}) {
        if (*field == " ") field->clear();
    }
    const auto result = geocoder.geocode(q);
    std::cout << std::setprecision(8) << to_string(result.precision) << " " << result.lat << "," << result.lon << " "
              << result.label << " [" << result.insee << "] commune=" << to_string(result.commune_source)
              << " street=" << to_string(result.street_match) << " confidence=" << to_string(result.confidence)
              << " score=" << result.score << " named=" << result.named_insee << "\n  " << result.reason << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (!args.empty() && args[0] == "prepare") return prepare(args);
        if (!args.empty() && args[0] == "compare") return compare(args);
        if (!args.empty() && args[0] == "speed") return speed(args);
        if (!args.empty() && args[0] == "query") return query(args);
        std::cerr << "usage: geocode-bench prepare|compare|speed|query ... (see the top of tests/bench/geocode_bench.cpp)\n";
        return 2;
    } catch (const std::exception& error) {
        std::cerr << "geocode-bench: " << error.what() << "\n";
        return 1;
    }
}
