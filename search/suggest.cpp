#include "search/suggest.hpp"

#include "search/query_words.hpp"
#include "text/normalize.hpp"

#include <map>
#include <set>

namespace annuaire::search {

nlohmann::json suggestions(const PracticeIndex& ix, const std::string& q, int limit) {
    // "Dr Mul": civility words before the word being typed are not part of a name.
    const auto words = read_query_text(q, true).words;
    nlohmann::json items = nlohmann::json::array();
    if (words.empty()) return {{"items", items}};
    const auto matches = [&](const std::string& label) {
        const auto label_words = text::words(label);
        for (const auto& word : words) {
            bool found = false;
            for (const auto& lw : label_words) {
                if (lw.compare(0, word.size(), word) == 0) { found = true; break; }
            }
            if (!found) return false;
        }
        return true;
    };
    const auto add_from = [&](const char* type, const Dictionary& dictionary, const std::map<std::string, std::string>& labels, int max) {
        int added = 0;
        for (const auto& code : dictionary.codes) {
            if (code.empty() || added >= max) continue;
            const auto label = labels.find(code);
            const std::string& text = label == labels.end() ? code : label->second;
            if (matches(text) || code == q) {
                items.push_back({{"type", type}, {"code", code}, {"label", text}});
                ++added;
            }
        }
    };
    add_from("profession", ix.professions, ix.profession_labels, 3);
    add_from("specialty", ix.specialties, ix.specialty_labels, 3);
    add_from("commune", ix.communes, ix.commune_labels, 3);
    if (static_cast<int>(items.size()) < limit) {
        // A practitioner with several practices is suggested once.
        std::set<std::string> seen;
        for (const std::uint32_t pos : ix.text.names_starting_with(words, ix, static_cast<std::size_t>(limit) * 3)) {
            std::string id(ix.practitioner_id[pos].data());
            if (!seen.insert(id).second) continue;
            items.push_back({{"type", "practitioner"}, {"id", std::move(id)}, {"label", ix.items.display_name(pos)},
                             {"profession", ix.professions.codes[ix.profession[pos]]}});
            if (static_cast<int>(items.size()) >= limit) break;
        }
    }
    if (static_cast<int>(items.size()) > limit) items.erase(items.begin() + limit, items.end());
    return {{"items", items}};
}

}  // namespace annuaire::search
