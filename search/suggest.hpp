// Suggestions while a user types (GET /api/v1/suggest): professions, specialties and
// communes whose label has words starting with those typed, then practitioners whose
// names do, each practitioner once.
#pragma once

#include "search/practice_index.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace annuaire::search {

// {"items": [...]}, at most `limit` items (three of each dictionary at most).
nlohmann::json suggestions(const PracticeIndex& ix, const std::string& q, int limit);

}  // namespace annuaire::search
