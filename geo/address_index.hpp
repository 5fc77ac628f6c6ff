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
        double lon = 0, lat = 0;           // a real address point of the street
    };
    struct Commune {
        std::string insee;
        std::string name;
        std::vector<std::string> postcodes;
        double lon = 0, lat = 0;           // a real address point of the commune
        std::unordered_map<std::string, std::uint32_t> street_by_key;
    };
    struct StreetMatch {
        std::uint32_t street = 0;
        double score = 0;  // 0..1, 1 = same normalised name
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
    // Communes served by a postcode; empty if unknown.
    std::span<const std::uint32_t> communes_by_postcode(std::string_view postcode) const;
    // Communes whose folded name, routing label or former name is `folded_name`.
    std::span<const std::uint32_t> communes_by_name(std::string_view folded_name) const;

    // Best streets for normalised tokens (text::street_tokens) among `communes`
    // (empty: everywhere), best first, at most `limit`.
    std::vector<StreetMatch> match_street(const std::vector<std::string>& tokens,
                                          std::span<const std::uint32_t> communes, std::size_t limit) const;

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
    // Ids of indexed tokens equal to `token` (similarity 1) or one edit away (less).
    void similar_tokens(const std::string& token, std::vector<std::pair<std::uint32_t, float>>& out) const;

    std::vector<Commune> communes_;
    std::vector<Street> streets_;
    std::vector<TokenInfo> tokens_;
    std::unordered_map<std::string, std::uint32_t> token_ids_;
    std::unordered_map<std::string, std::vector<std::uint32_t>> deletions_;  // variant -> token ids
    std::unordered_map<std::string, std::uint32_t> commune_ids_;             // insee and former insee
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_postcode_;
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_name_;
    std::unordered_map<std::string, std::uint32_t> street_ids_;              // insee + '\n' + BAN name
    // Build-time accumulators.
    std::vector<std::pair<double, double>> commune_sums_;
    std::vector<std::uint32_t> commune_counts_;
    std::size_t addresses_ = 0;
    bool finished_ = false;
};

}  // namespace annuaire::geo
