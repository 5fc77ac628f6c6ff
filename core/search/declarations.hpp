// Owner declarations from a JSON document (admin import path until owners can
// edit their fiche): validated against the allowed values of the schema.
//
// {"declared_by": "...", "declared_at": "2025-01-01T00:00:00Z",
//  "practitioners": [{"practitioner_id": "...", "website": "...", ...}],
//  "practices": [{"practitioner_id": "...", "site_key": "..." | "site_id": 12,
//                 "carte_vitale": true, "conventionnement": "secteur_1", "publics": ["enfants"],
//                 "acts": ["vaccination"], "opening_hours": [{"weekday": 1, "opens": "08:30", "closes": "12:00"}]}],
//  "corrections": [{"practitioner_id": "...", "field": "last_name", "value": "..."},
//                  {"site_key": "..." | "site_id": 12, "field": "phone", "value": "..."}]}
#pragma once

#include "store/search_store.hpp"

#include <nlohmann/json_fwd.hpp>

#include <stdexcept>

namespace annuaire::search {

class DeclarationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws DeclarationError naming the entry (practices[3].conventionnement) and the fault.
store::DeclarationSet parse_declarations(const nlohmann::json& document);

}  // namespace annuaire::search
