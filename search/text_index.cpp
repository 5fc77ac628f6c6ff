#include "search/text_index.hpp"

#include "search/practice_index.hpp"

#include <algorithm>

namespace annuaire::search {

void TermIndex::Builder::add(std::string_view term, std::uint32_t id) {
    if (term.empty()) return;
    auto [it, added] = token_of_.try_emplace(std::string(term), static_cast<std::uint32_t>(tokens_.size()));
    if (added) tokens_.push_back(it->first);
    pairs_.push_back(static_cast<std::uint64_t>(it->second) << 32 | id);
}

TermIndex TermIndex::Builder::build(std::size_t id_count) {
    TermIndex index;
    // Term numbers in byte order, so that the terms sharing a prefix are contiguous.
    std::vector<std::uint32_t> by_text(tokens_.size());
    for (std::uint32_t i = 0; i < by_text.size(); ++i) by_text[i] = i;
    std::sort(by_text.begin(), by_text.end(), [&](auto a, auto b) { return tokens_[a] < tokens_[b]; });
    std::vector<std::uint32_t> number_of(tokens_.size());
    index.terms_.reserve(tokens_.size());
    for (std::uint32_t n = 0; n < by_text.size(); ++n) {
        number_of[by_text[n]] = n;
        index.terms_.push_back(std::move(tokens_[by_text[n]]));
    }
    for (auto& pair : pairs_) pair = static_cast<std::uint64_t>(number_of[pair >> 32]) << 32 | (pair & 0xffffffffu);
    std::sort(pairs_.begin(), pairs_.end());
    pairs_.erase(std::unique(pairs_.begin(), pairs_.end()), pairs_.end());

    index.posting_offset_.assign(index.terms_.size() + 1, 0);
    index.postings_.reserve(pairs_.size());
    for (const auto pair : pairs_) {
        ++index.posting_offset_[(pair >> 32) + 1];
        index.postings_.push_back(static_cast<std::uint32_t>(pair));
    }
    for (std::size_t t = 0; t < index.terms_.size(); ++t) index.posting_offset_[t + 1] += index.posting_offset_[t];

    // The other direction: the terms of each id, by a counting sort on the id.
    index.term_offset_.assign(id_count + 1, 0);
    for (const auto pair : pairs_) ++index.term_offset_[(pair & 0xffffffffu) + 1];
    for (std::size_t id = 0; id < id_count; ++id) index.term_offset_[id + 1] += index.term_offset_[id];
    index.id_terms_.resize(pairs_.size());
    auto fill = index.term_offset_;
    for (const auto pair : pairs_) index.id_terms_[fill[pair & 0xffffffffu]++] = static_cast<std::uint32_t>(pair >> 32);

    *this = Builder();
    return index;
}

TermIndex::Range TermIndex::prefix_range(std::string_view prefix) const {
    const auto first = std::lower_bound(terms_.begin(), terms_.end(), prefix,
                                        [](const std::string& term, std::string_view p) { return term < p; });
    // Folded terms are ASCII: every term that starts with the prefix sorts before prefix + 0xff.
    std::string bound(prefix);
    bound.push_back('\xff');
    const auto last = std::lower_bound(first, terms_.end(), bound);
    return {static_cast<std::uint32_t>(first - terms_.begin()), static_cast<std::uint32_t>(last - terms_.begin())};
}

std::int64_t TermIndex::find(std::string_view term) const {
    const auto it = std::lower_bound(terms_.begin(), terms_.end(), term,
                                     [](const std::string& t, std::string_view p) { return t < p; });
    return it != terms_.end() && *it == term ? it - terms_.begin() : -1;
}

Grouping Grouping::build(const std::vector<std::uint32_t>& key_of_id, std::size_t key_count) {
    Grouping grouping;
    grouping.offset.assign(key_count + 1, 0);
    for (const auto key : key_of_id) ++grouping.offset[key + 1];
    for (std::size_t k = 0; k < key_count; ++k) grouping.offset[k + 1] += grouping.offset[k];
    grouping.ids.resize(key_of_id.size());
    auto fill = grouping.offset;
    for (std::uint32_t id = 0; id < key_of_id.size(); ++id) grouping.ids[fill[key_of_id[id]]++] = id;
    return grouping;
}

namespace {

// Zeroed bitmaps reused by the queries of one thread. A query sets a few thousand bits
// in bitmaps of up to 1.8 M bits: allocating and zeroing them afresh for each query
// cost more than the query itself (page faults, then the allocator's consolidation).
// Whoever takes a bitmap gives it back with every bit cleared.
class BitmapPool {
public:
    static std::vector<std::uint64_t> take(std::size_t words) {
        auto& spare = spares();
        for (auto it = spare.begin(); it != spare.end(); ++it) {
            if (it->size() == words) {
                auto bitmap = std::move(*it);
                spare.erase(it);
                return bitmap;
            }
        }
        return std::vector<std::uint64_t>(words, 0);
    }
    static void give_back(std::vector<std::uint64_t>&& bitmap) {
        auto& spare = spares();
        if (!bitmap.empty() && spare.size() < kKept) spare.push_back(std::move(bitmap));
    }

private:
    static constexpr std::size_t kKept = 48;  // kMaxQueryWords x 3 columns x 2 bitmaps, and more
    static std::vector<std::vector<std::uint64_t>>& spares() {
        thread_local std::vector<std::vector<std::uint64_t>> spare;
        return spare;
    }
};

// Where one typed word is found in one column: term ranges (the word as a prefix, or
// its typo alternatives) and the term equal to the word itself.
struct ColumnMatch {
    std::vector<TermIndex::Range> ranges;
    std::int64_t exact = -1;
    int weight = 0;
    // When marked: the ids holding a matching term, and those holding the exact term, as
    // bitmaps, so that checking a candidate reads one bit instead of the candidate's terms.
    std::vector<std::uint64_t> matched_ids, exact_ids;
    const TermIndex* marked_in = nullptr;

