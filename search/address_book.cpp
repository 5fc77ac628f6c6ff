#include "search/address_book.hpp"

#include <algorithm>
#include <cmath>

namespace annuaire::search {

nlohmann::json geocode_answer(const AddressBook& book, const std::string& q, int limit) {
    const auto round_to = [](double value, double scale) { return std::round(value * scale) / scale; };
    nlohmann::json items = nlohmann::json::array();
    for (const auto& candidate : book.geocoder->search(q, static_cast<std::size_t>(std::max(limit, 0)))) {
        const int commune = book.index.commune_by_insee(candidate.insee);
        items.push_back({{"label", candidate.label},
                         {"lat", round_to(candidate.lat, 1e7)},
                         {"lon", round_to(candidate.lon, 1e7)},
                         {"precision", geo::to_string(candidate.precision)},
                         {"score", round_to(candidate.score, 1e3)},
                         {"postcode", candidate.postcode},
                         {"commune", commune < 0 ? std::string() : book.index.communes()[static_cast<std::size_t>(commune)].name},
                         {"insee", candidate.insee}});
    }
    return {{"items", items}};
}

}  // namespace annuaire::search
