#include "reference/reference_data.hpp"

#include <zlib.h>

#include <cstdlib>
#include <memory>
#include <set>
#include <stdexcept>
#include <string_view>

#ifndef ANNUAIRE_DATA_DIR
#error "ANNUAIRE_DATA_DIR must be defined by the build"
#endif

namespace annuaire::reference {

namespace {

std::vector<std::string> split(std::string_view line, char separator) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t at = line.find(separator, start);
        fields.emplace_back(line.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos) return fields;
        start = at + 1;
    }
}

// The whole file: zlib reads a plain file as it is, and a gzip one (the national
// tables, .csv.gz) uncompressed.
std::string read_text(const std::filesystem::path& path) {
    const std::unique_ptr<gzFile_s, int (*)(gzFile)> file(gzopen(path.c_str(), "rb"), gzclose);
    if (!file) throw std::runtime_error("cannot read reference file '" + path.string() + "'");
    std::string text;
    char buffer[1 << 16];
    int got = 0;
    while ((got = gzread(file.get(), buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(got));
    if (got < 0) throw std::runtime_error("reference file '" + path.string() + "' is not readable (corrupt gzip?)");
    return text;
}

// Calls on_row with the fields of each data line, skipping the header line.
template <typename OnRow>
void read_table(const std::filesystem::path& path, char separator, std::size_t min_fields, OnRow on_row) {
    const std::string text = read_text(path);
    std::size_t number = 0;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + start, end - start);
        start = end + 1;
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (number == 1 || line.empty()) continue;
        auto fields = split(line, separator);
        if (fields.size() < min_fields) {
            throw std::runtime_error(path.string() + ":" + std::to_string(number) + ": expected " +
                                     std::to_string(min_fields) + " fields, found " +
                                     std::to_string(fields.size()));
        }
        on_row(fields);
    }
}

// Every commune of the national postcode table that the Haut-Rhin files do not describe,
// and Paris, Lyon and Marseille as a whole (an extract may name them so), so that a commune
// has its name wherever the directory is used.
void add_national_communes(ReferenceData& data) {
    std::set<std::string, std::less<>> known;
    for (const auto& c : data.communes) known.insert(c.insee);
    const auto add = [&](const std::string& insee, const std::string& name) {
        if (!known.insert(insee).second) return;
        const std::size_t department_length = insee.starts_with("97") ? 3 : 2;
        data.communes.push_back({insee, name, insee.substr(0, department_length), ""});
    };
    for (const auto& p : data.postcodes) add(p.insee, p.commune_name);
    add("75056", "Paris");
    add("69123", "Lyon");
    add("13055", "Marseille");
}

}  // namespace

std::filesystem::path default_data_dir() {
    if (const char* env = std::getenv("ANNUAIRE_DATA_DIR"); env && *env) return env;
    return ANNUAIRE_DATA_DIR;
}

ReferenceData load_reference_data(const std::filesystem::path& data_dir) {
    const auto dir = data_dir / "reference";
    ReferenceData data;
    read_table(dir / "communes-68.csv", ';', 3, [&](auto& f) {
        data.communes.push_back({f[0], f[1], f[0].substr(0, 2), ""});
    });
    read_table(dir / "communes-deleguees-68.csv", ';', 3, [&](auto& f) {
        if (f[0] != f[2]) data.communes.push_back({f[0], f[1], f[0].substr(0, 2), f[2]});
    });
    read_table(dir / "codes-postaux.csv.gz", ';', 4, [&](auto& f) {
        data.postcodes.push_back({f[0], f[1], f[2], f[3]});
    });
    add_national_communes(data);
    read_table(dir / "cedex.csv.gz", ';', 3, [&](auto& f) {
        data.cedex_offices.push_back({f[0], f[1], f[2]});
    });
    read_table(dir / "rpps" / "professions.tsv", '\t', 2, [&](auto& f) {
        data.professions.push_back({f[0], "", f[1]});
    });
    read_table(dir / "rpps" / "savoir_faire.tsv", '\t', 4, [&](auto& f) {
        // Prefer the label as the extract writes it (no "(SM)" suffix).
        std::string label = f.size() > 4 && !f[4].empty() ? f[4] : f[3];
        for (const std::string_view suffix : {" (SM)", " (CEX)", " (SCD)", " (SI)", " (PAC)"}) {
            if (label.size() > suffix.size() && label.ends_with(suffix)) label.resize(label.size() - suffix.size());
        }
        data.savoir_faire.push_back({f[0], f[1], label});
    });
    read_table(dir / "search-synonyms.tsv", '\t', 2, [&](auto& f) { data.synonyms[f[0]] = f[1]; });
    return data;
}

}  // namespace annuaire::reference