    ColumnMatch() = default;
    ColumnMatch(const ColumnMatch&) = delete;
    ColumnMatch& operator=(const ColumnMatch&) = delete;
    ~ColumnMatch() {
        if (!marked_in || matched_ids.empty()) return;
        // Clear the bits that mark() set: as many as the postings, far fewer than the words.
        for (const auto& range : ranges) {
            for (const auto id : marked_in->ids_of(range)) matched_ids[id >> 6] = 0;
        }
        if (exact >= 0 && !exact_ids.empty()) {
            const auto term = static_cast<std::uint32_t>(exact);
            for (const auto id : marked_in->ids_of({term, term + 1})) exact_ids[id >> 6] = 0;
        }
        BitmapPool::give_back(std::move(matched_ids));
        BitmapPool::give_back(std::move(exact_ids));
    }

    void prepare(const TermIndex& index, const std::vector<std::string>& prefixes, const std::string& word, int column_weight) {
        weight = column_weight;
        for (const auto& prefix : prefixes) {
            const auto range = index.prefix_range(prefix);
            if (range.first < range.second) ranges.push_back(range);
        }
        exact = ranges.empty() ? -1 : index.find(word);
    }
    std::size_t postings(const TermIndex& index) const {
        std::size_t n = 0;
        for (const auto& range : ranges) n += index.postings_in(range);
        return n;
    }
    void mark(const TermIndex& index, std::size_t id_count) {
        if (ranges.empty()) return;
        marked_in = &index;
        matched_ids = BitmapPool::take((id_count + 63) / 64);
        for (const auto& range : ranges) {
            for (const auto id : index.ids_of(range)) matched_ids[id >> 6] |= std::uint64_t{1} << (id & 63);
        }
        if (exact < 0) return;
        exact_ids = BitmapPool::take(matched_ids.size());
        const auto term = static_cast<std::uint32_t>(exact);
        for (const auto id : index.ids_of({term, term + 1})) exact_ids[id >> 6] |= std::uint64_t{1} << (id & 63);
    }
    // The best weight of the word in this column for one id, 0 when it is not found there.
    int weight_of(const TermIndex& index, std::uint32_t id) const {
        if (ranges.empty()) return 0;
        if (!matched_ids.empty()) {
            if (!(matched_ids[id >> 6] >> (id & 63) & 1)) return 0;
            return !exact_ids.empty() && (exact_ids[id >> 6] >> (id & 63) & 1) ? 2 * weight : weight;
        }
        int best = 0;
        for (const auto term : index.terms_of(id)) {
            for (const auto& [first, last] : ranges) {
                if (term >= first && term < last) {
                    best = std::max(best, static_cast<std::int64_t>(term) == exact ? 2 * weight : weight);
                    break;
                }
            }
        }
        return best;
    }
};

// One word of the query against every column.
struct WordMatch {
    ColumnMatch name, site, commune;
    std::vector<std::uint8_t> profession_weight, specialty_weight;   // by dictionary number, 0: no match
    bool any_profession = false, any_specialty = false;
    std::size_t estimate = 0;   // postings to read to enumerate the word's matches

