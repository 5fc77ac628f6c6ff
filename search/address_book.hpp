// Forward geocoding for "near this address" (issue 2): the BAN address index of the
// database and the geocoder over it, loaded when the BAN rows change and replaced as a
// whole, and the answer of GET /api/v1/geocode from them.
#pragma once

#include "address_index.hpp"
#include "geocoder.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace annuaire::search {

struct AddressBook {
    geo::AddressIndex index;
    std::unique_ptr<geo::Geocoder> geocoder;
};

// {"items": [...]}: the ranked candidates for q, best first, at most `limit`.
nlohmann::json geocode_answer(const AddressBook& book, const std::string& q, int limit);

}  // namespace annuaire::search
