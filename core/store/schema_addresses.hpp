// Tables of the offline geocoder (geo/): the BAN address index.
// Part of schema version 1; executed by migrate().
#pragma once

namespace annuaire::store {

inline constexpr const char* kAddressSchemaV1 = R"sql(
SELECT 1;
)sql";

}  // namespace annuaire::store
