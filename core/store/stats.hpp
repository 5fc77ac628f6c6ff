// Counts of what the store holds, for `annuaire stats` and the health endpoint.
#pragma once

#include "store/database.hpp"

#include <nlohmann/json_fwd.hpp>

namespace annuaire::store {

// {"practitioners", "activities", "sites", "practices", "archived", "imports": [...],
//  "geocoded": {precision: count}, "geocoding": {"commune_from", "street_match",
//  "confidence": {value: count}}} over public (non-archived) rows.
nlohmann::json collect_stats(Database& db);

}  // namespace annuaire::store
