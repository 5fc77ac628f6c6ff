// The full-text matches of a query's words on one index, kept for the next queries with the
// same words (least recently used out), with what a text alone always shows whatever the
// page: its facets, its box and the head of its relevance order. Also keeps the answers of
// /clusters without criteria. One TextCache per index, dropped with it.
#pragma once

#include "search/bounds.hpp"
#include "search/declared_columns.hpp"
#include "search/facets.hpp"
#include "search/matcher.hpp"
#include "search/practice_index.hpp"
#include "search/text_index.hpp"

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace annuaire::search {

// The full-text matches of some words on one index and, computed on first use, what a
// query with that text alone shows whatever the page: the facets, as JSON text, and the
// head of the relevance order.
struct TextMatches {
    TextHits hits;                                  // (position, rank), position order
    std::vector<std::uint16_t> whole_professions;   // every practice of these matches

    // The box of the matches: that of each whole profession (counted once per index), and
    // the other matches one by one.
    const Bounds& bounds(const PracticeIndex& ix, const std::vector<Bounds>& by_profession) const;

    // The first kHead matches by relevance: the pages a reader goes through (any page size
    // on the first page, the first five pages of 20) without a pass over every match.
    static constexpr std::size_t kHead = 100;
    const std::vector<Hit>& head(const PracticeIndex& ix) const;

    // Written again when owners' declarations changed since (another revision of `declared`).
    std::shared_ptr<const std::string> facets_json(const PracticeIndex& ix, const DeclaredColumns& declared,
                                                   const std::vector<FacetCounts>& by_profession) const;

private:
    mutable std::once_flag bounds_once_;
    mutable Bounds bounds_;
    mutable std::mutex facets_mutex_;
    mutable std::shared_ptr<const std::string> facets_json_;
    mutable std::uint64_t facets_revision_ = 0;
    mutable std::once_flag head_once_;
    mutable std::vector<Hit> head_;
};

// Recent full-text matches of one index, by normalised words: the same words typed by
// many users (or paged through) are matched once. Least recently used first out, in
// constant time. Dropped with the index.
class TextCache {
public:
    explicit TextCache(const PracticeIndex& ix);
    const std::vector<FacetCounts> by_profession;
    std::vector<Bounds> bounds_by_profession;

    std::shared_ptr<const TextMatches> find(const std::string& expression);
    void add(const std::string& expression, std::shared_ptr<const TextMatches> hits);

    // Answers of /clusters without criteria, by zoom and cells: the same for every visitor.
    std::shared_ptr<const std::string> find_clusters(const std::string& key);
    void add_clusters(const std::string& key, std::shared_ptr<const std::string> answer);

private:
    static constexpr std::size_t kMaxClusterAnswers = 2048;
    static constexpr std::size_t kMaxClusterBytes = 32u << 20;
    std::mutex clusters_mutex_;
    std::unordered_map<std::string, std::shared_ptr<const std::string>> cluster_answers_;
    std::size_t cluster_bytes_ = 0;
    // Enough entries that the common words of a busy hour stay (each holds its matches
    // and its facets written, about 10 kB); the matches held are bounded apart.
    static constexpr std::size_t kMaxEntries = 4096;
    static constexpr std::size_t kMaxHits = 8'000'000;   // 64 MB of (position, rank)
    struct Entry {
        std::string expression;
        std::shared_ptr<const TextMatches> hits;
    };
    std::mutex mutex_;
    std::list<Entry> recent_;   // most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> where_;
    std::size_t held_ = 0;
};

// The matches of q (its words, normalised, at most kMaxQueryWords) from the cache, or
// matched and kept there. Null without q.
std::shared_ptr<const TextMatches> text_hits(const PracticeIndex& ix, TextCache& cache, const std::string& q);

}  // namespace annuaire::search
