// The one place where user text becomes an FTS5 MATCH expression. Every word is
// folded with text::fold, quoted (so no FTS5 syntax ever comes from the user),
// and matched as a prefix; a word that matches nothing in the index vocabulary
// is widened to the indexed terms within one edit (typo tolerance).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace annuaire::search {

// The distinct terms of the full-text index, sorted (bytewise).
class Vocabulary {
public:
    Vocabulary() = default;
    explicit Vocabulary(std::vector<std::string> sorted_terms) : terms_(std::move(sorted_terms)) {}
    bool has_prefix(std::string_view prefix) const;
    // Terms within one edit of word, or whose first word.size() letters are within one
    // substitution of word (a typo while typing). At most `limit`, closest first.
    std::vector<std::string> near_terms(std::string_view word, std::size_t limit) const;
    std::size_t size() const { return terms_.size(); }

private:
    // Indexes of the only terms that can be near `word`, in order.
    std::vector<std::size_t> near_candidates(std::string_view word) const;
    std::vector<std::string> terms_;
};

inline constexpr std::size_t kMaxQueryWords = 8;

// The words of user_text as quoted FTS5 prefixes, restricted to one column (e.g. "name"),
// for suggestions. Returns "" when the text has no word.
std::string build_column_match_expression(std::string_view column, std::string_view user_text);

// True when a and b are within one insertion, deletion or substitution.
bool within_one_edit(std::string_view a, std::string_view b);

}  // namespace annuaire::search
