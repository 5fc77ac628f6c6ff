// The order of results (relevance, name, distance) and the selection of the hits a page
// needs: only the head of the order is sorted, never every match.
#pragma once

#include "search/matcher.hpp"
#include "search/practice_index.hpp"
#include "search/search_query.hpp"
#include "search/text_index.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace annuaire::search {

// Puts the first `needed` hits in order (the rest stays unordered). Sort::distance needs `near`.
void order_hits(std::vector<Hit>& hits, Sort sort, std::size_t needed, const PracticeIndex& ix,
                const std::optional<Near>& near);

// The first `needed` text matches by relevance (then name), in order: a bounded heap,
// so a page of a common word costs one pass over its matches. Each match is compared as
// one integer (rank, then name rank): the pass reads the name ranks in position order and
// seldom touches the heap.
std::vector<Hit> best_by_relevance(const TextHits& matches, std::size_t needed, const PracticeIndex& ix);

}  // namespace annuaire::search
