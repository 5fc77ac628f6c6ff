// Synthetic BAN addresses for the 39 real m2A commune contours.
#pragma once

#include <string>
#include <vector>

#include "geo.hpp"
#include "reference.hpp"
#include "rng.hpp"

namespace gen {

struct BanStreet {
    std::string insee, commune_name;
    std::string street_key;   // FANTOIR code ("1750") or a new-style 6-char key
    std::string id_fantoir;   // "<insee>_<code>" or empty for new-style keys
    std::size_t type = 0;     // index in words::street_types()
    std::string core;         // "du Sauvage"
    std::string nom_voie;     // "Rue du Sauvage"
    std::string nom_afnor;
    std::string insee_ancienne, nom_ancienne, nom_ld, type_position;
    std::string cad_section;
};

struct BanAddress {
    std::size_t street = 0;
    int numero = 0;
    std::string rep;  // "", "bis", "ter"
    std::string postcode, acheminement, cad_parcelles;
    double x = 0, y = 0, lon = 0, lat = 0;  // as written (rounded)
};

struct BanData {
    std::vector<BanStreet> streets;
    std::vector<BanAddress> addresses;  // sorted by commune, street name, number, rep
};

// Builds streets and numbered addresses inside each contour. Every point is
// checked inside its commune (after rounding) before being kept.
BanData generate_m2a_ban(const Reference& ref, const std::vector<Contour>& contours, const Transform& wgs84_to_l93,
                         Rng& rng);

void write_ban(const BanData& ban, const std::string& path);

}  // namespace gen
