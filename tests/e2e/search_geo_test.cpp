// End-to-end tests of the search API against `annuaire serve` on 127.0.0.1, over the m2A
// sample (import + geocode + declarations).
// Where: the box of the matches, bbox and radius search, clusters, forward geocoding.
#include "search_api_checks.hpp"

#include <cmath>

using annuaire::testing::SearchServer;
using annuaire::testing::url_encode;
using nlohmann::json;
using namespace annuaire::testing::search_api;

TEST_CASE("the search answer gives the box of its matches and each item its declared badges and modes") {
    SearchServer server;
    const auto answer = server.get(std::string(kBase) + "?q=" + url_encode("pharmacien berrwiller") + "&per_page=100");
    REQUIRE(answer["total"] == 4);
    const auto& box = answer["bounds"];
    REQUIRE(box.size() == 4);
    for (const auto& item : answer["items"]) {
        const double lat = item["location"]["lat"], lon = item["location"]["lon"];
        CHECK((lon >= box[0].get<double>() && lat >= box[1].get<double>() && lon <= box[2].get<double>() && lat <= box[3].get<double>()));
        CHECK(item["declared"].is_object());
        CHECK(item["modes"].is_array());
    }
    CHECK(server.get(std::string(kBase) + "?q=zzzzqqq&per_page=1")["bounds"].is_null());
    bool badges = false;
    const auto carte_vitale = server.get(std::string(kBase) + "?carte_vitale=true&per_page=20");
    for (const auto& item : carte_vitale["items"]) {
        CHECK(item["declared"]["carte_vitale"] == true);
        badges = true;
    }
    CHECK(badges);
}

TEST_CASE("bbox keeps items inside the box and radius search measures geodesic distances") {
    SearchServer server;
    const double w = 7.30, s = 47.73, e = 7.36, n = 47.77;
    const auto boxed = all_items(server, "bbox=7.30,47.73,7.36,47.77");
    REQUIRE(boxed.size() > 100);
    for (const auto& item : boxed) {
        const double lat = item["location"]["lat"], lon = item["location"]["lon"];
        CHECK((lat >= s && lat <= n && lon >= w && lon <= e));
    }
    const double clat = 47.7508, clon = 7.3359, radius_km = 1.5;
    const std::string near = "near=47.7508,7.3359&radius_km=1.5";
    const auto answer = server.get(std::string(kBase) + "?" + near + "&sort=distance&per_page=100");
    REQUIRE(answer["total"].get<int>() > 10);
    double previous = 0;
    for (const auto& item : answer["items"]) {
        const double expected = geodesic_m(clat, clon, item["location"]["lat"], item["location"]["lon"]);
        const double given = item["distance_m"];
        CHECK(std::abs(given - expected) <= 0.1);  // tolerance 0.1 m (rounding to decimetres)
        CHECK(given <= radius_km * 1000 + 0.1);
        CHECK(given >= previous);
        previous = given;
    }
    // The radius count equals a count by hand over a box that holds the circle.
    long long by_hand = 0;
    for (const auto& item : all_items(server, "bbox=7.30,47.73,7.37,47.77")) {
        if (geodesic_m(clat, clon, item["location"]["lat"], item["location"]["lon"]) <= radius_km * 1000) ++by_hand;
    }
    CHECK(answer["total"].get<long long>() == by_hand);
}

