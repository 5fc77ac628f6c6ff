// The geocoder's narrow interface: address fields in -> position, precision,
// score, matched label out. Also forward geocoding of free text for people
// ("12 rue du sauvage mulhouse", "68100"), on the same index and normaliser.
#pragma once

#include "address_index.hpp"
#include "commune_contours.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace annuaire::reference { class CommuneResolver; }

namespace annuaire::geo {

// Address fields as the RPPS extract gives them (any may be empty).
struct AddressQuery {
    std::string street_number, repetition_index, street_type_code, street_type_label, street_name,
        geo_complement, cedex_office, postcode, commune_code, commune_name, country_code;
    std::string resolved_insee;  // the importer's commune, if it found one
};

struct GeocodeResult {
    Precision precision = Precision::none;
    double lon = 0, lat = 0;  // meaningless when precision is none
    double score = 0;         // 0..1
    std::string label;        // the matched address, e.g. "12 Rue du Sauvage 68100 Mulhouse"
    std::string insee;        // the commune it was placed in
    std::string reason;       // why not better than housenumber (empty for housenumber)
};

struct Candidate {
    Precision precision = Precision::none;
    double lon = 0, lat = 0;
    double score = 0;
    std::string label;
    std::string insee;
    std::string postcode;
};

class Geocoder {
public:
    // The index, contours and resolver must outlive the geocoder; contours and
    // resolver may be null (no contour fallback / no CEDEX and merged-commune tables).
    Geocoder(const AddressIndex& index, const CommuneContours* contours,
             const reference::CommuneResolver* resolver);

    GeocodeResult geocode(const AddressQuery& query) const;

    // Ranked candidates for free text, best first, at most `limit`.
    std::vector<Candidate> search(std::string_view text, std::size_t limit = 5) const;

private:
    std::vector<std::uint32_t> resolve_communes(const AddressQuery& query, double& confidence) const;
    LonLat municipality_point(std::uint32_t commune) const;
    std::string commune_label(std::uint32_t commune) const;

    const AddressIndex& index_;
    const CommuneContours* contours_;
    const reference::CommuneResolver* resolver_;
};

// Minimum street similarity for a street to be accepted.
inline constexpr double kMinStreetScore = 0.6;

}  // namespace annuaire::geo
