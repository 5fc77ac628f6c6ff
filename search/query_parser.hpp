// Turns decoded request parameters into typed queries, checking every value.
// Knows nothing of HTTP: parameters arrive as a name -> value map, already
// percent-decoded exactly once by the HTTP layer.
#pragma once

#include "search/search_query.hpp"

#include <map>
#include <string>

namespace annuaire::search {

using Params = std::map<std::string, std::string>;

// Each throws QueryError naming the first bad parameter. Unknown parameters are errors,
// so that a misspelt filter never silently widens a search.
SearchQuery parse_search_query(const Params& params);
ClusterQuery parse_cluster_query(const Params& params);
ExportQuery parse_export_query(const Params& params);

// For endpoints that take no parameter: throws QueryError ("unknown_parameter") naming the first.
void refuse_parameters(const Params& params);

// A q that is neither blank nor holds a letter or digit once folded ("-", an emoji, a NUL)
// is refused (QueryError "empty_query"), so that it never stands for the whole directory.
void check_searchable(const std::string& q);

// open_at: "YYYY-MM-DDTHH:MM[:SS]" in Paris local time, or with "Z" / "+HH:MM" offset.
LocalMoment parse_moment(const std::string& text);

// Converts a UTC instant (seconds since the epoch) to Paris local time (EU summer time rules).
LocalMoment paris_local(long long utc_seconds);

}  // namespace annuaire::search