TEST_CASE("clusters add up to the matches of the snapped view and do not move when panning") {
    SearchServer server;
    for (const int zoom : {9, 12, 14, 16}) {
        INFO("zoom " << zoom);
        const auto clusters = server.get("/api/v1/clusters?bbox=7.25,47.70,7.40,47.80&zoom=" + std::to_string(zoom) + "&profession=10");
        CHECK(clusters["type"] == "FeatureCollection");
        long long sum = 0;
        for (const auto& feature : clusters["features"]) {
            sum += feature["properties"]["cluster"] ? feature["properties"]["count"].get<long long>() : 1;
        }
        CHECK(sum == clusters["total"].get<long long>());
        const auto& b = clusters["bbox"];
        char bbox[200];
        std::snprintf(bbox, sizeof bbox, "%.12f,%.12f,%.12f,%.12f", b[0].get<double>(), b[1].get<double>(), b[2].get<double>(), b[3].get<double>());
        const auto matches = server.get(std::string(kBase) + "?profession=10&per_page=1&bbox=" + bbox);
        CHECK(matches["total"].get<long long>() == sum);
    }
    // Panning: cells inside both views have the same count and position.
    const auto a = server.get("/api/v1/clusters?bbox=7.25,47.70,7.40,47.80&zoom=12");
    const auto b = server.get("/api/v1/clusters?bbox=7.28,47.72,7.43,47.82&zoom=12");
    std::map<std::string, json> cells;
    for (const auto& f : a["features"]) {
        if (f["properties"]["cluster"]) cells[f["properties"]["cell"]] = f;
    }
    int common = 0;
    for (const auto& f : b["features"]) {
        if (!f["properties"]["cluster"]) continue;
        const auto found = cells.find(f["properties"]["cell"]);
        if (found == cells.end()) continue;
        const auto& c = f["geometry"]["coordinates"];
        if (c[0] < 7.30 || c[0] > 7.38 || c[1] < 47.73 || c[1] > 47.79) continue;  // well inside both views
        ++common;
        CHECK(found->second["properties"]["count"] == f["properties"]["count"]);
        CHECK(found->second["geometry"] == f["geometry"]);
    }
    CHECK(common > 3);
    check_error(server, "/api/v1/clusters?bbox=-5,41,10,51&zoom=16", 400, "invalid_parameter", "'bbox'");
    check_error(server, "/api/v1/clusters?bbox=7.2,47.7,7.4,47.8", 400, "invalid_parameter", "'zoom'");
    check_error(server, "/api/v1/clusters?zoom=3", 400, "invalid_parameter", "'bbox'");
}

TEST_CASE("geocode finds an address of the BAN sample, a postcode and a street with a typo") {
    SearchServer server;
    // BAN sample: 12 Avenue du Sauvage, 68200 Mulhouse is at 7.321638, 47.775992.
    const auto address = server.get("/api/v1/geocode?q=" + url_encode("12 avenue du sauvage mulhouse"));
    REQUIRE(!address["items"].empty());
    REQUIRE(address["items"].size() <= 5);
    const auto& best = address["items"][0];
    for (const char* field : {"label", "lat", "lon", "precision", "score", "postcode", "commune", "insee"}) {
        CHECK_MESSAGE(best.contains(field), field);
    }
    CHECK(best["insee"] == "68224");
    CHECK(best["commune"] == "Mulhouse");
    CHECK(best["postcode"] == "68200");
    CHECK(best["precision"] == "housenumber");
    CHECK(best["label"].get<std::string>().find("Avenue du Sauvage") != std::string::npos);
    CHECK(geodesic_m(47.775992, 7.321638, best["lat"], best["lon"]) <= 1.0);  // tolerance 1 m
    double previous = 2;
    for (const auto& item : address["items"]) {
        CHECK(item["score"].get<double>() <= previous);
        previous = item["score"];
    }

    // "rue du sauvage" does not exist in Mulhouse: the best candidate is still a street of Mulhouse.
    const auto street = server.get("/api/v1/geocode?q=" + url_encode("12 rue du sauvage mulhouse"));
    REQUIRE(!street["items"].empty());
    CHECK(street["items"][0]["insee"] == "68224");

    const auto typo = server.get("/api/v1/geocode?q=" + url_encode("avenue du sauvaje 68200"));
    REQUIRE(!typo["items"].empty());
    CHECK(typo["items"][0]["insee"] == "68224");
    CHECK(typo["items"][0]["precision"] == "street");

    const auto postcode = server.get("/api/v1/geocode?q=68100");
    REQUIRE(!postcode["items"].empty());
    CHECK(postcode["items"][0]["insee"] == "68224");
    CHECK(postcode["items"][0]["commune"] == "Mulhouse");
    CHECK(postcode["items"][0]["precision"] == "municipality");

    CHECK(server.get("/api/v1/geocode?q=" + url_encode("zzqx wvvk"))["items"].empty());
    check_error(server, "/api/v1/geocode", 400, "invalid_parameter", "'q'");
    check_error(server, "/api/v1/geocode?q=", 400, "invalid_parameter", "'q'");
    check_error(server, "/api/v1/geocode?q=%20%2C", 400, "invalid_parameter", "'q'");
    check_error(server, "/api/v1/geocode?q=" + std::string(201, 'a'), 400, "invalid_parameter", "'q'");
    check_error(server, "/api/v1/geocode?q=mulhouse&limit=3", 400, "unknown_parameter", "'limit'");
}

TEST_CASE("geocode answers 503 naming the missing address index when no BAN file was loaded") {
    SearchServer server({}, true, false);
    check_error(server, "/api/v1/geocode?q=" + url_encode("12 avenue du sauvage mulhouse"), 503, "unavailable",
                "no address index");
    // The rest of the API still answers.
    CHECK(server.get("/api/v1/practitioners?q=mulhouse")["total"].get<int>() > 0);
}
