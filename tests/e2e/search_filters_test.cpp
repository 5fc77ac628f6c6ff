// End-to-end tests of the search API against `annuaire serve` on 127.0.0.1, over the m2A
// sample (import + geocode + declarations).
// Filters and facets: each facet value as a filter, AND between filters, OR within one,
// opening hours, the exercise mode and its default.
#include "search_api_checks.hpp"

#include <algorithm>

using annuaire::testing::SearchServer;
using annuaire::testing::url_encode;
using nlohmann::json;
using namespace annuaire::testing::search_api;

TEST_CASE("each facet value used as a filter finds exactly its count, and facets add up to total") {
    SearchServer server;
    const auto all = server.get(std::string(kBase) + "?per_page=1");
    const auto total = all["total"].get<long long>();
    REQUIRE(total > 1000);
    // Single-valued facets partition the matches.
    for (const char* name : {"profession", "commune", "carte_vitale", "tiers_payant", "pmr_access", "home_visits",
                             "teleconsultation", "telesoin", "conventionnement"}) {
        INFO(name);
        CHECK(sum_counts(all["facets"][name]) == total);
    }
    const std::map<std::string, std::string> parameter = {{"profession", "profession"}, {"specialty", "specialty"},
        {"commune", "commune"}, {"carte_vitale", "carte_vitale"}, {"tiers_payant", "tiers_payant"},
        {"pmr_access", "pmr_access"}, {"home_visits", "home_visits"}, {"teleconsultation", "teleconsultation"},
        {"telesoin", "telesoin"}, {"conventionnement", "conventionnement"}, {"public", "public"}, {"act", "act"}};
    for (const auto& [facet, param] : parameter) {
        const auto& entries = all["facets"][facet];
        REQUIRE_MESSAGE(!entries.empty(), facet);
        int tried = 0;
        for (const auto& entry : entries) {
            const std::string code = entry["code"];
            if (code == "unknown" || tried == 2) continue;
            ++tried;
            const auto filtered = server.get(std::string(kBase) + "?" + param + "=" + code + "&per_page=5");
            INFO(facet << "=" << code);
            CHECK(filtered["total"] == entry["count"]);
            if (facet == "profession") {
                for (const auto& item : filtered["items"]) CHECK(item["profession"]["code"] == code);
            }
            if (facet == "commune") {
                for (const auto& item : filtered["items"]) CHECK(item["address"]["insee"] == code);
            }
        }
    }
    // Several values of one filter combine with OR.
    const auto& professions = all["facets"]["profession"];
    const auto two = server.get(std::string(kBase) + "?per_page=1&profession=" + professions[0]["code"].get<std::string>() +
                                "," + professions[1]["code"].get<std::string>());
    CHECK(two["total"] == professions[0]["count"].get<int>() + professions[1]["count"].get<int>());
    // The territory of the sample holds every match.
    CHECK(server.get(std::string(kBase) + "?per_page=1&territory=m2a")["total"] == total);
}

TEST_CASE("filters combine with AND and facets are counted over the current query") {
    SearchServer server;
    const auto doctors = server.get(std::string(kBase) + "?profession=10&per_page=1");
    REQUIRE(doctors["total"].get<int>() > 50);
    for (const auto& entry : doctors["facets"]["carte_vitale"]) {
        if (entry["code"] == "unknown") continue;
        const auto both = server.get(std::string(kBase) + "?profession=10&carte_vitale=" + entry["code"].get<std::string>() + "&per_page=1");
        CHECK(both["total"] == entry["count"]);
    }
    const auto combined = server.get(std::string(kBase) + "?profession=10&carte_vitale=true&commune=68224&public=enfants&per_page=100");
    const auto by_hand = all_items(server, "profession=10&commune=68224");
    CHECK(combined["total"].get<std::size_t>() <= by_hand.size());
    for (const auto& item : combined["items"]) {
        const auto fiche = server.get(std::string(kBase) + "/" + item["id"].get<std::string>());
        bool found = false;
        for (const auto& practice : fiche["practices"]) {
            if (practice["site_id"] != item["site_id"]) continue;
            found = true;
            CHECK(practice["declared"]["carte_vitale"]["value"] == true);
            const auto& publics = practice["declared"]["publics"]["value"];
            CHECK(std::find(publics.begin(), publics.end(), "enfants") != publics.end());
        }
        CHECK(found);
    }
}

TEST_CASE("open_at keeps practices open at that moment in Paris time") {
    SearchServer server;
    // Wednesday 12 March 2025, 10:00 in Paris = 09:00Z (winter time).
    const auto local = server.get(std::string(kBase) + "?open_at=2025-03-12T10:00&per_page=1");
    const auto utc = server.get(std::string(kBase) + "?open_at=2025-03-12T09:00:00Z&per_page=1");
    const auto offset = server.get(std::string(kBase) + "?open_at=" + url_encode("2025-03-12T10:00:00+01:00") + "&per_page=1");
    CHECK(local["total"].get<int>() > 100);
    CHECK(local["total"] == utc["total"]);
    CHECK(local["total"] == offset["total"]);
    // Summer time: 10:00 in Paris on 11 June 2025 is 08:00Z.
    CHECK(server.get(std::string(kBase) + "?open_at=2025-06-11T08:00:00Z&per_page=1")["total"] == local["total"]);
    // Nobody declared hours at 3 a.m.
    CHECK(server.get(std::string(kBase) + "?open_at=2025-03-12T03:00&per_page=1")["total"] == 0);
    // Sunday: closed everywhere in the sample.
    CHECK(server.get(std::string(kBase) + "?open_at=2025-03-16T10:00&per_page=1")["total"] == 0);
}

