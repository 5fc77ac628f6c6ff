#include "search/vocabulary.hpp"

#include <algorithm>

namespace annuaire::search {

bool within_one_edit(std::string_view a, std::string_view b) {
    if (a.size() > b.size()) std::swap(a, b);
    if (b.size() - a.size() > 1) return false;
    std::size_t i = 0;
    while (i < a.size() && a[i] == b[i]) ++i;
    if (i == a.size()) return true;
    if (a.size() == b.size()) {
        if (a.substr(i + 1) == b.substr(i + 1)) return true;   // one substitution
        // Two adjacent letters swapped ("fourneir"), the commonest typing slip, counts as one edit.
        return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);
    }
    return a.substr(i) == b.substr(i + 1);                                 // one insertion
}

bool Vocabulary::has_prefix(std::string_view prefix) const {
    const auto it = std::lower_bound(terms_.begin(), terms_.end(), prefix,
                                     [](const std::string& term, std::string_view p) { return term < p; });
    return it != terms_.end() && std::string_view(*it).substr(0, prefix.size()) == prefix;
}

std::vector<std::size_t> Vocabulary::near_candidates(std::string_view word) const {
    // A term within one edit of the word (or whose head is within one edit of it) either
    // starts with the word's first byte, or differs from it at the first byte:
    // x + word[1..] (substitution, with anything after for a head), x + word (insertion),
    // word[1..] (deletion) or word[1] + word[0] + word[2..] (the first two swapped). Each of
    // these is a range of the sorted terms.
    const auto range = [&](std::string_view prefix) {
        const auto first = std::lower_bound(terms_.begin(), terms_.end(), prefix,
                                            [](const std::string& term, std::string_view p) { return term < p; });
        auto last = first;
        while (last != terms_.end() && std::string_view(*last).substr(0, prefix.size()) == prefix) ++last;
        return std::pair{static_cast<std::size_t>(first - terms_.begin()), static_cast<std::size_t>(last - terms_.begin())};
    };
    std::vector<std::size_t> candidates;
    const auto add = [&](std::pair<std::size_t, std::size_t> r) {
        for (auto i = r.first; i < r.second; ++i) candidates.push_back(i);
    };
    if (word.empty()) return candidates;
    add(range(word.substr(0, 1)));
    if (word.size() >= 2 && word[0] != word[1]) {
        std::string swapped(word);
        std::swap(swapped[0], swapped[1]);
        add(range(swapped));
    }
    std::string changed(word);
    std::string inserted(1, ' ');
    inserted += word;
    for (int byte = 1; byte < 256; ++byte) {
        const char x = static_cast<char>(byte);
        if (x == word[0]) continue;
        changed[0] = x;
        add(range(changed));
        inserted[0] = x;
        const auto exact = std::lower_bound(terms_.begin(), terms_.end(), inserted);
        if (exact != terms_.end() && *exact == inserted) candidates.push_back(static_cast<std::size_t>(exact - terms_.begin()));
    }
    const auto shorter = std::lower_bound(terms_.begin(), terms_.end(), word.substr(1),
                                          [](const std::string& term, std::string_view p) { return term < p; });
    if (shorter != terms_.end() && *shorter == word.substr(1)) candidates.push_back(static_cast<std::size_t>(shorter - terms_.begin()));
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    return candidates;
}

std::vector<std::string> Vocabulary::near_terms(std::string_view word) const {
    std::vector<std::string> whole, prefixed;
    // The candidates in vocabulary order: the same answer as a scan of every term.
    for (const auto index : near_candidates(word)) {
        const auto& term = terms_[index];
        if (term.size() + 1 < word.size()) continue;
        if (within_one_edit(word, term)) {
            whole.push_back(term);
        } else if (term.size() > word.size() && within_one_edit(word, std::string_view(term).substr(0, word.size()))) {
            prefixed.push_back(term.substr(0, word.size()));
        }
    }
    std::sort(prefixed.begin(), prefixed.end());
    prefixed.erase(std::unique(prefixed.begin(), prefixed.end()), prefixed.end());
    const auto whole_terms = static_cast<std::ptrdiff_t>(whole.size());
    for (auto& p : prefixed) {
        if (std::find(whole.begin(), whole.begin() + whole_terms, p) == whole.begin() + whole_terms) whole.push_back(std::move(p));
    }
    return whole;
}

}  // namespace annuaire::search
