#include "reference.hpp"

#include <zlib.h>

#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

namespace gen {
namespace {

// The whole file; zlib reads a plain file as it is and a gzip one (.csv.gz) uncompressed.
std::string read_text(const std::filesystem::path& path) {
    const std::unique_ptr<gzFile_s, int (*)(gzFile)> file(gzopen(path.c_str(), "rb"), gzclose);
    if (!file) throw std::runtime_error("cannot open reference file " + path.string());
    std::string text;
    char buffer[1 << 16];
    int got = 0;
    while ((got = gzread(file.get(), buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(got));
    if (got < 0) throw std::runtime_error("cannot read reference file " + path.string() + " (corrupt gzip?)");
    return text;
}

std::vector<std::vector<std::string>> read_table(const std::filesystem::path& path, char sep, bool skip_header = true) {
    std::istringstream in(read_text(path));
    std::vector<std::vector<std::string>> rows;
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (first && skip_header) {
            first = false;
            continue;
        }
        first = false;
        if (line.empty()) continue;
        rows.push_back(split(line, sep));
    }
    return rows;
}

const std::string& find_or_throw(const std::map<std::string, std::string, std::less<>>& m, std::string_view key,
                                 const char* what) {
    auto it = m.find(key);
    if (it == m.end()) throw std::runtime_error(std::string("unknown ") + what + " code " + std::string(key));
    return it->second;
}

void require_columns(const std::vector<std::string>& row, std::size_t n, const std::filesystem::path& path) {
    if (row.size() < n)
        throw std::runtime_error(path.string() + ": expected at least " + std::to_string(n) + " columns");
}

}  // namespace

std::vector<std::string> split(std::string_view line, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        std::size_t pos = line.find(sep, start);
        if (pos == std::string_view::npos) {
            out.emplace_back(line.substr(start));
            return out;
        }
        out.emplace_back(line.substr(start, pos - start));
        start = pos + 1;
    }
}

Reference::Reference(const std::filesystem::path& dir) : dir_(dir) {
    const auto communes_path = dir / "communes-68.csv";
    for (auto& r : read_table(communes_path, ';')) {
        require_columns(r, 10, communes_path);
        CommuneInfo c;
        c.insee = r[0];
        c.name = r[1];
        c.postcodes = split(r[2], ' ');
        c.population = std::stol(r[3]);
        c.m2a = r[7] == "1";
        c.centroid_lon = std::stod(r[8]);
        c.centroid_lat = std::stod(r[9]);
        commune_index_[c.insee] = communes_.size();
        communes_.push_back(std::move(c));
    }
    const auto voies_path = dir / "codes-postaux-voies-68.csv";
    for (auto& r : read_table(voies_path, ';')) {
        require_columns(r, 8, voies_path);
        StreetCodeRow s;
        s.insee = r[0];
        s.code_voie = r[2];
        s.postcode = r[3];
        s.acheminement = r[4];
        if (!r[5].empty()) {
            s.parity = std::stoi(r[5]);
            s.lower = std::stoi(r[6]);
            s.upper = std::stoi(r[7]);
        }
        street_codes_.push_back(std::move(s));
    }
    // The national postcode and CEDEX tables, of which the sample uses Haut-Rhin's rows.
    const auto in_haut_rhin = [](const std::string& insee) { return insee.starts_with("68"); };
    const auto cp_path = dir / "codes-postaux.csv.gz";
    std::map<std::string, PostalCommune> postal;  // by INSEE code
    for (auto& r : read_table(cp_path, ';')) {
        require_columns(r, 4, cp_path);
        if (in_haut_rhin(r[1])) acheminement_[{r[0], r[1]}] = r[3];
        auto [it, added] = postal.try_emplace(r[1], PostalCommune{r[1], r[2], r[0], r[3], 0});
        if (!added && r[0] < it->second.postcode) {
            it->second.postcode = r[0];
            it->second.acheminement = r[3];
        }
        ++it->second.postcode_count;  // rows are distinct (postcode, commune) pairs
    }
    postal_communes_.reserve(postal.size());
    for (auto& [insee, commune] : postal) postal_communes_.push_back(std::move(commune));
    const auto cedex_path = dir / "cedex.csv.gz";
    std::set<std::tuple<std::string, std::string, std::string>> seen;  // the file has duplicate lines
    for (auto& r : read_table(cedex_path, ';')) {
        require_columns(r, 3, cedex_path);
        if (in_haut_rhin(r[2]) && seen.insert({r[0], r[1], r[2]}).second) cedex_.push_back({r[0], r[1], r[2]});
    }
    for (auto& r : read_table(dir / "rpps" / "professions.tsv", '\t')) professions_[r.at(0)] = r.at(1);
    for (auto& r : read_table(dir / "rpps" / "secteurs_activite.tsv", '\t')) {
        const std::string observed = r.size() > 2 ? r[2] : "";
        secteurs_[r.at(0)] = observed.empty() ? r.at(1) : observed;
    }
    for (auto& r : read_table(dir / "rpps" / "modes_exercice.tsv", '\t')) modes_[r.at(0)] = r.at(1);
    for (auto& r : read_table(dir / "rpps" / "types_savoir_faire.tsv", '\t')) types_sf_[r.at(0)] = r.at(1);
    for (auto& r : read_table(dir / "rpps" / "savoir_faire.tsv", '\t')) {
        SavoirFaireRow s{r.at(0), r.at(1), r.at(2), r.size() > 4 ? r[4] : ""};
        if (s.label.empty()) {
            // The extract shows the NOS label without its "(SM)" / "(SCD)" / "(SI)" suffix.
            s.label = r.at(3);
            auto paren = s.label.rfind(" (");
            if (paren != std::string::npos && s.label.back() == ')') s.label.resize(paren);
        }
        savoir_faire_[s.code] = std::move(s);
    }
    std::ifstream header(dir / "rpps" / "PS_LibreAcces_Personne_activite.header.txt");
    if (!header || !std::getline(header, rpps_header_))
        throw std::runtime_error("cannot read rpps/PS_LibreAcces_Personne_activite.header.txt");
    if (!rpps_header_.empty() && rpps_header_.back() == '\r') rpps_header_.pop_back();
}

const CommuneInfo& Reference::commune(std::string_view insee) const {
    auto it = commune_index_.find(insee);
    if (it == commune_index_.end()) throw std::runtime_error("unknown commune " + std::string(insee));
    return communes_[it->second];
}

std::vector<StreetCodeRow> Reference::street_codes(std::string_view insee) const {
    std::vector<StreetCodeRow> out;
    std::set<std::string> seen;
    for (const auto& s : street_codes_)
        if (s.insee == insee && s.code_voie != "XXXX" && seen.insert(s.code_voie).second) out.push_back(s);
    return out;
}

std::string Reference::street_postcode(std::string_view insee, std::string_view code_voie, int numero,
                                       const std::string& fallback) const {
    std::string plain;
    for (const auto& s : street_codes_) {
        if (s.insee != insee || s.code_voie != code_voie) continue;
        if (s.parity < 0) {
            plain = s.postcode;
            continue;
        }
        if (numero % 2 == s.parity && numero >= s.lower && numero <= s.upper) return s.postcode;
        if (plain.empty()) plain = s.postcode;
    }
    return plain.empty() ? fallback : plain;
}

std::string Reference::acheminement(std::string_view postcode, std::string_view insee) const {
    auto it = acheminement_.find({std::string(postcode), std::string(insee)});
    if (it != acheminement_.end()) return it->second;
    for (const auto& [key, value] : acheminement_)
        if (key.second == insee) return value;
    return commune(insee).name;
}

std::vector<CedexRow> Reference::cedex_for(std::string_view insee) const {
    std::vector<CedexRow> out;
    for (const auto& c : cedex_) {
        if (c.insee != insee) continue;
        bool unambiguous = true;
        for (const auto& other : cedex_)
            if (other.code == c.code && other.insee != insee) unambiguous = false;
        if (unambiguous) out.push_back(c);
    }
    return out;
}

const std::string& Reference::profession_label(std::string_view code) const {
    return find_or_throw(professions_, code, "profession");
}
const SavoirFaireRow& Reference::savoir_faire(std::string_view code) const {
    auto it = savoir_faire_.find(code);
    if (it == savoir_faire_.end()) throw std::runtime_error("unknown savoir-faire code " + std::string(code));
    return it->second;
}
const std::string& Reference::secteur_label(std::string_view code) const {
    return find_or_throw(secteurs_, code, "secteur d'activité");
}
const std::string& Reference::mode_label(std::string_view code) const {
    return find_or_throw(modes_, code, "mode d'exercice");
}
const std::string& Reference::type_savoir_faire_label(std::string_view code) const {
    return find_or_throw(types_sf_, code, "type de savoir-faire");
}

}  // namespace gen
