#include "reference/commune_resolver.hpp"

#include "text/normalize.hpp"

namespace annuaire::reference {

namespace {

bool contains_word(std::string_view text, std::string_view word) {
    const std::size_t at = text.find(word);
    return at != std::string_view::npos;
}

}  // namespace

CommuneResolver::CommuneResolver(const ReferenceData& data) {
    for (const auto& commune : data.communes) {
        names_[commune.insee] = commune.name;
        if (!commune.merged_into.empty()) merged_into_[commune.insee] = commune.merged_into;
    }
    for (const auto& entry : data.postcodes) {
        by_postcode_[entry.postcode].push_back(
            {entry.insee, text::fold(entry.commune_name), text::fold(entry.routing_label)});
    }
    for (const auto& office : data.cedex_offices) {
        auto& list = by_cedex_[office.cedex];
        bool known = false;
        for (const auto& candidate : list) known = known || candidate.insee == office.insee;
        if (!known) list.push_back({office.insee, text::fold(office.label), ""});
    }
}

std::string CommuneResolver::town_of_cedex_office(std::string_view cedex_office) {
    std::string folded = text::fold(cedex_office);
    std::size_t start = 0;
    while (start < folded.size() && (std::isdigit(static_cast<unsigned char>(folded[start])) || folded[start] == ' ')) ++start;
    folded.erase(0, start);
    if (const std::size_t at = folded.find(" cedex"); at != std::string::npos) folded.resize(at);
    if (folded == "cedex") folded.clear();
    return folded;
}

std::string CommuneResolver::resolve(std::string_view commune_code, std::string_view postcode,
                                     std::string_view cedex_office, std::string_view commune_name) const {
    if (!commune_code.empty()) {
        const auto merged = merged_into_.find(std::string(commune_code));
        return merged != merged_into_.end() ? merged->second : std::string(commune_code);
    }
    if (postcode.empty()) return {};
    const std::string key(postcode);
    const std::string town = !commune_name.empty() ? text::fold(commune_name) : town_of_cedex_office(cedex_office);
    const auto pick = [&](const std::vector<Candidate>& candidates) -> std::string {
        if (candidates.size() == 1) return candidates.front().insee;
        if (town.empty()) return {};
        for (const auto& candidate : candidates) {
            if (candidate.folded_name == town || candidate.folded_routing == town) return candidate.insee;
        }
        for (const auto& candidate : candidates) {
            if (contains_word(candidate.folded_name, town) || contains_word(town, candidate.folded_name)) {
                return candidate.insee;
            }
        }
        return {};
    };
    const bool is_cedex = text::fold(cedex_office).find("cedex") != std::string::npos;
    if (is_cedex) {
        if (const auto found = by_cedex_.find(key); found != by_cedex_.end()) {
            if (auto insee = pick(found->second); !insee.empty()) return insee;
            return found->second.front().insee;
        }
    }
    if (const auto found = by_postcode_.find(key); found != by_postcode_.end()) {
        if (auto insee = pick(found->second); !insee.empty()) return insee;
    }
    if (!is_cedex) {
        // Some offices are written without the word CEDEX.
        if (const auto found = by_cedex_.find(key); found != by_cedex_.end()) return found->second.front().insee;
    }
    return {};
}

std::string CommuneResolver::name_of(std::string_view insee) const {
    const auto found = names_.find(std::string(insee));
    return found == names_.end() ? std::string() : found->second;
}

}  // namespace annuaire::reference