    int score(const TextIndex& t, const PracticeIndex& ix, std::uint32_t pos) const {
        int best = name.weight_of(t.names, pos);
        if (any_profession) best = std::max<int>(best, profession_weight[ix.profession[pos]]);
        if (any_specialty) {
            for (auto i = ix.specialty_offset[pos]; i < ix.specialty_offset[pos + 1]; ++i) {
                best = std::max<int>(best, specialty_weight[ix.specialty[i]]);
            }
        }
        const auto site_number = t.site_of[pos];
        best = std::max(best, site.weight_of(t.sites, site_number));
        best = std::max(best, commune.weight_of(t.communes, site_number));
        return best;
    }
};

// Per dictionary entry (profession or specialty), the weight of the word in its label.
std::vector<std::uint8_t> code_weights(const TermIndex& index, std::size_t count, const ColumnMatch& column, bool& any) {
    std::vector<std::uint8_t> weights(count, 0);
    if (column.ranges.empty()) return weights;
    for (std::uint32_t code = 0; code < count; ++code) {
        weights[code] = static_cast<std::uint8_t>(column.weight_of(index, code));
        any = any || weights[code] != 0;
    }
    return weights;
}

}  // namespace

TextHits TextIndex::match(const std::vector<std::string>& words, const PracticeIndex& ix,
                          std::vector<std::uint16_t>* whole_professions) const {
    const std::size_t word_count = std::min(words.size(), kMaxQueryWords);
    std::vector<WordMatch> matches(word_count);
    for (std::size_t w = 0; w < word_count; ++w) {
        const auto& word = words[w];
        std::vector<std::string> prefixes{word};
        if (word.size() >= 4 && !vocabulary.has_prefix(word)) {
            auto alternatives = vocabulary.near_terms(word);
            if (!alternatives.empty()) prefixes = std::move(alternatives);
        }
        auto& m = matches[w];
        m.name.prepare(names, prefixes, word, kNameWeight);
        m.site.prepare(sites, prefixes, word, kSiteWeight);
        m.commune.prepare(communes, prefixes, word, kCommuneWeight);
        ColumnMatch profession, specialty;
        profession.prepare(professions, prefixes, word, kProfessionWeight);
        specialty.prepare(specialties, prefixes, word, kSpecialtyWeight);
        m.profession_weight = code_weights(professions, ix.professions.codes.size(), profession, m.any_profession);
        m.specialty_weight = code_weights(specialties, ix.specialties.codes.size(), specialty, m.any_specialty);
        // A site holds about two practices: its postings count twice.
        m.estimate = m.name.postings(names) + 2 * (m.site.postings(sites) + m.commune.postings(communes));
        for (std::uint32_t code = 0; code < m.profession_weight.size(); ++code) {
            if (m.profession_weight[code]) m.estimate += positions_by_profession.count_of(code);
        }
        for (std::uint32_t code = 0; code < m.specialty_weight.size(); ++code) {
            if (m.specialty_weight[code]) m.estimate += positions_by_specialty.count_of(code);
        }
        if (m.estimate == 0) return {};   // a word found nowhere: nothing matches every word
    }
    if (matches.empty()) return {};
    if (whole_professions) {
        for (std::uint32_t code = 0; code < ix.professions.codes.size(); ++code) {
            const bool every_word = std::all_of(matches.begin(), matches.end(),
                                                [&](const WordMatch& m) { return m.profession_weight[code] != 0; });
            if (every_word) whole_professions->push_back(static_cast<std::uint16_t>(code));
        }
    }

    // A word's name, site and commune matches are marked in bitmaps unless that costs much
    // more than checking the candidates one by one (a short prefix of many terms).
    const auto& rarest = *std::min_element(matches.begin(), matches.end(),
                                           [](const WordMatch& a, const WordMatch& b) { return a.estimate < b.estimate; });
    const std::size_t mark_limit = std::max<std::size_t>(4 * rarest.estimate, 50000);
    const std::size_t site_count = positions_by_site.offset.size() - 1;
    for (auto& m : matches) {
        if (m.name.postings(names) <= mark_limit) m.name.mark(names, ix.size());
        if (m.site.postings(sites) <= mark_limit) m.site.mark(sites, site_count);
        if (m.commune.postings(communes) <= mark_limit) m.commune.mark(communes, site_count);
    }

    // Candidates: the matches of the rarest word, marked in a bitmap (deduplicated and in
    // position order for free); every word is then checked on each candidate. A summary
    // bitmap (a bit per word of the first) lets the reading skip the empty words: reading
    // all 28,000 words of 1.8 M positions cost a fifth of a typical query.
    const auto& driver = rarest;
    // Taken from the pool; for_each_candidate clears each block as it reads it, and the guard
    // clears what an exception would leave.
    struct ScratchBitmap {
        std::vector<std::uint64_t> bits, summary;
        bool cleared = false;
        ~ScratchBitmap() {
            if (!cleared) {
                std::fill(bits.begin(), bits.end(), 0);
                std::fill(summary.begin(), summary.end(), 0);
            }
            BitmapPool::give_back(std::move(bits));
            BitmapPool::give_back(std::move(summary));
        }
    } scratch{BitmapPool::take((ix.size() + 63) / 64), BitmapPool::take((ix.size() + 4095) / 4096)};
    auto& bitmap = scratch.bits;
    auto& summary = scratch.summary;
    const auto mark = [&](std::uint32_t pos) {
        bitmap[pos >> 6] |= std::uint64_t{1} << (pos & 63);
        summary[pos >> 12] |= std::uint64_t{1} << ((pos >> 6) & 63);
    };
    for (const auto& range : driver.name.ranges) {
        for (const auto pos : names.ids_of(range)) mark(pos);
    }
    for (const auto* column : {&driver.site, &driver.commune}) {
        const auto& index = column == &driver.site ? sites : communes;
        for (const auto& range : column->ranges) {
            for (const auto site_number : index.ids_of(range)) {
                for (const auto pos : positions_by_site.ids_of(site_number)) mark(pos);
            }
        }
    }
    for (std::uint32_t code = 0; code < driver.profession_weight.size(); ++code) {
        if (!driver.profession_weight[code]) continue;
        for (const auto pos : positions_by_profession.ids_of(code)) mark(pos);
    }
    for (std::uint32_t code = 0; code < driver.specialty_weight.size(); ++code) {
        if (!driver.specialty_weight[code]) continue;
        for (const auto pos : positions_by_specialty.ids_of(code)) mark(pos);
    }

    TextHits hits;
    hits.reserve(std::min(driver.estimate, ix.size()));
    const auto check = [&](std::uint32_t pos) {
        int total = 0;
        for (const auto& m : matches) {
            const int score = m.score(*this, ix, pos);
            if (score == 0) return;
            total += score;
        }
        hits.emplace_back(pos, -static_cast<float>(total));
    };
    const auto for_each_candidate = [&](auto&& fn) {
        for (std::size_t group = 0; group < summary.size(); ++group) {
            const auto blocks = summary[group];
            if (!blocks) continue;
            summary[group] = 0;
            for (auto b = blocks; b; b &= b - 1) {
                const std::size_t block = group * 64 + static_cast<std::size_t>(__builtin_ctzll(b));
                const auto set = bitmap[block];
                bitmap[block] = 0;
                for (auto bits = set; bits; bits &= bits - 1) {
                    fn(static_cast<std::uint32_t>(block * 64 + static_cast<std::size_t>(__builtin_ctzll(bits))));
                }
            }
        }
        scratch.cleared = true;
    };
    if (driver.estimate > ix.size() / 16) {
        // Dense: the columns are read almost in sequence, the hardware prefetches them.
        for_each_candidate(check);
    } else {
        // Sparse: checking a candidate reads several columns at its position, each a cache
        // miss; ask for the columns of a later candidate while checking this one.
        std::vector<std::uint32_t> candidates;
        candidates.reserve(driver.estimate);
        for_each_candidate([&](std::uint32_t pos) { candidates.push_back(pos); });
        constexpr std::size_t kAhead = 8;
        for (std::size_t c = 0; c < candidates.size(); ++c) {
            if (c + kAhead < candidates.size()) {
                const auto later = candidates[c + kAhead];
                __builtin_prefetch(&site_of[later]);
                __builtin_prefetch(&ix.profession[later]);
                __builtin_prefetch(&ix.specialty_offset[later]);
            }
            check(candidates[c]);
        }
    }
    // Matches are kept (text cache): give back what the estimate reserved in excess.
    if (hits.capacity() - hits.size() > hits.size() / 4 + 1024) hits.shrink_to_fit();
    return hits;
}

std::vector<std::uint32_t> TextIndex::names_starting_with(const std::vector<std::string>& words,
                                                      const PracticeIndex& ix, std::size_t max) const {
    const std::size_t word_count = std::min(words.size(), kMaxQueryWords);
    if (word_count == 0 || max == 0) return {};
    std::vector<TermIndex::Range> ranges(word_count);
    std::vector<std::int64_t> whole(word_count);
    std::size_t rarest = 0;
    for (std::size_t w = 0; w < word_count; ++w) {
        ranges[w] = names.prefix_range(words[w]);
        if (ranges[w].first == ranges[w].second) return {};
        whole[w] = names.find(words[w]);
        if (names.postings_in(ranges[w]) < names.postings_in(ranges[rarest])) rarest = w;
    }
    struct Candidate {
        std::uint32_t whole_words, name_words, name_rank, pos;
    };
    std::vector<Candidate> candidates;
    for (const std::uint32_t pos : names.ids_of(ranges[rarest])) {
        const auto terms = names.terms_of(pos);
        std::uint32_t whole_words = 0;
        bool every_word = true;
        for (std::size_t w = 0; w < word_count && every_word; ++w) {
            const auto [first, last] = ranges[w];
            every_word = std::any_of(terms.begin(), terms.end(), [&](std::uint32_t t) { return t >= first && t < last; });
            const auto whole_term = static_cast<std::uint32_t>(whole[w]);
            if (whole[w] >= 0 && std::find(terms.begin(), terms.end(), whole_term) != terms.end()) ++whole_words;
        }
        if (!every_word) continue;
        candidates.push_back({whole_words, static_cast<std::uint32_t>(terms.size()), ix.name_rank[pos], pos});
    }
    // Whole words first, then short names ("DUBOIS" before "ALVES-DUBOIS" for "du"), then by name.
    const auto better = [](const Candidate& a, const Candidate& b) {
        if (a.whole_words != b.whole_words) return a.whole_words > b.whole_words;
        if (a.name_words != b.name_words) return a.name_words < b.name_words;
        return a.name_rank < b.name_rank;
    };
    // The best few only (a two-letter prefix matches hundreds of thousands). A position is
    // listed once per word of its name in the rarest range: its copies sort together.
    if (candidates.empty()) return {};
    const std::size_t kept = std::min(candidates.size(), 8 * max + 16);
    std::nth_element(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(kept) - 1, candidates.end(),
                     better);
    candidates.resize(kept);
    std::sort(candidates.begin(), candidates.end(), better);
    std::vector<std::uint32_t> positions;
    for (std::size_t i = 0; i < candidates.size() && positions.size() < max; ++i) {
        if (i > 0 && candidates[i].pos == candidates[i - 1].pos) continue;
        positions.push_back(candidates[i].pos);
    }
    return positions;
}

}  // namespace annuaire::search
