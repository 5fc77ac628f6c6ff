// What the search API's end-to-end tests share: the list route, geodesic distance, facet sums,
// every page of a query, and the shape of an API error.
#pragma once

#include "search_server.hpp"

#include <geodesic.h>

#include <string>
#include <vector>

namespace annuaire::testing::search_api {

using nlohmann::json;

inline constexpr const char* kBase = "/api/v1/practitioners";

inline double geodesic_m(double lat1, double lon1, double lat2, double lon2) {
    geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    double s12 = 0;
    geod_inverse(&g, lat1, lon1, lat2, lon2, &s12, nullptr, nullptr);
    return s12;
}

inline long long sum_counts(const json& facet) {
    long long sum = 0;
    for (const auto& entry : facet) sum += entry["count"].get<long long>();
    return sum;
}

// Every match of a query, through all its pages.
inline std::vector<json> all_items(const SearchServer& server, const std::string& query) {
    std::vector<json> items;
    for (int page = 1;; ++page) {
        const auto answer = server.get(std::string(kBase) + "?" + query + "&per_page=100&facets=false&page=" + std::to_string(page));
        for (const auto& item : answer["items"]) items.push_back(item);
        if (answer["items"].size() < 100) break;
    }
    return items;
}

inline void check_error(const SearchServer& server, const std::string& target, int status, const std::string& code,
                 const std::string& names) {
    const auto response = server.raw(target);
    INFO(target);
    INFO(response.body.substr(0, 300));
    CHECK(response.status == status);
    const auto body = json::parse(response.body);
    REQUIRE(body.contains("error"));
    CHECK(body["error"]["code"] == code);
    CHECK(body["error"]["message"].get<std::string>().find(names) != std::string::npos);
}


}  // namespace annuaire::testing::search_api
