#include "search/fts_query.hpp"

#include "text/normalize.hpp"

#include <algorithm>

namespace annuaire::search {

bool within_one_edit(std::string_view a, std::string_view b) {
    if (a.size() > b.size()) std::swap(a, b);
    if (b.size() - a.size() > 1) return false;
    std::size_t i = 0;
    while (i < a.size() && a[i] == b[i]) ++i;
    if (i == a.size()) return true;
    if (a.size() == b.size()) return a.substr(i + 1) == b.substr(i + 1);  // one substitution
    return a.substr(i) == b.substr(i + 1);                                 // one insertion
}

bool Vocabulary::has_prefix(std::string_view prefix) const {
    const auto it = std::lower_bound(terms_.begin(), terms_.end(), prefix,
                                     [](const std::string& term, std::string_view p) { return term < p; });
    return it != terms_.end() && std::string_view(*it).substr(0, prefix.size()) == prefix;
}

std::vector<std::string> Vocabulary::near_terms(std::string_view word, std::size_t limit) const {
    std::vector<std::string> whole, prefixed;
    for (const auto& term : terms_) {
        if (term.size() + 1 < word.size()) continue;
        if (within_one_edit(word, term)) {
            whole.push_back(term);
        } else if (term.size() > word.size() && prefixed.size() < limit &&
                   within_one_edit(word, std::string_view(term).substr(0, word.size()))) {
            prefixed.push_back(term.substr(0, word.size()));
        }
    }
    std::sort(prefixed.begin(), prefixed.end());
    prefixed.erase(std::unique(prefixed.begin(), prefixed.end()), prefixed.end());
    for (auto& p : prefixed) {
        if (whole.size() >= limit) break;
        if (std::find(whole.begin(), whole.end(), p) == whole.end()) whole.push_back(std::move(p));
    }
    if (whole.size() > limit) whole.resize(limit);
    return whole;
}

namespace {

// Quoted FTS5 string: a double quote inside is written twice. Words from fold()
// hold only letters and digits, but the quoting must not depend on that.
std::string quoted(std::string_view word) {
    std::string out = "\"";
    for (char c : word) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::vector<std::string> query_words(std::string_view user_text) {
    auto words = text::words(user_text);
    if (words.size() > kMaxQueryWords) words.resize(kMaxQueryWords);
    return words;
}

}  // namespace

std::string build_match_expression(std::string_view user_text, const Vocabulary* vocabulary) {
    std::string expression;
    for (const auto& word : query_words(user_text)) {
        std::string term = quoted(word);
        term += '*';
        if (vocabulary && word.size() >= 4 && !vocabulary->has_prefix(word)) {
            const auto alternatives = vocabulary->near_terms(word, 16);
            if (!alternatives.empty()) {
                term.assign(1, '(');
                for (std::size_t i = 0; i < alternatives.size(); ++i) {
                    if (i) term += " OR ";
                    term += quoted(alternatives[i]);
                    term += '*';
                }
                term += ')';
            }
        }
        if (!expression.empty()) expression += " AND ";
        expression += term;
    }
    return expression;
}

std::string build_column_match_expression(std::string_view column, std::string_view user_text) {
    std::string expression;
    for (const auto& word : query_words(user_text)) {
        if (!expression.empty()) expression += " AND ";
        expression += quoted(word);
        expression += '*';
    }
    if (expression.empty()) return expression;
    return std::string(column) + " : (" + expression + ")";
}

}  // namespace annuaire::search
