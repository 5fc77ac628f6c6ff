#include "geocoder.hpp"

#include "reference/commune_resolver.hpp"
#include "text/address_normalize.hpp"
#include "text/normalize.hpp"

#include <algorithm>

namespace annuaire::geo {

namespace {

constexpr double kMunicipalityFactor = 0.3;

bool is_france(std::string_view country_code) {
    const std::string folded = text::fold(country_code);
    return folded.empty() || folded == "99100" || folded == "99000" || folded == "fr" || folded == "france";
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool same_department(std::string_view insee, std::string_view postcode) {
    if (postcode.size() < 2 || insee.size() < 2) return true;
    if (insee.substr(0, 2) == "2A" || insee.substr(0, 2) == "2B") return postcode.substr(0, 2) == "20";
    if (insee.substr(0, 2) == "97") return insee.substr(0, 3) == postcode.substr(0, 3);
    return insee.substr(0, 2) == postcode.substr(0, 2);
}

}  // namespace

Geocoder::Geocoder(const AddressIndex& index, const CommuneContours* contours,
                   const reference::CommuneResolver* resolver)
    : index_(index), contours_(contours), resolver_(resolver) {}

std::vector<std::uint32_t> Geocoder::resolve_communes(const AddressQuery& query, double& confidence) const {
    confidence = 1.0;
    const auto by_code = [&](const std::string& code) -> int {
        if (code.empty()) return -1;
        int id = index_.commune_by_insee(code);
        if (id < 0 && resolver_) {
            // A delegated former commune that the BAN file does not list as such.
            const std::string merged = resolver_->resolve(code, "", "", "");
            if (merged != code) id = index_.commune_by_insee(merged);
        }
        return id;
    };
    if (const int id = by_code(query.commune_code); id >= 0) return {static_cast<std::uint32_t>(id)};
    if (const int id = by_code(query.resolved_insee); id >= 0) return {static_cast<std::uint32_t>(id)};

    const std::string town = !text::fold(query.commune_name).empty()
                                 ? text::fold(query.commune_name)
                                 : reference::CommuneResolver::town_of_cedex_office(query.cedex_office);
    const auto named = town.empty() ? std::span<const std::uint32_t>() : index_.communes_by_name(town);
    const auto by_postcode = index_.communes_by_postcode(query.postcode);
    if (by_postcode.size() == 1) return {by_postcode.front()};
    if (!by_postcode.empty()) {
        std::vector<std::uint32_t> both;
        for (const auto id : by_postcode) {
            if (std::find(named.begin(), named.end(), id) != named.end()) both.push_back(id);
        }
        confidence = both.empty() ? 0.8 : 0.95;
        return both.empty() ? std::vector<std::uint32_t>(by_postcode.begin(), by_postcode.end()) : both;
    }
    // Unknown postcode (often a CEDEX): the town name, within the postcode's département.
    std::vector<std::uint32_t> by_town;
    for (const auto id : named) {
        if (same_department(index_.communes()[id].insee, query.postcode)) by_town.push_back(id);
    }
    if (!by_town.empty()) {
        confidence = by_town.size() == 1 ? 0.9 : 0.85;
        return by_town;
    }
    if (resolver_ && !query.postcode.empty()) {
        const std::string insee = resolver_->resolve("", query.postcode, query.cedex_office, query.commune_name);
        if (const int id = index_.commune_by_insee(insee); id >= 0) {
            confidence = 0.9;
            return {static_cast<std::uint32_t>(id)};
        }
    }
    return {};
}

LonLat Geocoder::municipality_point(std::uint32_t commune) const {
    const auto& entry = index_.communes()[commune];
    if (contours_) {
        if (const auto inside = contours_->point_inside(entry.insee)) return *inside;
    }
    return {entry.lon, entry.lat};
}

std::string Geocoder::commune_label(std::uint32_t commune) const {
    const auto& entry = index_.communes()[commune];
    return entry.postcodes.empty() ? entry.name : entry.postcodes.front() + " " + entry.name;
}

GeocodeResult Geocoder::geocode(const AddressQuery& query) const {
    GeocodeResult result;
    if (!is_france(query.country_code)) {
        result.reason = "address outside France (country code " + query.country_code + ")";
        return result;
    }
    double confidence = 1.0;
    std::vector<std::uint32_t> communes = resolve_communes(query, confidence);
    if (communes.empty()) {
        if (query.commune_code.empty() && query.postcode.empty() && query.cedex_office.empty() &&
            query.commune_name.empty() && query.resolved_insee.empty()) {
            result.reason = "no commune code, postcode, CEDEX office or town";
        } else {
            result.reason = "commune not found in the address index (code '" + query.commune_code + "', postcode '" +
                            query.postcode + "', town '" + query.commune_name +
                            (query.cedex_office.empty() ? "" : "', CEDEX office '" + query.cedex_office) + "')";
        }
        return result;
    }
    const auto municipality = [&](std::string reason) {
        const LonLat point = municipality_point(communes.front());
        result.precision = Precision::municipality;
        result.lon = point.lon;
        result.lat = point.lat;
        result.score = kMunicipalityFactor * confidence;
        result.label = commune_label(communes.front());
        result.insee = index_.communes()[communes.front()].insee;
        result.reason = std::move(reason);
        return result;
    };

    std::vector<std::string> tokens =
        text::street_tokens(query.street_type_code, query.street_type_label, query.street_name);
    if (tokens.empty() && !query.geo_complement.empty()) tokens = text::street_tokens(query.geo_complement);
    if (tokens.empty()) return municipality("no street name");

    auto matches = index_.match_street(tokens, communes, 1);
    if (matches.empty() || matches.front().score < kMinStreetScore) {
        // A wrong postcode: try the other communes of the same name.
        const std::string town = text::fold(query.commune_name);
        std::vector<std::uint32_t> others;
        for (const auto id : index_.communes_by_name(town)) {
            if (std::find(communes.begin(), communes.end(), id) == communes.end()) others.push_back(id);
        }
        if (!others.empty()) {
            auto retry = index_.match_street(tokens, others, 1);
            if (!retry.empty() && retry.front().score >= kMinStreetScore) {
                matches = std::move(retry);
                communes = std::move(others);
                confidence *= 0.8;
            }
        }
    }
    const std::string street_text = text::join_tokens(tokens);
    if (matches.empty() || matches.front().score < kMinStreetScore) {
        return municipality("street '" + street_text + "' not found in " + commune_label(communes.front()));
    }
    const auto& street = index_.streets()[matches.front().street];
    const auto& commune = index_.communes()[street.commune];
    const text::HouseNumber house = text::parse_house_number(query.street_number, query.repetition_index);
    const auto location = index_.locate(street, house);
    result.precision = location.precision;
    result.lon = location.lon;
    result.lat = location.lat;
    result.score = std::clamp(matches.front().score * location.factor * confidence, 0.0, 1.0);
    result.insee = commune.insee;
    result.label = (location.number_label.empty() ? "" : location.number_label + " ") + street.name + " " +
                   (query.postcode.empty() ? commune_label(street.commune) : query.postcode + " " + commune.name);
    if (location.precision == Precision::street) {
        result.reason = house.valid() ? "house number " + std::to_string(house.number) + " not found on " + street.name
                                      : "no house number";
    } else if (location.precision == Precision::interpolated) {
        result.reason = "house number " + std::to_string(house.number) + " not in the BAN: interpolated";
    }
    return result;
}

std::vector<Candidate> Geocoder::search(std::string_view input, std::size_t limit) const {
    std::vector<Candidate> candidates;
    std::vector<std::string> words = text::words(input);
    if (words.empty() || limit == 0) return candidates;

    std::vector<std::uint32_t> communes;
    bool commune_given = false;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (words[i].size() == 5 && all_digits(words[i]) && !index_.communes_by_postcode(words[i]).empty()) {
            const auto found = index_.communes_by_postcode(words[i]);
            communes.assign(found.begin(), found.end());
            commune_given = true;
            words.erase(words.begin() + static_cast<std::ptrdiff_t>(i));
            break;
        }
    }
    text::HouseNumber house;
    if (!words.empty() && !words.front().empty() && words.front().front() >= '0' && words.front().front() <= '9' &&
        words.front().size() <= 6) {
        house = text::parse_house_number(words.front());
        words.erase(words.begin());
        static const char* kRepetitions[] = {"b", "bis", "t", "ter", "q", "quater"};
        if (house.valid() && house.repetition.empty() && !words.empty() &&
            std::find(std::begin(kRepetitions), std::end(kRepetitions), words.front()) != std::end(kRepetitions)) {
            house.repetition = text::normalize_repetition(words.front());
            words.erase(words.begin());
        }
    }
    // The commune name at the end ("… mulhouse", "… paris 15e arrondissement").
    for (std::size_t take = std::min<std::size_t>(4, words.size()); take >= 1; --take) {
        std::vector<std::string> tail(words.end() - static_cast<std::ptrdiff_t>(take), words.end());
        const auto named = index_.communes_by_name(text::join_tokens(tail));
        if (named.empty()) continue;
        std::vector<std::uint32_t> kept;
        for (const auto id : named) {
            if (!commune_given || std::find(communes.begin(), communes.end(), id) != communes.end()) kept.push_back(id);
        }
        if (kept.empty()) continue;
        communes = std::move(kept);
        commune_given = true;
        words.resize(words.size() - take);
        break;
    }
    const auto add_municipalities = [&](double score) {
        for (const auto id : communes) {
            if (candidates.size() >= limit) break;
            const LonLat point = municipality_point(id);
            const auto& commune = index_.communes()[id];
            candidates.push_back({Precision::municipality, point.lon, point.lat, score, commune_label(id), commune.insee,
                                  commune.postcodes.empty() ? "" : commune.postcodes.front()});
        }
    };
    const auto tokens = text::street_tokens(text::join_tokens(words));
    if (tokens.empty()) {
        if (commune_given) add_municipalities(1.0);
        return candidates;
    }
    const auto matches = index_.match_street(tokens, communes, limit * 2);
    for (const auto& match : matches) {
        if (match.score < 0.5) continue;
        const auto& street = index_.streets()[match.street];
        const auto location = index_.locate(street, house);
        const auto& commune = index_.communes()[street.commune];
        Candidate candidate;
        candidate.precision = location.precision;
        candidate.lon = location.lon;
        candidate.lat = location.lat;
        candidate.score = std::clamp(match.score * location.factor, 0.0, 1.0);
        candidate.label = (location.number_label.empty() ? "" : location.number_label + " ") + street.name + " " +
                          commune_label(street.commune);
        candidate.insee = commune.insee;
        candidate.postcode = commune.postcodes.empty() ? "" : commune.postcodes.front();
        candidates.push_back(std::move(candidate));
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    if (candidates.size() > limit) candidates.resize(limit);
    if (candidates.empty() && commune_given) add_municipalities(0.3);
    return candidates;
}

}  // namespace annuaire::geo
