// Word lists for fictitious people, streets and places.
//
// All lists were written for this project. Any resemblance of a generated
// person (a last name drawn with a first name) to a real one is chance.
#pragma once

#include <span>
#include <string_view>

namespace gen::words {

std::span<const std::string_view> last_names();
std::span<const std::string_view> male_first_names();
std::span<const std::string_view> female_first_names();

// Street-name "cores": what follows the street type ("du Sauvage", "Victor Hugo").
std::span<const std::string_view> street_cores();
// Cores that suit a quay (water names).
std::span<const std::string_view> quay_cores();

// The street types used, with their RPPS code, label and AFNOR abbreviation.
struct StreetType {
    std::string_view label;   // "Rue", as in BAN nom_voie
    std::string_view code;    // RPPS "Code type de voie": "R"
    std::string_view afnor;   // short form used when an AFNOR name exceeds 32 chars: "R"
    double weight;            // relative frequency
};
std::span<const StreetType> street_types();

// "Complément point géographique" values.
std::span<const std::string_view> building_complements();
// Lieux-dits (BAN nom_ld).
std::span<const std::string_view> lieux_dits();
// Roots and endings used to name synthetic communes in the national file.
std::span<const std::string_view> commune_roots();
std::span<const std::string_view> commune_endings();
// Words used to name pharmacies, opticians, practices ("DU CENTRE", "DES VOSGES").
std::span<const std::string_view> shop_names();

}  // namespace gen::words
