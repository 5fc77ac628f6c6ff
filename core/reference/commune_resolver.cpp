#include "reference/commune_resolver.hpp"

#include "text/address_normalize.hpp"
#include "text/normalize.hpp"

#include <algorithm>
#include <array>

namespace annuaire::reference {

namespace {

// The three cities divided into arrondissements municipaux.
struct City {
    std::string_view town;        // folded name
    std::string_view insee;       // code of the city as a whole
    std::string_view first;       // code of its first arrondissement
    int arrondissements;
};
constexpr std::array<City, 3> kCities = {{
    {"paris", "75056", "75101", 20},
    {"lyon", "69123", "69381", 9},
    {"marseille", "13055", "13201", 16},
}};

std::string arrondissement_code(const City& city, int n) {
    const int first = std::stoi(std::string(city.first));
    return std::to_string(first + n - 1);
}

bool all_digits(std::string_view word) {
    return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "7", "07", "7e", "7eme", "1er", "1ere" -> 7 / 1; 0 when the word is no such number.
int ordinal(std::string_view word) {
    std::size_t digits = 0;
    while (digits < word.size() && digits < 3 && word[digits] >= '0' && word[digits] <= '9') ++digits;
    if (digits == 0) return 0;
    const std::string_view suffix = word.substr(digits);
    if (!suffix.empty() && suffix != "e" && suffix != "eme" && suffix != "er" && suffix != "ere" && suffix != "em") {
        return 0;
    }
    return std::stoi(std::string(word.substr(0, digits)));
}

// The département of a postcode or CEDEX code, as INSEE codes begin: "68", "2A"/"2B"
// (Corsica's postcodes begin with 20), "974".
bool same_department(std::string_view insee, std::string_view postcode) {
    if (postcode.size() < 2 || insee.size() < 2) return true;
    if (postcode.substr(0, 2) == "20") return insee[0] == '2' && (insee[1] == 'A' || insee[1] == 'B' || insee[1] == '0');
    if (postcode.substr(0, 2) == "97" || postcode.substr(0, 2) == "98") return insee.substr(0, 3) == postcode.substr(0, 3);
    return insee.substr(0, 2) == postcode.substr(0, 2);
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

}  // namespace

CommuneResolver::CommuneResolver(const ReferenceData& data) {
    for (const auto& commune : data.communes) {
        names_[commune.insee] = commune.name;
        if (!commune.merged_into.empty()) merged_into_[commune.insee] = commune.merged_into;
    }
    for (const auto& entry : data.postcodes) {
        const std::string name = text::commune_key(entry.commune_name);
        const std::string routing = text::commune_key(entry.routing_label);
        by_postcode_[entry.postcode].push_back({entry.insee, name, routing});
        add_unique(by_town_[name], entry.insee);
        add_unique(by_town_[routing], entry.insee);
        if (!names_.contains(entry.insee)) names_[entry.insee] = entry.commune_name;
    }
    for (const auto& office : data.cedex_offices) add_unique(by_cedex_[office.cedex], office.insee);
}

TownLabel CommuneResolver::parse_town_label(std::string_view label) {
    TownLabel result;
    std::vector<std::string> words = text::words(label);
    std::size_t i = 0;
    while (i < words.size() && all_digits(words[i]) && words[i].size() >= 4) ++i;  // the postcode
    std::vector<std::string> town;
    int number = 0;
    for (; i < words.size(); ++i) {
        std::string& word = words[i];
        if (word == "cedex") {
            result.cedex = true;
            if (i + 1 < words.size()) number = ordinal(words[i + 1]);
            break;
        }
        if (!town.empty() && ordinal(word) > 0) {  // "PARIS 07", "LYON 3E ARRONDISSEMENT"
            number = ordinal(word);
            if (i + 1 < words.size() && words[i + 1] == "cedex") result.cedex = true;
            break;
        }
        if (word == "arrondissement" || word == "arr") break;
        town.push_back(std::move(word));
    }
    result.town = text::commune_key(std::move(town));
    if (number > 0 && !arrondissement_insee(result.town, number).empty()) result.arrondissement = number;
    return result;
}

std::string CommuneResolver::arrondissement_insee(std::string_view folded_town, int arrondissement) {
    for (const auto& city : kCities) {
        if (city.town == folded_town && arrondissement >= 1 && arrondissement <= city.arrondissements) {
            return arrondissement_code(city, arrondissement);
        }
    }
    return {};
}

std::vector<std::string> CommuneResolver::arrondissements_of(std::string_view city_insee) {
    std::vector<std::string> codes;
    for (const auto& city : kCities) {
        if (city.insee != city_insee) continue;
        for (int n = 1; n <= city.arrondissements; ++n) codes.push_back(arrondissement_code(city, n));
    }
    return codes;
}

std::string CommuneResolver::city_of_arrondissement(std::string_view insee) {
    for (const auto& city : kCities) {
        if (insee.size() != 5 || insee.substr(0, 3) != city.first.substr(0, 3)) continue;
        const int offset = std::stoi(std::string(insee)) - std::stoi(std::string(city.first));
        if (offset >= 0 && offset < city.arrondissements) return std::string(city.insee);
    }
    return {};
}

std::string CommuneResolver::merged_into(std::string_view insee) const {
    const auto found = merged_into_.find(std::string(insee));
    return found == merged_into_.end() ? std::string() : found->second;
}

std::span<const std::string> CommuneResolver::cedex_communes(std::string_view cedex) const {
    const auto found = by_cedex_.find(std::string(cedex));
    if (found == by_cedex_.end()) return {};
    return found->second;
}

bool CommuneResolver::is_postcode(std::string_view postcode) const {
    return by_postcode_.contains(std::string(postcode));
}

std::vector<std::string> CommuneResolver::communes_named(std::string_view town, std::string_view postcode) const {
    std::vector<std::string> communes;
    if (town.empty()) return communes;
    const auto found = by_town_.find(std::string(town));
    if (found == by_town_.end()) return communes;
    for (const auto& insee : found->second) {
        if (same_department(insee, postcode)) communes.push_back(insee);
    }
    return communes;
}

std::string CommuneResolver::resolve(std::string_view commune_code, std::string_view postcode,
                                     std::string_view cedex_office, std::string_view commune_name) const {
    TownLabel label = parse_town_label(commune_name);
    const TownLabel office = parse_town_label(cedex_office);
    // The Bureau cedex may name the arrondissement of a "PARIS" town.
    if (label.empty() || (label.arrondissement == 0 && office.town == label.town)) {
        label.town = office.town;
        label.arrondissement = office.arrondissement;
    }
    label.cedex = label.cedex || office.cedex;
    const std::string key(postcode);
    const auto postcode_entries = by_postcode_.find(key);

    if (!commune_code.empty()) {
        const std::string code(commune_code);
        if (const auto merged = merged_into_.find(code); merged != merged_into_.end()) return merged->second;
        const auto arrondissements = arrondissements_of(code);
        if (arrondissements.empty()) return code;
        // Paris, Lyon or Marseille as a whole: the arrondissement the label or the postcode names.
        for (const auto& city : kCities) {
            if (city.insee != code) continue;
            const std::string named = arrondissement_insee(city.town, label.arrondissement);
            if (!named.empty()) return named;
        }
        if (postcode_entries != by_postcode_.end()) {
            std::vector<std::string> served;
            for (const auto& entry : postcode_entries->second) {
                if (std::find(arrondissements.begin(), arrondissements.end(), entry.insee) != arrondissements.end()) {
                    add_unique(served, entry.insee);
                }
            }
            if (served.size() == 1) return served.front();
        }
        return code;
    }

    const std::string arrondissement = arrondissement_insee(label.town, label.arrondissement);
    if (postcode.empty()) {
        if (!arrondissement.empty()) return arrondissement;
        const auto named = communes_named(label.town, "");
        return named.size() == 1 ? named.front() : std::string();
    }
    const auto pick = [&](const std::vector<Candidate>& candidates) -> std::string {
        if (candidates.size() == 1) return candidates.front().insee;
        if (label.town.empty()) return {};
        for (const auto& candidate : candidates) {
            if (candidate.folded_name == label.town || candidate.folded_routing == label.town) return candidate.insee;
        }
        for (const auto& candidate : candidates) {
            if (candidate.folded_name.find(label.town) != std::string::npos ||
                label.town.find(candidate.folded_name) != std::string::npos) {
                return candidate.insee;
            }
        }
        return {};
    };
    if (!arrondissement.empty()) {
        // The label names the arrondissement: it wins unless the postcode is a real
        // postcode that does not serve it.
        if (postcode_entries == by_postcode_.end()) return arrondissement;
        for (const auto& entry : postcode_entries->second) {
            if (entry.insee == arrondissement) return arrondissement;
        }
    }
    const auto cedex = by_cedex_.find(key);
    // A CEDEX code that serves several communes: the one the label names, else the first.
    const auto cedex_commune = [&]() -> std::string {
        for (const auto& insee : cedex->second) {
            if (insee == arrondissement || text::commune_key(name_of(insee)) == label.town) return insee;
        }
        return cedex->second.front();
    };
    if (label.cedex && cedex != by_cedex_.end()) return cedex_commune();
    if (postcode_entries != by_postcode_.end()) {
        if (auto insee = pick(postcode_entries->second); !insee.empty()) return insee;
    }
    // Some offices are written without the word CEDEX.
    if (!label.cedex && cedex != by_cedex_.end()) return cedex_commune();
    // A code that no table knows (a CEDEX code newer than the table, a typo): the town
    // the label names, in the code's département.
    const auto named = communes_named(label.town, postcode);
    if (named.size() == 1) return named.front();
    if (!named.empty()) {
        const std::string city = city_of_arrondissement(named.front());
        if (!city.empty() && std::all_of(named.begin(), named.end(),
                                         [&](const std::string& insee) { return city_of_arrondissement(insee) == city; })) {
            return city;
        }
    }
    return {};
}

std::string CommuneResolver::name_of(std::string_view insee) const {
    const auto found = names_.find(std::string(insee));
    return found == names_.end() ? std::string() : found->second;
}

}  // namespace annuaire::reference
