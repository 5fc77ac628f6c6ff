// The in-memory address index the geocoder matches against, built from the
// stored BAN rows: communes -> streets (normalised tokens, typo-tolerant token
// lookup) -> house numbers sorted with their positions.
#pragma once

#include "store/address_store.hpp"
#include "text/address_normalize.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace annuaire::geo {

enum class Precision { housenumber, interpolated, street, municipality, none, manual };
std::string_view to_string(Precision precision);

// Communes whose addresses come this close are neighbours: where the geocoder looks
// for a street that the named commune lacks (a wrong postcode, a CEDEX office's town).
inline constexpr double kNearbyMetres = 1000;
// A text looked up with its hash computed once: a street key searched in many communes.
struct HashedKey {
    std::string_view text;
    std::size_t hash = 0;
};
struct KeyHasher {
    using is_transparent = void;
    // Not noexcept, so that the tables keep each entry's hash and compare it first.
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    std::size_t operator()(const HashedKey& key) const { return key.hash; }
};
struct KeyEqual {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
    bool operator()(const HashedKey& a, std::string_view b) const { return a.text == b; }
    bool operator()(std::string_view a, const HashedKey& b) const { return a == b.text; }
};
template <typename Value>
using KeyMap = std::unordered_map<std::string, Value, KeyHasher, KeyEqual>;
// Hash of a text::street_wording, never 0 (0: no wording) for a non-empty one.
inline std::size_t wording_hash(std::string_view wording) {
    return wording.empty() ? 0 : KeyHasher{}(wording) | 1U;
}

class AddressIndex {
public:
    struct Number {
        int number = 0;
        std::string repetition;
        double lon = 0, lat = 0;
    };
    struct Street {
        std::uint32_t commune = 0;
        std::string name;                  // as published by the BAN
        std::vector<std::uint32_t> tokens; // token ids
        float weight = 0;                  // sum of token weights
        std::vector<Number> numbers;       // sorted by number, repetition
        std::uint32_t postcodes = 0;       // bit i: its commune's postcodes[i] (the first 32) serves it
        int first_number = 0, last_number = 0;  // of its real house numbers (0 when none)
        std::size_t wording_hash = 0;      // hash of text::street_wording(name)
        double lon = 0, lat = 0;           // a real address point of the street
    };
    struct Commune {
        std::string insee;
        std::string name;
        std::vector<std::string> postcodes;
        double lon = 0, lat = 0;           // a real address point of the commune
        KeyMap<std::uint32_t> street_by_key;
        // Streets by their name without the street type ("lathuille" -> Passage Lathuille).
        KeyMap<std::vector<std::uint32_t>> streets_by_name;
        double min_lon = 180, min_lat = 90, max_lon = -180, max_lat = -90;  // of its addresses
        std::vector<std::uint32_t> nearby;  // communes within kNearbyMetres, nearest first
    };
    struct StreetMatch {
        std::uint32_t street = 0;
        double score = 0;  // 0..1, 1 = same normalised name
    };
    // A street as a query names it, prepared once (see prepare_street).
    struct StreetQuery {
        std::vector<std::string> tokens;  // text::street_tokens, repeated tokens once
        std::string key;                  // the tokens joined: a street's exact key
        std::string name_key;             // the same without a leading street type
        bool has_type = false;            // the query starts with a street type
        bool type_apart = false;          // given apart from the name (RPPS type code or label)
        std::string_view street_line;     // the address's, read for its wording only when streets tie
        std::size_t key_hash = 0, name_key_hash = 0;  // computed once, for lookups in many communes
        HashedKey hashed_key() const { return {key, key_hash}; }
        HashedKey hashed_name_key() const { return {name_key, name_key_hash}; }
    };
    // How a house number fits a street.
    enum class NumberFit : std::uint8_t {
        none,      // no number asked
        outside,   // beyond the street's numbers: only the street's point
        in_range,  // between two numbers of its side of the street: interpolated
        found,     // the BAN has it
    };
    struct Location {
        Precision precision = Precision::none;
        double lon = 0, lat = 0;
        double factor = 0;        // confidence of the number step, 0..1
        std::string number_label; // "12 bis", empty at street level
    };

