// Full-text search in memory, the only text index there is. The words a practice is found
// by (name, profession and its synonyms, specialties, site name and street, commune and
// postcode), folded by text::fold as queries are, are kept as sorted terms with postings
// in both directions: a first-seen query costs about the size of its rarest word's
// matches, never a walk over every match.
#pragma once

#include "search/vocabulary.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace annuaire::search {

class PracticeIndex;
// Full-text matches: (index position, rank: lower is better), in position order.
using TextHits = std::vector<std::pair<std::uint32_t, float>>;

// Sorted distinct terms, each with the sorted ids it occurs in, and for each id the
// terms it holds. Terms that share a prefix are a contiguous range of term numbers.
class TermIndex {
public:
    using Range = std::pair<std::uint32_t, std::uint32_t>;   // [first, last) term numbers

    // Collects (term, id) pairs; build() turns them into the index.
    class Builder {
    public:
        void add(std::string_view term, std::uint32_t id);
        TermIndex build(std::size_t id_count);

    private:
        std::unordered_map<std::string, std::uint32_t> token_of_;
        std::vector<std::string> tokens_;
        std::vector<std::uint64_t> pairs_;   // (token << 32) | id
    };

    Range prefix_range(std::string_view prefix) const;
    // Term number of exactly `term`, or -1.
    std::int64_t find(std::string_view term) const;
    // Number of (term, id) postings of the terms in the range.
    std::size_t postings_in(Range range) const { return posting_offset_[range.second] - posting_offset_[range.first]; }
    std::span<const std::uint32_t> ids_of(Range range) const {
        return {postings_.data() + posting_offset_[range.first], postings_in(range)};
    }
    std::span<const std::uint32_t> terms_of(std::uint32_t id) const {
        return {id_terms_.data() + term_offset_[id], term_offset_[id + 1] - term_offset_[id]};
    }
    const std::vector<std::string>& terms() const { return terms_; }

private:
    friend struct IndexFile;
    std::vector<std::string> terms_;
    std::vector<std::uint32_t> posting_offset_, postings_;   // by term number
    std::vector<std::uint32_t> term_offset_, id_terms_;      // by id
};

// Ids grouped by a key (a CSR table): ids_of(key) in increasing order.
struct Grouping {
    std::vector<std::uint32_t> offset, ids;
    static Grouping build(const std::vector<std::uint32_t>& key_of_id, std::size_t key_count);
    std::span<const std::uint32_t> ids_of(std::uint32_t key) const {
        return {ids.data() + offset[key], offset[key + 1] - offset[key]};
    }
    std::size_t count_of(std::uint32_t key) const { return offset[key + 1] - offset[key]; }
};

struct TextIndex {
    // Column weights: a word found in the name counts most. A whole-word match counts twice a prefix match.
    static constexpr int kNameWeight = 10, kProfessionWeight = 6, kSpecialtyWeight = 4, kSiteWeight = 1,
                         kCommuneWeight = 3;

    TermIndex names;        // id: index position
    TermIndex professions;  // id: profession dictionary number (label and synonyms)
    TermIndex specialties;  // id: specialty dictionary number (label and synonyms)
    TermIndex sites;        // id: site number (trade name, company name, street)
    TermIndex communes;     // id: site number (commune name, postcode)
    std::vector<std::uint32_t> site_of;   // by position: site number
    Grouping positions_by_site, positions_by_profession, positions_by_specialty;
    Vocabulary vocabulary;  // every term of every column, for typo tolerance

    // Practices matching every word (each as a prefix, in any column), ranked by the sum
    // over words of the best column weight. `words` come from text::words (at most
    // kMaxQueryWords are used); a word of 4 letters or more that starts no term is
    // replaced by the terms within one edit (Vocabulary::near_terms).
    // `whole_professions`, when given, receives the profession numbers whose every practice
    // matches (through the profession column): facets can add their counts in one go.
    TextHits match(const std::vector<std::string>& words, const PracticeIndex& ix,
                   std::vector<std::uint16_t>* whole_professions = nullptr) const;

    // Autocomplete of names: positions whose name has, for every word, a word starting
    // with it; those where more words are whole come first, then shorter names, then in
    // name order. At most `max`, each position once.
    std::vector<std::uint32_t> names_starting_with(const std::vector<std::string>& words, const PracticeIndex& ix,
                                                   std::size_t max) const;
};

}  // namespace annuaire::search
