#include "rpps_format.hpp"

#include "text/normalize.hpp"

#include <algorithm>
#include <unordered_map>

namespace annuaire::importer {

namespace {

// Current header names, in Field order.
constexpr std::array<std::string_view, kFieldCount> kNames = {
    "Type d'identifiant PP", "Identifiant PP", "Identification nationale PP",
    "Code civilité d'exercice", "Libellé civilité d'exercice", "Code civilité", "Libellé civilité",
    "Nom d'exercice", "Prénom d'exercice", "Code profession", "Libellé profession",
    "Code catégorie professionnelle", "Libellé catégorie professionnelle",
    "Code type savoir-faire", "Libellé type savoir-faire", "Code savoir-faire",
    "Libellé savoir-faire", "Code mode exercice", "Libellé mode exercice", "Numéro SIRET site",
    "Numéro SIREN site", "Numéro FINESS site", "Numéro FINESS établissement juridique",
    "Identifiant technique de la structure", "Raison sociale site", "Enseigne commerciale site",
    "Complément destinataire (coord. structure)", "Complément point géographique (coord. structure)",
    "Numéro Voie (coord. structure)", "Indice répétition voie (coord. structure)",
    "Code type de voie (coord. structure)", "Libellé type de voie (coord. structure)",
    "Libellé Voie (coord. structure)", "Mention distribution (coord. structure)",
    "Bureau cedex (coord. structure)", "Code postal (coord. structure)",
    "Code commune (coord. structure)", "Libellé commune (coord. structure)",
    "Code pays (coord. structure)", "Libellé pays (coord. structure)",
    "Téléphone (coord. structure)", "Téléphone 2 (coord. structure)",
    "Télécopie (coord. structure)", "Adresse e-mail (coord. structure)",
    "Code Département (structure)", "Libellé Département (structure)",
    "Ancien identifiant de la structure", "Autorité d'enregistrement", "Code secteur d'activité",
    "Libellé secteur d'activité", "Code section tableau pharmaciens",
    "Libellé section tableau pharmaciens", "Code rôle", "Libellé rôle", "Code genre activité",
    "Libellé genre activité",
};

// Spellings seen in other publications of the same columns.
constexpr std::array<std::pair<std::string_view, Field>, 4> kAliases = {{
    {"Code fonction", Field::role_code},
    {"Libellé fonction", Field::role_label},
    {"Code genre d'activité", Field::activity_kind_code},
    {"Libellé genre d'activité", Field::activity_kind_label},
}};

// Header names compare folded: case, accents and punctuation do not matter.
const std::unordered_map<std::string, Field>& name_index() {
    static const auto index = [] {
        std::unordered_map<std::string, Field> map;
        for (int i = 0; i < kFieldCount; ++i) map.emplace(text::fold(kNames[i]), static_cast<Field>(i));
        for (const auto& [name, field] : kAliases) map.emplace(text::fold(name), field);
        return map;
    }();
    return index;
}

void split(std::string_view line, std::vector<std::string_view>& parts) {
    parts.clear();
    std::size_t start = 0;
    while (true) {
        const std::size_t bar = line.find('|', start);
        if (bar == std::string_view::npos) {
            parts.push_back(line.substr(start));
            return;
        }
        parts.push_back(line.substr(start, bar - start));
        start = bar + 1;
    }
}

bool all_digits(std::string_view value) {
    return !value.empty() && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string_view field_name(Field field) { return kNames[static_cast<int>(field)]; }

Layout parse_header(std::string_view header_line) {
    if (header_line.substr(0, 3) == "\xEF\xBB\xBF") header_line.remove_prefix(3);
    if (header_line.find('|') == std::string_view::npos) {
        std::string found;
        for (const char candidate : {';', '\t', ','}) {
            if (header_line.find(candidate) != std::string_view::npos) {
                found = candidate == '\t' ? "a tab" : std::string("'") + candidate + "'";
                break;
            }
        }
        throw HeaderError("the header has no '|' separator" +
                          (found.empty() ? std::string() : " (it uses " + found + ")") +
                          ": this is not a PS_LibreAcces_Personne_activite extract");
    }
    std::vector<std::string_view> names;
    split(header_line, names);
    Layout layout;
    layout.column.fill(-1);
    layout.has_trailing_separator = names.back().empty();
    if (layout.has_trailing_separator) names.pop_back();
    layout.column_count = static_cast<int>(names.size());
    const auto& index = name_index();
    for (int position = 0; position < layout.column_count; ++position) {
        const auto found = index.find(text::fold(names[position]));
        if (found == index.end()) continue;  // unknown extra columns are ignored
        int& slot = layout.column[static_cast<int>(found->second)];
        if (slot != -1) {
            throw HeaderError("the header names column '" + std::string(names[position]) +
                              "' twice (columns " + std::to_string(slot + 1) + " and " +
                              std::to_string(position + 1) + ")");
        }
        slot = position;
    }
    std::string missing;
    for (int i = 0; i < kRequiredFieldCount; ++i) {
        if (layout.column[i] == -1) {
            if (!missing.empty()) missing += ", ";
            missing += "'" + std::string(kNames[i]) + "'";
        }
    }
    if (!missing.empty()) throw HeaderError("required columns missing from the header: " + missing);
    return layout;
}

std::optional<std::string> parse_line(std::string_view line, const Layout& layout, Record& out) {
    thread_local std::vector<std::string_view> parts;
    split(line, parts);
    std::size_t fields = parts.size();
    if (layout.has_trailing_separator) {
        if (!parts.back().empty()) {
            return "expected " + std::to_string(layout.column_count) +
                   " fields ending with '|', found " + std::to_string(fields) +
                   " fields and no trailing '|'";
        }
        --fields;
    }
    if (static_cast<int>(fields) != layout.column_count) {
        return std::string(static_cast<int>(fields) < layout.column_count ? "too few" : "too many") +
               " fields: expected " + std::to_string(layout.column_count) + ", found " +
               std::to_string(fields);
    }
    for (int i = 0; i < kFieldCount; ++i) {
        out.values[i] = layout.column[i] >= 0 ? parts[layout.column[i]] : std::string_view();
    }
    const std::string_view id = out[Field::id];
    const std::string_view type = out[Field::id_type];
    if (id.empty()) return "empty 'Identifiant PP'";
    if (!all_digits(id) || (id.size() != 9 && id.size() != 11)) {
        return "'Identifiant PP' must be 9 (ADELI) or 11 (RPPS) digits, found '" + std::string(id) + "'";
    }
    if ((type == "8" && id.size() != 11) || (type == "0" && id.size() != 9)) {
        return "'Identifiant PP' " + std::string(id) + " does not fit identifier type " + std::string(type) +
               " (8 = RPPS, 11 digits; 0 = ADELI, 9 digits)";
    }
    if (!type.empty() && type != "8" && type != "0") {
        return "unknown 'Type d'identifiant PP' '" + std::string(type) + "' (expected 0 or 8)";
    }
    if (out[Field::last_name].empty()) return "empty 'Nom d'exercice'";
    return std::nullopt;
}

}  // namespace annuaire::importer
