// The geocoder's narrow interface: address fields in -> position, precision,
// score, matched label, and why it was chosen out. Also forward geocoding of free
// text for people ("12 rue du sauvage mulhouse", "68100"), on the same index and
// normaliser.
#pragma once

#include "address_index.hpp"
#include "commune_contours.hpp"

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace annuaire::reference { class CommuneResolver; }

namespace annuaire::geo {

// Address fields as the RPPS extract gives them (any may be empty).
struct AddressQuery {
    std::string street_number, repetition_index, street_type_code, street_type_label, street_name,
        geo_complement, cedex_office, postcode, commune_code, commune_name, country_code;
    std::string resolved_insee;  // the importer's commune, if it found one
};

// Where the commune of a placement came from.
enum class CommuneSource : std::uint8_t {
    none,       // no commune found
    code,       // the INSEE code (Paris, Lyon or Marseille as a whole narrowed by the postcode or label)
    postcode,   // the postcode, with the town when several communes share it
    label,      // the town (and arrondissement) a label names: "PARIS CEDEX 07", "MULHOUSE"
    cedex,      // the CEDEX table
    importer,   // only the commune the importer resolved
    neighbour,  // a commune next to the named one, where the street is
};
// How the street was matched.
enum class StreetMatch : std::uint8_t {
    none,       // no street (municipality or nothing)
    exact,      // same normalised name
    name,       // same name, street type missing or another
    fuzzy,      // similar name (typo, missing word)
    ambiguous,  // several streets fit equally, far apart: placed on one at street precision at best
};
// How far a placement can be trusted; low ones are for an administrator to review.
enum class Confidence : std::uint8_t { low, medium, high };

std::string_view to_string(CommuneSource source);
std::string_view to_string(StreetMatch match);
std::string_view to_string(Confidence confidence);

struct GeocodeResult {
    Precision precision = Precision::none;
    double lon = 0, lat = 0;  // meaningless when precision is none
    double score = 0;         // 0..1
    std::string label;        // the matched address, e.g. "12 Rue du Sauvage 68100 Mulhouse"
    std::string insee;        // the commune it was placed in
    std::string reason;       // why not a plain exact housenumber match (empty for one)
    CommuneSource commune_source = CommuneSource::none;
    StreetMatch street_match = StreetMatch::none;
    Confidence confidence = Confidence::low;
    // The communes the address names first, space-separated: its INSEE code's, else its
    // postcode's (with the town when several share it), else its label's or CEDEX code's.
    // A placement in another commune says so at the start of `reason` ("postcode 75007
    // names Paris 7e Arrondissement, but … is in …"), with commune_source neighbour, or the
    // label, CEDEX table or city code that named that other commune less precisely.
    std::string named_insee;
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
    struct NamedCommune {
        std::uint32_t id = 0;
        CommuneSource source = CommuneSource::none;
    };
    // The communes an address names: `primary` the most specific (the code, the postcode's
    // commune), `others` those it names less precisely or in conflict (the rest of Paris
    // for 75056, the label's town when the postcode serves another).
    struct NamedCommunes {
        std::vector<NamedCommune> primary, others;
        double confidence = 1.0;
        // What named the primary communes, for reasons: {"postcode", "75007"}; views of the query.
        std::pair<std::string_view, std::string_view> described;
        // Communes the label names besides the postcode's, added to `others` only when the
        // street is not settled in the primary ones (add_deferred).
        int deferred_labelled = -1;
        std::span<const std::uint32_t> deferred_town;
    };
    struct StreetChoice;

    NamedCommunes name_communes(const AddressQuery& query) const;
    void add_deferred(NamedCommunes& named, std::string_view postcode) const;
    // The street among `communes`: exact key, else same name, else (when `fuzzy`) similar.
    // `anchor`: the named commune, when `communes` are others (the nearest to it wins).
    StreetChoice choose_street(const AddressIndex::StreetQuery& street, const text::HouseNumber& house,
                               const std::vector<NamedCommune>& communes, bool fuzzy, std::string_view postcode,
                               int anchor) const;
    LonLat municipality_point(std::uint32_t commune) const;
    std::string commune_label(std::uint32_t commune) const;

    const AddressIndex& index_;
    const CommuneContours* contours_;
    const reference::CommuneResolver* resolver_;
};

// Minimum street similarity for a street to be accepted.
inline constexpr double kMinStreetScore = 0.6;

}  // namespace annuaire::geo
