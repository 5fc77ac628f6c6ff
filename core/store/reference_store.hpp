// Reference tables and territories in the store.
#pragma once

#include "reference/reference_data.hpp"
#include "store/database.hpp"

#include <string>
#include <vector>

namespace annuaire::store {

// Replaces the reference tables with data. Call inside a write transaction.
void replace_reference_data(Database& db, const reference::ReferenceData& data);

struct TerritoryRecord {
    std::string id;
    std::string name;
    std::vector<std::string> insee_codes;
};

// Creates or replaces a territory. Call inside a write transaction.
void save_territory(Database& db, const TerritoryRecord& territory);

}  // namespace annuaire::store
