// The clusters of a map view (GET /api/v1/clusters): the matches counted in the cells of
// a fixed Web-Mercator grid, a point where a cell holds one practice, as GeoJSON text.
// Answers without criteria come from the counts made when the index was built, and are
// kept in the index's TextCache.
#pragma once

#include "search/declared_columns.hpp"
#include "search/practice_index.hpp"
#include "search/search_query.hpp"
#include "search/text_cache.hpp"

#include <string>

namespace annuaire::search {

// `query` with its defaults applied, and a bbox (parse_cluster_query requires one). Throws
// QueryError when the view holds more than Limits::max_cluster_cells cells.
std::string clusters_answer(const PracticeIndex& ix, const DeclaredColumns& declared, TextCache& cache,
                            const ClusterQuery& query);

}  // namespace annuaire::search