TEST_CASE("the exercise mode is a filter and a facet, with the server's default when a request names none") {
    SearchServer server;
    const auto all = server.get(std::string(kBase) + "?per_page=1");
    const auto& modes = all["facets"]["mode"];
    REQUIRE(modes.size() >= 2);
    long long liberal = 0, salaried = 0;
    for (const auto& entry : modes) {
        if (entry["code"] == "liberal") liberal = entry["count"];
        if (entry["code"] == "salarie") salaried = entry["count"];
    }
    CHECK(liberal > 0);
    CHECK(salaried > 0);
    CHECK(server.get(std::string(kBase) + "?mode=liberal&per_page=1")["total"] == liberal);
    CHECK(server.get(std::string(kBase) + "?mode=liberal,salarie&per_page=1")["total"].get<long long>() >= std::max(liberal, salaried));
    const auto salaried_items = server.get(std::string(kBase) + "?mode=salarie&per_page=100");
    REQUIRE(!salaried_items["items"].empty());
    for (const auto& item : salaried_items["items"]) {
        CHECK(std::find(item["modes"].begin(), item["modes"].end(), "salarie") != item["modes"].end());
    }
    check_error(server, std::string(kBase) + "?mode=retraite", 400, "invalid_parameter", "'mode'");

    // A CPTS's map of its libéraux: the default holds unless a request names modes.
    SearchServer liberal_only({"--default-mode", "liberal"});
    CHECK(liberal_only.get(std::string(kBase) + "?per_page=1")["total"] == liberal);
    CHECK(liberal_only.get(std::string(kBase) + "?mode=all&per_page=1")["total"] == all["total"]);
    CHECK(liberal_only.get(std::string(kBase) + "?mode=salarie&per_page=1")["total"] == salaried);
    CHECK(liberal_only.get("/api/v1/clusters?bbox=7.0,47.5,7.6,48.0&zoom=10")["total"] == liberal);
    CHECK(liberal_only.get("/api/v1/map-settings")["default_mode"] == json::array({"liberal"}));
}

TEST_CASE("a facet leaves out its own filter, so that its other values say what they would add") {
    SearchServer server;
    const auto doctors = server.get(std::string(kBase) + "?profession=10&carte_vitale=true&per_page=1");
    const auto card = server.get(std::string(kBase) + "?carte_vitale=true&per_page=1");
    // The profession facet is that of carte_vitale=true alone; the others are those of both filters.
    CHECK(doctors["facets"]["profession"] == card["facets"]["profession"]);
    const auto doctors_any_card = server.get(std::string(kBase) + "?profession=10&per_page=1");
    CHECK(doctors["facets"]["carte_vitale"] == doctors_any_card["facets"]["carte_vitale"]);
    for (const auto& entry : doctors["facets"]["commune"]) {
        const auto one = server.get(std::string(kBase) + "?profession=10&carte_vitale=true&commune=" + entry["code"].get<std::string>() + "&per_page=1");
        CHECK(one["total"] == entry["count"]);
    }
}

TEST_CASE("several values of one filter combine with OR, written comma-separated") {
    SearchServer server;
    const auto doctors = server.get(std::string(kBase) + "?profession=10&per_page=1");
    const auto physios = server.get(std::string(kBase) + "?profession=70&per_page=1");
    const auto both = server.get(std::string(kBase) + "?profession=10,70&per_page=1");
    const auto both_encoded = server.get(std::string(kBase) + "?profession=10%2C70&per_page=1");
    REQUIRE(doctors["total"].get<int>() > 0);
    REQUIRE(physios["total"].get<int>() > 0);
    CHECK(both["total"].get<int>() == doctors["total"].get<int>() + physios["total"].get<int>());
    CHECK(both_encoded["total"] == both["total"]);
    // The profession facet leaves out its own filter: the two values chosen add up to the total.
    long long chosen = 0;
    for (const auto& entry : both["facets"]["profession"]) {
        if (entry["code"] == "10" || entry["code"] == "70") chosen += entry["count"].get<long long>();
    }
    CHECK(chosen == both["total"].get<long long>());
    // Communes too, and with another filter (AND across filters).
    REQUIRE(both["facets"]["commune"].size() >= 2);
    const auto first = both["facets"]["commune"][0]["code"].get<std::string>();
    const auto second = both["facets"]["commune"][1]["code"].get<std::string>();
    const auto two_communes = server.get(std::string(kBase) + "?commune=" + first + "," + second + "&profession=10,70&per_page=1");
    long long by_commune = 0;
    for (const auto& commune : {first, second}) {
        by_commune += server.get(std::string(kBase) + "?commune=" + commune + "&profession=10,70&per_page=1")["total"].get<long long>();
    }
    CHECK(two_communes["total"].get<long long>() == by_commune);
    CHECK(by_commune == both["facets"]["commune"][0]["count"].get<long long>() + both["facets"]["commune"][1]["count"].get<long long>());
    // The API description says how to write several values.
    bool described = false;
    const auto openapi = server.get("/api/v1/openapi.json");
    for (const auto& parameter : openapi["paths"]["/api/v1/practitioners"]["get"]["parameters"]) {
        if (parameter["name"] != "profession") continue;
        described = parameter["style"] == "form" && parameter["explode"] == false && parameter["schema"]["type"] == "array";
    }
    CHECK(described);
    CHECK(by_commune > 0);
}
