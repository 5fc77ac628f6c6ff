// Typo tolerance of full-text search: a query word that starts no indexed term is
// widened to the indexed terms within one edit (a letter added, dropped or changed, or
// two adjacent letters swapped).
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
    // What a word that begins no term stands for: every term within one edit of it, then
    // every head (the first word.size() letters of a longer term) within one substitution or
    // swap of it (a typo while typing), each once. All of them: a cap would keep an arbitrary
    // part of the answer (sorted terms cut after the first few).
    std::vector<std::string> near_terms(std::string_view word) const;
    std::size_t size() const { return terms_.size(); }

private:
    friend struct IndexFile;
    // Indexes of the only terms that can be near `word`, in order.
    std::vector<std::size_t> near_candidates(std::string_view word) const;
    std::vector<std::string> terms_;
};

inline constexpr std::size_t kMaxQueryWords = 8;

// True when a and b are within one insertion, deletion, substitution or swap of two
// adjacent letters (Damerau's edits).
bool within_one_edit(std::string_view a, std::string_view b);

}  // namespace annuaire::search
