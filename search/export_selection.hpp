// Which practices an export holds: the matches of its filters, in name order, refused
// above Limits::max_export_rows before anything is written.
#pragma once

#include "search/declared_columns.hpp"
#include "search/practice_index.hpp"
#include "search/search_query.hpp"
#include "search/text_cache.hpp"

#include <cstdint>
#include <vector>

namespace annuaire::search {

// The positions of the matches of `filters` (with their defaults applied), in name order.
// Throws QueryError ("too_many_results") above Limits::max_export_rows.
std::vector<std::uint32_t> export_positions(const PracticeIndex& ix, const DeclaredColumns& declared, TextCache& cache,
                                            const Filters& filters);

}  // namespace annuaire::search
