// The answer of a search (GET /api/v1/practitioners): the matches of the filters, their
// facets and box, and one page of them in the order asked, written as JSON text straight
// from the index (the busiest endpoint).
#pragma once

#include "search/declared_columns.hpp"
#include "search/practice_index.hpp"
#include "search/search_query.hpp"
#include "search/text_cache.hpp"

#include <string>

namespace annuaire::search {

// `query` with its defaults applied (SearchService::with_defaults).
std::string results_page(const PracticeIndex& ix, const DeclaredColumns& declared, TextCache& cache,
                         const SearchQuery& query);

}  // namespace annuaire::search