    // Adds one BAN row (any order). Must not be called after finish().
    void add(const store::BanRecord& row);
    // Sorts numbers and builds the lookup tables. Call once, after the last add().
    void finish();

    std::size_t address_count() const { return addresses_; }
    const std::vector<Commune>& communes() const { return communes_; }
    const std::vector<Street>& streets() const { return streets_; }

    // Commune of an INSEE code (a former commune's code gives the new commune). -1 if unknown.
    int commune_by_insee(std::string_view insee) const;
    // The arrondissements of Paris, Lyon or Marseille given the city's code (75056); empty otherwise.
    std::span<const std::uint32_t> arrondissements(std::string_view city_insee) const;
    // Communes served by a postcode; empty if unknown.
    std::span<const std::uint32_t> communes_by_postcode(std::string_view postcode) const;
    // Communes whose name, routing label or former name has this key (text::commune_key);
    // arrondissements are found by their city's name too ("paris").
    std::span<const std::uint32_t> communes_by_name(std::string_view folded_name) const;

    static StreetQuery prepare_street(std::vector<std::string> tokens);

    // Streets of `communes` with the query's exact key (`exact`), and those with the same
    // name but another street type or none (`same_name`, type-less queries included).
    // Returns true when `same_name` holds streets whose name is the whole query, its first
    // word included ("CHAUSSEE D'ANTIN": Rue de la Chaussée d'Antin), which may be what a
    // query that seems to start with a street type means.
    bool find_named(const StreetQuery& query, std::span<const std::uint32_t> communes,
                    std::vector<std::uint32_t>& exact, std::vector<std::uint32_t>& same_name) const;

    static NumberFit fit(const Street& street, const text::HouseNumber& number);

    // Metres between the nearest addresses of two communes' bounding boxes (0 when they overlap).
    double gap_metres(std::uint32_t a, std::uint32_t b) const;

    // Best streets for normalised tokens (text::street_tokens) among `communes`
    // (empty: everywhere), best first, at most `limit`.
    std::vector<StreetMatch> match_street(const std::vector<std::string>& tokens,
                                          std::span<const std::uint32_t> communes, std::size_t limit) const;

    // True when `postcode` serves the street (by the BAN rows that carry it).
    bool serves(const Street& street, std::string_view postcode) const;

    // Position of a house number on a street: exact, else interpolated between
    // neighbours of the same parity, else the street's point.
    Location locate(const Street& street, const text::HouseNumber& number) const;

private:
    struct TokenInfo {
        std::string text;
        float weight = 1;
        std::vector<std::uint32_t> streets;
    };
    std::uint32_t token_id(const std::string& token);
    // Registers a commune name, routing label or former name for communes_by_name.
    void add_name(const std::string& name, std::uint32_t commune);
    void find_nearby_communes();
    // Squared distance between the centres of two communes' boxes (for ordering only).
    double centre_distance(std::uint32_t a, std::uint32_t b) const;
    // Ids of indexed tokens equal to `token` (similarity 1) or one edit away (less).
    void similar_tokens(const std::string& token, std::vector<std::pair<std::uint32_t, float>>& out) const;

    std::vector<Commune> communes_;
    std::vector<Street> streets_;
    std::vector<TokenInfo> tokens_;
    std::unordered_map<std::string, std::uint32_t> token_ids_;
    std::unordered_map<std::string, std::vector<std::uint32_t>> deletions_;  // variant -> token ids
    KeyMap<std::uint32_t> commune_ids_;                                      // insee and former insee
    KeyMap<std::vector<std::uint32_t>> by_postcode_;
    KeyMap<std::vector<std::uint32_t>> by_name_;
    KeyMap<std::vector<std::uint32_t>> arrondissements_;                    // city insee -> its arrondissements
    std::unordered_map<std::string, std::uint32_t> street_ids_;              // insee + '\n' + BAN name
    // Build-time accumulators.
    std::vector<std::pair<double, double>> commune_sums_;
    std::vector<std::uint32_t> commune_counts_;
    std::vector<std::string> last_routing_labels_;
    std::size_t addresses_ = 0;
    bool finished_ = false;
};

}  // namespace annuaire::geo
