// End-to-end tests of the search API against `annuaire serve` on 127.0.0.1,
// over the m2A sample (import + geocode + declarations).
#include "search_server.hpp"

#include "text/normalize.hpp"

#include <gdal.h>
#include <geodesic.h>
#include <ogr_api.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <thread>
#include <chrono>

using annuaire::testing::SearchServer;
using annuaire::testing::url_encode;
using nlohmann::json;

namespace {

constexpr const char* kBase = "/api/v1/practitioners";

double geodesic_m(double lat1, double lon1, double lat2, double lon2) {
    geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    double s12 = 0;
    geod_inverse(&g, lat1, lon1, lat2, lon2, &s12, nullptr, nullptr);
    return s12;
}

long long sum_counts(const json& facet) {
    long long sum = 0;
    for (const auto& entry : facet) sum += entry["count"].get<long long>();
    return sum;
}

// Every match of a query, through all its pages.
std::vector<json> all_items(const SearchServer& server, const std::string& query) {
    std::vector<json> items;
    for (int page = 1;; ++page) {
        const auto answer = server.get(std::string(kBase) + "?" + query + "&per_page=100&facets=false&page=" + std::to_string(page));
        for (const auto& item : answer["items"]) items.push_back(item);
        if (answer["items"].size() < 100) break;
    }
    return items;
}

void check_error(const SearchServer& server, const std::string& target, int status, const std::string& code,
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

}  // namespace

TEST_CASE("health reports the data version and counts") {
    SearchServer server;
    const auto health = server.get("/api/v1/health");
    CHECK(health["status"] == "ok");
    CHECK(!health["data_version"].get<std::string>().empty());
    CHECK(health["counts"]["practices"].get<int>() > 1000);
    CHECK(health["counts"]["located_practices"] == health["counts"]["practices"]);
    const auto openapi = server.get("/api/v1/openapi.json");
    CHECK(openapi["openapi"].get<std::string>().rfind("3.", 0) == 0);
    CHECK(openapi["paths"].contains("/api/v1/practitioners"));
}

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

TEST_CASE("full text is accent-insensitive, matches prefixes and tolerates one typo") {
    SearchServer server;
    const auto accented = server.get(std::string(kBase) + "?q=" + url_encode("Médecin") + "&per_page=1");
    const auto plain = server.get(std::string(kBase) + "?q=medecin&per_page=1");
    CHECK(accented["total"].get<int>() > 0);
    CHECK(accented["total"] == plain["total"]);
    CHECK(accented["sort"] == "relevance");
    const auto kine = server.get(std::string(kBase) + "?q=kine&per_page=100");
    CHECK(kine["total"].get<int>() > 0);
    CHECK(kine["facets"]["profession"][0]["code"] == "70");
    CHECK(server.get(std::string(kBase) + "?q=mulh&per_page=1")["total"].get<int>() > 0);
    // A word that names a profession: its facets (counted per profession in one go) still
    // add up and agree with the same text filtered by each value.
    const auto doctors_text = server.get(std::string(kBase) + "?q=medecin&per_page=1");
    CHECK(sum_counts(doctors_text["facets"]["profession"]) == doctors_text["total"].get<long long>());
    CHECK(sum_counts(doctors_text["facets"]["commune"]) == doctors_text["total"].get<long long>());
    for (const auto* facet : {"profession", "commune", "carte_vitale"}) {
        for (const auto& entry : doctors_text["facets"][facet]) {
            if (entry["code"] == "unknown") continue;
            INFO(facet << " " << entry["code"]);
            CHECK(server.get(std::string(kBase) + "?q=medecin&per_page=1&" + facet + "=" + entry["code"].get<std::string>())["total"] == entry["count"]);
        }
    }

    const auto someone = server.get(std::string(kBase) + "?profession=10&per_page=1&sort=name&page=7")["items"][0];
    std::string name = annuaire::text::fold(someone["last_name"].get<std::string>());
    REQUIRE(name.size() >= 5);
    const auto exact = server.get(std::string(kBase) + "?q=" + url_encode(name) + "&per_page=100");
    std::string typo = name;
    typo[2] = typo[2] == 'x' ? 'y' : 'x';
    const auto tolerant = server.get(std::string(kBase) + "?q=" + url_encode(typo) + "&per_page=100");
    const auto contains = [&](const json& answer) {
        for (const auto& item : answer["items"]) {
            if (item["id"] == someone["id"]) return true;
        }
        return false;
    };
    CHECK(contains(exact));
    CHECK(contains(tolerant));
    // Words combine with AND across columns.
    const auto narrowed = server.get(std::string(kBase) + "?q=" + url_encode(name + " " + someone["address"]["commune"].get<std::string>()) + "&per_page=1");
    CHECK(narrowed["total"].get<int>() >= 1);
    CHECK(narrowed["total"].get<int>() <= exact["total"].get<int>());
}

TEST_CASE("text that looks like SQL or FTS syntax is only text") {
    SearchServer server;
    for (const std::string q : {"'; DROP TABLE practice; --", "\" OR 1=1 --", "NEAR(a b)", "*", "a AND OR NOT",
                                "name:x", "\"unbalanced", "^start", "(((", "%00", "\xC3\xA9\xC3"}) {
        const auto response = server.raw(std::string(kBase) + "?q=" + url_encode(q));
        INFO(q);
        CHECK((response.status == 200 || response.status == 400));
        CHECK(response.status != 500);
    }
    CHECK(server.get("/api/v1/health")["counts"]["practices"].get<int>() > 1000);
}

TEST_CASE("queries are Unicode-normalised like the index: decomposed and composed accents, fullwidth letters "
          "and ligatures find the same practices") {
    SearchServer server;
    const auto practices = [&](const std::string& q) {
        std::set<long long> ids;
        for (const auto& item : all_items(server, "q=" + url_encode(q))) ids.insert(item["practice_id"].get<long long>());
        return ids;
    };
    // Pairs of texts that must find the same practices; words of the m2A sample (first names,
    // last names, streets), so that the sets are not empty.
    const std::vector<std::pair<std::string, std::string>> same = {
        {"H\xC3\xA9l\xC3\xA8ne", "He\xCC\x81le\xCC\x80ne"},                   // Hélène, é and è as e + U+0301 / U+0300
        {"h\xC3\xA9l\xC3\xA8ne", "helene"},
        {"\xC3\x87" "ELIK", "C\xCC\xA7" "ELIK"},                              // Ç as C + U+0327
        {"Ay\xC5\x9F" "e", "Ays\xCC\xA7" "e"},                                // ş as s + U+0327
        {"Mar\xC3\xA9" "chal Juin", "Mare\xCC\x81" "chal Juin"},
        {"Mulhouse", "\xEF\xBC\xAD\xEF\xBD\x95\xEF\xBD\x8C\xEF\xBD\x88\xEF\xBD\x8F\xEF\xBD\x95\xEF\xBD\x93\xEF\xBD\x85"},  // Ｍｕｌｈｏｕｓｅ
        {"fleury", "\xEF\xAC\x82" "eury"},                                    // ﬂ
        {"pfister", "p\xEF\xAC\x81ster"},                                     // ﬁ
        {"kine mulhouse", "kine\xC2\xA0mulhouse"},                            // no-break space
    };
    for (const auto& [plain, other] : same) {
        INFO(plain << " / " << other);
        const auto expected = practices(plain);
        CHECK(!expected.empty());
        CHECK(practices(other) == expected);
    }
    // The whole directory is more than what Mulhouse finds: the fullwidth text was not dropped.
    const auto everything = server.get(std::string(kBase) + "?per_page=1")["total"].get<std::size_t>();
    CHECK(practices("\xEF\xBC\xAD\xEF\xBD\x95\xEF\xBD\x8C\xEF\xBD\x88\xEF\xBD\x8F\xEF\xBD\x95\xEF\xBD\x93\xEF\xBD\x85").size() < everything);
    // Suggestions and clusters read the query the same way.
    const auto suggested = [&](const std::string& q) {
        const auto answer = server.get("/api/v1/suggest?q=" + url_encode(q));
        std::vector<std::string> labels;
        for (const auto& item : answer["items"]) labels.push_back(item["label"]);
        return labels;
    };
    CHECK(!suggested("H\xC3\xA9l\xC3\xA8").empty());
    CHECK(suggested("He\xCC\x81le\xCC\x80") == suggested("H\xC3\xA9l\xC3\xA8"));
    const auto clusters = [&](const std::string& q) {
        return server.get("/api/v1/clusters?bbox=7.0,47.5,7.6,48.0&zoom=10&q=" + url_encode(q))["total"].get<long long>();
    };
    CHECK(clusters("mulhouse") > 0);
    CHECK(clusters("\xEF\xBC\xAD\xEF\xBD\x95\xEF\xBD\x8C\xEF\xBD\x88\xEF\xBD\x8F\xEF\xBD\x95\xEF\xBD\x93\xEF\xBD\x85") == clusters("mulhouse"));
}

TEST_CASE("a query with no letter or digit is refused (400 empty_query) by the list, the clusters, the suggestions and the export") {
    SearchServer server;
    const auto everything = server.get(std::string(kBase) + "?per_page=1")["total"].get<long long>();
    REQUIRE(everything > 1000);
    // Already percent-encoded: "-", an emoji, a NUL byte, punctuation, a no-break space, combining marks alone.
    for (const std::string q : {"-", "%F0%9F%98%80", "%00", "%2C%3B%21%3F", "%C2%A0", "%E2%9D%A4%EF%B8%8F", "%CC%81"}) {
        INFO("q=" << q);
        check_error(server, std::string(kBase) + "?q=" + q, 400, "empty_query", "'q'");
        check_error(server, std::string(kBase) + "?profession=10&q=" + q, 400, "empty_query", "'q'");
        check_error(server, "/api/v1/clusters?bbox=7.0,47.5,7.6,48.0&zoom=10&q=" + q, 400, "empty_query", "'q'");
        check_error(server, "/api/v1/suggest?q=" + q, 400, "empty_query", "'q'");
        check_error(server, "/api/v1/export?format=geojson&q=" + q, 400, "empty_query", "'q'");
    }
    // Without q, or with an empty or blank one, there is no text criterion.
    CHECK(server.get(std::string(kBase) + "?q=&per_page=1")["total"] == everything);
    CHECK(server.get(std::string(kBase) + "?q=%20%20&per_page=1")["total"] == everything);
}

TEST_CASE("civility words narrow by civility instead of matching the start of a name") {
    SearchServer server;
    const auto mullers = all_items(server, "q=muller");
    REQUIRE(mullers.size() > 50);
    const auto doctors = all_items(server, "q=" + url_encode("Dr Muller"));
    REQUIRE(!doctors.empty());
    CHECK(doctors.size() < mullers.size());
    std::set<std::string> muller_ids;
    for (const auto& item : mullers) muller_ids.insert(item["id"].get<std::string>() + "/" + std::to_string(item["site_id"].get<long long>()));
    for (const auto& item : doctors) {
        INFO(item.dump());
        CHECK(item["civility"] != "Madame");
        CHECK(item["civility"] != "Monsieur");
        CHECK(muller_ids.count(item["id"].get<std::string>() + "/" + std::to_string(item["site_id"].get<long long>())) == 1);
    }
    // The first are named MULLER, not DREYFUS at the Hôpital Emile Muller.
    CHECK(doctors.front()["last_name"] == "MULLER");
    const auto answer = server.get(std::string(kBase) + "?q=" + url_encode("Docteur Muller") + "&per_page=1");
    CHECK(answer["total"].get<std::size_t>() == doctors.size());
    REQUIRE(answer["understood"].size() == 1);
    CHECK(answer["understood"][0]["parameter"] == "civility");
    CHECK(answer["understood"][0]["value"] == "docteur");
    // "Mme" keeps women, "M." men: together they are everyone of that name.
    const auto women = server.get(std::string(kBase) + "?q=" + url_encode("Mme Muller") + "&per_page=1")["total"].get<std::size_t>();
    const auto men = server.get(std::string(kBase) + "?q=" + url_encode("M. Muller") + "&per_page=1")["total"].get<std::size_t>();
    CHECK(women > 0);
    CHECK(men > 0);
    CHECK(women + men == mullers.size());
    // While typing, "dr" is the start of a name; before another word it is a title.
    bool dreyfus = false;
    const auto typing = server.get("/api/v1/suggest?q=dr");
    for (const auto& item : typing["items"]) dreyfus = dreyfus || item["label"].get<std::string>().find("DR") != std::string::npos;
    CHECK(dreyfus);
    const auto titled = server.get("/api/v1/suggest?q=" + url_encode("dr mul"));
    REQUIRE(!titled["items"].empty());
    for (const auto& item : titled["items"]) {
        if (item["type"] == "practitioner") CHECK(item["label"].get<std::string>().find("MUL") != std::string::npos);
    }
}

TEST_CASE("words of the declared vocabulary act as their filter, the other words stay text") {
    SearchServer server;
    const auto kine_home = server.get(std::string(kBase) + "?q=" + url_encode("kiné domicile") + "&per_page=1");
    const auto filtered = server.get(std::string(kBase) + "?q=kine&home_visits=true&per_page=1");
    CHECK(kine_home["total"] == filtered["total"]);
    CHECK(kine_home["total"].get<int>() > 0);
    REQUIRE(kine_home["understood"].size() == 1);
    CHECK(kine_home["understood"][0] == json{{"parameter", "home_visits"}, {"value", "true"}, {"words", "domicile"}});
    CHECK(server.get(std::string(kBase) + "?q=enfants&per_page=1")["total"] == server.get(std::string(kBase) + "?public=enfants&per_page=1")["total"]);
    CHECK(server.get(std::string(kBase) + "?q=" + url_encode("Téléconsultation") + "&per_page=1")["total"] ==
          server.get(std::string(kBase) + "?teleconsultation=true&per_page=1")["total"]);
    CHECK(server.get(std::string(kBase) + "?q=PMR&per_page=1")["total"] == server.get(std::string(kBase) + "?pmr_access=true&per_page=1")["total"]);
    CHECK(server.get(std::string(kBase) + "?q=" + url_encode("visites à domicile mulhouse") + "&per_page=1")["total"] ==
          server.get(std::string(kBase) + "?q=mulhouse&home_visits=true&per_page=1")["total"]);
    // A filter given as a parameter wins over the word.
    CHECK(server.get(std::string(kBase) + "?q=domicile&home_visits=false&per_page=1")["total"] ==
          server.get(std::string(kBase) + "?home_visits=false&per_page=1")["total"]);
}

TEST_CASE("a swap of two adjacent letters is forgiven like another one-letter typo") {
    SearchServer server;
    const auto exact = server.get(std::string(kBase) + "?q=fournier&per_page=100");
    REQUIRE(exact["total"].get<int>() > 0);
    const auto swapped = server.get(std::string(kBase) + "?q=fourneir&per_page=100");
    CHECK(swapped["total"] == exact["total"]);
    const auto first_two = server.get(std::string(kBase) + "?q=ofurnier&per_page=100");
    CHECK(first_two["total"] == exact["total"]);
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

TEST_CASE("sorting by name and paging are consistent") {
    SearchServer server;
    const auto first = server.get(std::string(kBase) + "?sort=name&per_page=20&page=1");
    const auto second = server.get(std::string(kBase) + "?sort=name&per_page=20&page=2");
    const auto both = server.get(std::string(kBase) + "?sort=name&per_page=40&page=1");
    CHECK(first["total"] == both["total"]);
    REQUIRE(both["items"].size() == 40);
    for (int i = 0; i < 20; ++i) {
        CHECK(both["items"][i]["practice_id"] == first["items"][i]["practice_id"]);
        CHECK(both["items"][20 + i]["practice_id"] == second["items"][i]["practice_id"]);
    }
    std::string previous;
    for (const auto& item : both["items"]) {
        const auto key = annuaire::text::fold(item["last_name"].get<std::string>() + " " + item["first_name"].get<std::string>());
        CHECK(key >= previous);
        previous = key;
    }
    const int total = first["total"];
    const int last_page = (total + 99) / 100;
    const auto tail = server.get(std::string(kBase) + "?sort=name&per_page=100&page=" + std::to_string(last_page));
    CHECK(tail["items"].size() == static_cast<std::size_t>(total - (last_page - 1) * 100));
    CHECK(server.get(std::string(kBase) + "?sort=name&per_page=100&page=" + std::to_string(last_page + 1))["items"].empty());
}

TEST_CASE("a practitioner with two cabinets appears once per cabinet") {
    SearchServer server;
    std::map<std::string, std::set<long long>> sites;
    for (const auto& item : all_items(server, "sort=name")) sites[item["id"]].insert(item["site_id"].get<long long>());
    const auto multi = std::find_if(sites.begin(), sites.end(), [](const auto& entry) { return entry.second.size() > 1; });
    REQUIRE(multi != sites.end());
    const auto fiche = server.get(std::string(kBase) + "/" + multi->first);
    CHECK(fiche["practices"].size() >= 2);
    CHECK(fiche["last_name"]["source"] == "rpps");
    CHECK(!fiche["last_name"]["date"].is_null());
}

TEST_CASE("the fiche gives the provenance of RPPS and declared values") {
    SearchServer server;
    const auto answer = server.get(std::string(kBase) + "?carte_vitale=true&per_page=1");
    const auto fiche = server.get(std::string(kBase) + "/" + answer["items"][0]["id"].get<std::string>());
    CHECK(fiche["id"] == answer["items"][0]["id"]);
    CHECK(fiche["profession"]["source"] == "rpps");
    bool declared = false;
    for (const auto& practice : fiche["practices"]) {
        if (practice["declared"].contains("carte_vitale")) {
            declared = true;
            CHECK(practice["declared"]["carte_vitale"]["source"] == "declared");
            CHECK(practice["declared"]["carte_vitale"]["date"] == "2025-01-15T09:00:00Z");
        }
    }
    CHECK(declared);
    check_error(server, std::string(kBase) + "/99999999999", 404, "not_found", "99999999999");
    check_error(server, std::string(kBase) + "/" + url_encode("../etc"), 400, "invalid_parameter", "'id'");
}

TEST_CASE("an owner's correction shows in the fiche and the items with its provenance, the RPPS value kept") {
    SearchServer server;
    const std::string target = std::string(kBase) + "?profession=10&sort=name&per_page=1&page=3";
    const auto before = server.get(target)["items"][0];
    const auto id = before["id"].get<std::string>();
    const auto site_id = before["site_id"].get<long long>();
    const auto rpps_fiche = server.get(std::string(kBase) + "/" + id);
    const auto version_before = server.get("/api/v1/health")["version"];
    const std::string corrected_name = "Nom-Corrigé";
    const std::string corrected_phone = "0389000001";  // declared as "03 89 00 00 01": stored as the RPPS writes numbers
    const auto file = server.dir().path() / "corrections.json";
    annuaire::testing::write_file(file, json{{"declared_at", "2025-02-01T10:00:00Z"},
                                             {"declared_by", "test"},
                                             {"corrections", {{{"practitioner_id", id}, {"field", "last_name"}, {"value", corrected_name}},
                                                              {{"site_id", site_id}, {"field", "phone"}, {"value", "03 89 00 00 01"}}}}}
                                                .dump());
    const auto declared = annuaire::testing::run_annuaire({"declare", "--db", server.db().string(), file.string()});
    REQUIRE_MESSAGE(declared.exit_code == 0, declared.err);
    CHECK(declared.out.find("2 corrections") != std::string::npos);

    // The server notices the commit and reloads its index within a second or so.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (server.get("/api/v1/health")["version"] == version_before && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const auto fiche = server.get(std::string(kBase) + "/" + id);
    CHECK(fiche["last_name"]["value"] == corrected_name);
    CHECK(fiche["last_name"]["source"] == "override");
    CHECK(fiche["last_name"]["date"] == "2025-02-01T10:00:00Z");
    CHECK(fiche["last_name"]["declared_by"] == "test");
    // The RPPS value is still stored and shown beside the correction.
    CHECK(fiche["last_name"]["rpps"] == rpps_fiche["last_name"]);
    CHECK(fiche["first_name"] == rpps_fiche["first_name"]);
    bool site_found = false;
    for (std::size_t i = 0; i < fiche["practices"].size(); ++i) {
        const auto& practice = fiche["practices"][i];
        if (practice["site_id"] != site_id) continue;
        site_found = true;
        CHECK(practice["phone"]["value"] == corrected_phone);
        CHECK(practice["phone"]["source"] == "override");
        CHECK(practice["phone"]["rpps"] == rpps_fiche["practices"][i]["phone"]);
        CHECK(practice["site_name"] == rpps_fiche["practices"][i]["site_name"]);
    }
    CHECK(site_found);

    const auto item = server.get(target)["items"][0];
    REQUIRE(item["id"] == id);
    CHECK(item["last_name"] == corrected_name);
    CHECK(item["phone"] == corrected_phone);
    CHECK(item["first_name"] == before["first_name"]);
    CHECK(item["corrected"] == json::array({"last_name", "phone"}));
    CHECK(!before.contains("corrected"));

    // A field that cannot be corrected is refused, naming the entry and the field.
    annuaire::testing::write_file(file, json{{"declared_at", "2025-02-01T10:00:00Z"},
                                             {"corrections", {{{"practitioner_id", id}, {"field", "profession"}, {"value", "x"}}}}}
                                                .dump());
    const auto refused = annuaire::testing::run_annuaire({"declare", "--db", server.db().string(), file.string()});
    CHECK(refused.exit_code != 0);
    CHECK(refused.err.find("corrections[0].field") != std::string::npos);
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

TEST_CASE("exports are files GDAL reads back: CSV with a header, RFC 7946 GeoJSON, GeoPackage") {
    SearchServer server;
    GDALAllRegister();
    const auto expected = server.get(std::string(kBase) + "?profession=10&per_page=1")["total"].get<long long>();
    for (const std::string format : {"csv", "geojson", "gpkg"}) {
        INFO(format);
        const auto response = server.raw("/api/v1/export?format=" + format + "&profession=10");
        REQUIRE(response.status == 200);
        const auto path = server.dir() / ("export." + format);
        annuaire::testing::write_file(path, response.body);
        if (format == "csv") {
            CHECK(response.header("content-type").find("text/csv") == 0);
            // For French spreadsheets: a BOM, ';' between cells, CRLF.
            const auto header = response.body.substr(0, response.body.find("\r\n"));
            CHECK(header.rfind("\xEF\xBB\xBFid;site_id;", 0) == 0);
            CHECK(header.find(";last_name;") != std::string::npos);
        }
        if (format == "geojson") {
            const auto doc = json::parse(response.body);
            CHECK(doc["type"] == "FeatureCollection");
            CHECK(!doc.contains("crs"));  // RFC 7946: WGS84 longitude, latitude
            const auto& c = doc["features"][0]["geometry"]["coordinates"];
            CHECK((c[0].get<double>() > 7 && c[0].get<double>() < 8 && c[1].get<double>() > 47));
        }
        char** options = nullptr;
        const char* csv_options[] = {"X_POSSIBLE_NAMES=lon", "Y_POSSIBLE_NAMES=lat", nullptr};
        if (format == "csv") options = const_cast<char**>(csv_options);
        GDALDatasetH dataset = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options, nullptr);
        REQUIRE(dataset != nullptr);
        OGRLayerH layer = GDALDatasetGetLayer(dataset, 0);
        CHECK(OGR_L_GetFeatureCount(layer, TRUE) == expected);
        OGR_L_ResetReading(layer);
        OGRFeatureH feature = OGR_L_GetNextFeature(layer);
        REQUIRE(feature != nullptr);
        CHECK(OGR_F_GetFieldIndex(feature, "profession_code") >= 0);
        CHECK(std::string(OGR_F_GetFieldAsString(feature, OGR_F_GetFieldIndex(feature, "profession_code"))) == "10");
        CHECK(OGR_F_GetGeometryRef(feature) != nullptr);
        OGR_F_Destroy(feature);
        GDALClose(dataset);
    }
    check_error(server, "/api/v1/export?format=xls", 400, "invalid_parameter", "'format'");
}

TEST_CASE("bad parameters answer 400 naming the parameter, unknown routes 404, never 500") {
    SearchServer server;
    check_error(server, std::string(kBase) + "?bbox=7,47,7.5", 400, "invalid_parameter", "'bbox'");
    check_error(server, std::string(kBase) + "?bbox=8,47,7,48", 400, "invalid_parameter", "'bbox'");
    check_error(server, std::string(kBase) + "?bbox=a,b,c,d", 400, "invalid_parameter", "'bbox'");
    check_error(server, std::string(kBase) + "?bbox=7,47,7.5,95", 400, "invalid_parameter", "'bbox'");
    check_error(server, std::string(kBase) + "?near=47.7,7.3&radius_km=500", 400, "invalid_parameter", "'radius_km'");
    check_error(server, std::string(kBase) + "?near=47.7&radius_km=5", 400, "invalid_parameter", "'near'");
    check_error(server, std::string(kBase) + "?radius_km=5", 400, "invalid_parameter", "'radius_km'");
    check_error(server, std::string(kBase) + "?per_page=1000", 400, "invalid_parameter", "'per_page'");
    check_error(server, std::string(kBase) + "?per_page=abc", 400, "invalid_parameter", "'per_page'");
    check_error(server, std::string(kBase) + "?page=0", 400, "invalid_parameter", "'page'");
    check_error(server, std::string(kBase) + "?page=5000&per_page=100", 400, "invalid_parameter", "'page'");
    check_error(server, std::string(kBase) + "?open_at=tomorrow", 400, "invalid_parameter", "'open_at'");
    check_error(server, std::string(kBase) + "?open_at=2025-02-30T10:00", 400, "invalid_parameter", "'open_at'");
    check_error(server, std::string(kBase) + "?open_at=2025-03-12T25:00", 400, "invalid_parameter", "'open_at'");
    check_error(server, std::string(kBase) + "?sort=distance", 400, "invalid_parameter", "'sort'");
    check_error(server, std::string(kBase) + "?sort=random", 400, "invalid_parameter", "'sort'");
    check_error(server, std::string(kBase) + "?carte_vitale=maybe", 400, "invalid_parameter", "'carte_vitale'");
    check_error(server, std::string(kBase) + "?conventionnement=secteur_9", 400, "invalid_parameter", "'conventionnement'");
    check_error(server, std::string(kBase) + "?profession=" + url_encode("10;DROP"), 400, "invalid_parameter", "'profession'");
    check_error(server, std::string(kBase) + "?territory=nowhere", 400, "invalid_parameter", "'territory'");
    check_error(server, std::string(kBase) + "?colour=blue", 400, "unknown_parameter", "'colour'");
    check_error(server, std::string(kBase) + "?q=" + std::string(1024, 'a'), 400, "invalid_parameter", "'q'");
    check_error(server, std::string(kBase) + "?q=" + std::string(10 * 1024, 'a'), 414, "uri_too_long", "8192 bytes");
    check_error(server, "/api/v1/nothing", 404, "not_found", "/api/v1/nothing");
    check_error(server, "/api/v2/practitioners", 404, "not_found", "/api/v2");
    // Odd encodings are decoded once and never crash the server.
    for (const std::string target : {"?q=%", "?q=%zz", "?q=%FF%FE", "?bbox=%2C%2C%2C", "?q=a%00b", "?near=nan,nan",
                                     "?near=1e400,7", "?per_page=-1", "?page=99999999999999999999"}) {
        const auto response = server.raw(std::string(kBase) + target);
        INFO(target);
        CHECK((response.status == 200 || response.status == 400));
    }
    CHECK(server.get("/api/v1/health")["status"] == "ok");
}

TEST_CASE("answers carry an ETag tied to the data version and honour If-None-Match") {
    SearchServer server;
    const auto first = server.raw(std::string(kBase) + "?q=kine");
    REQUIRE(first.status == 200);
    const auto etag = first.header("etag");
    CHECK(!etag.empty());
    CHECK(first.header("cache-control").find("max-age") != std::string::npos);
    std::string expected_tag = "\"";   // appended, not `"\"" + text`: GCC 12 warns (-Wrestrict) on that
    expected_tag += server.get("/api/v1/health")["version"].get<std::string>();
    expected_tag += '"';
    CHECK(etag == expected_tag);
    CHECK(server.raw(std::string(kBase) + "?q=kine", {{"If-None-Match", etag}}).status == 304);
    CHECK(server.raw(std::string(kBase) + "?q=kine", {{"If-None-Match", "\"other\""}}).status == 200);
    CHECK(server.raw(std::string(kBase) + "?bbox=1").header("etag").empty());
}

TEST_CASE("suggest completes names, professions and communes") {
    SearchServer server;
    const auto communes = server.get("/api/v1/suggest?q=mulh");
    bool mulhouse = false;
    for (const auto& item : communes["items"]) mulhouse = mulhouse || (item["type"] == "commune" && item["code"] == "68224");
    CHECK(mulhouse);
    const auto professions = server.get("/api/v1/suggest?q=" + url_encode("infirm"));
    CHECK(!professions["items"].empty());
    CHECK(professions["items"][0]["type"] == "profession");
    CHECK(server.get("/api/v1/suggest?q=")["items"].empty());
}

TEST_CASE("suggest completes practitioners' names: every word a prefix, whole words first, each person once") {
    SearchServer server;
    const auto first_page = server.get(std::string(kBase) + "?sort=name&per_page=50&profession=10");
    REQUIRE(first_page["items"].size() == 50);
    const auto& someone = first_page["items"][20];
    const std::string last_name = someone["last_name"], first_name = someone["first_name"];
    REQUIRE(last_name.size() >= 4);
    const auto practitioners = [&](const std::string& q) {
        std::vector<json> found;
        const json answer = server.get("/api/v1/suggest?q=" + url_encode(q));
        for (const auto& item : answer["items"]) {
            if (item["type"] == "practitioner") found.push_back(item);
        }
        return found;
    };
    const auto starts_a_word = [](const std::string& label, const std::string& prefix) {
        for (const auto& word : annuaire::text::words(label)) {
            if (word.compare(0, prefix.size(), prefix) == 0) return true;
        }
        return false;
    };

    const std::string prefix = annuaire::text::words(last_name).front().substr(0, 3);
    const auto by_prefix = practitioners(prefix);
    REQUIRE(!by_prefix.empty());
    std::set<std::string> ids;
    for (const auto& item : by_prefix) {
        CAPTURE(item.dump());
        CHECK(starts_a_word(item["label"], prefix));
        CHECK(ids.insert(item["id"].get<std::string>()).second);
        CHECK(!item["profession"].get<std::string>().empty());
    }

    // The whole last name and the start of the first name find this person, by their name.
    const auto by_name = practitioners(last_name + " " + first_name.substr(0, 2));
    const bool listed = std::any_of(by_name.begin(), by_name.end(), [&](const json& item) {
        return item["id"] == someone["id"] && item["label"] == first_name + " " + last_name;
    });
    CHECK(listed);
    // A whole word ranks before a mere prefix of a longer one.
    const auto whole = practitioners(annuaire::text::words(last_name).front());
    REQUIRE(!whole.empty());
    const auto whole_word = annuaire::text::words(last_name).front();
    const auto label_words = annuaire::text::words(whole.front()["label"].get<std::string>());
    CHECK(std::find(label_words.begin(), label_words.end(), whole_word) != label_words.end());

    // Query syntax or SQL from the user is only text.
    const auto odd = server.raw("/api/v1/suggest?q=" + url_encode("'; DROP TABLE practice; -- \" * ( ) :"));
    CHECK(odd.status == 200);
    CHECK(json::parse(odd.body)["items"].is_array());
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

TEST_CASE("serves --web files with their MIME type and never outside the directory") {
    annuaire::testing::TempDir web;
    annuaire::testing::write_file(web / "index.html", "<!doctype html><title>annuaire</title>");
    std::filesystem::create_directories(web.path() / "js");
    annuaire::testing::write_file(web / "js/app.js", "export const x = 1;");
    annuaire::testing::write_file(web / "style.css", "body{}");
    SearchServer server({"--web", web.path().string()});
    const auto index = server.raw("/");
    CHECK(index.status == 200);
    CHECK(index.header("content-type").find("text/html") == 0);
    CHECK(index.body.find("annuaire") != std::string::npos);
    const auto script = server.raw("/js/app.js");
    CHECK(script.status == 200);
    CHECK(script.header("content-type").find("text/javascript") == 0);
    CHECK(server.raw("/style.css").header("content-type").find("text/css") == 0);
    for (const std::string attack : {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/js/../../etc/passwd",
                                     "/..%2f..%2f..%2fetc%2fpasswd", "/missing.js", "/.hidden", "/js/%00.js"}) {
        const auto response = server.raw(attack);
        INFO(attack);
        // A NUL byte in a path is a bad request; every other attempt finds nothing.
        CHECK(response.status == (attack == "/js/%00.js" ? 400 : 404));
        CHECK(response.body.find("root:") == std::string::npos);
    }
    CHECK(server.raw("/api/v1/health").status == 200);
}

TEST_CASE("the page's own routes answer its index.html, hashed assets are kept for good, nothing of npm is served") {
    annuaire::testing::TempDir web;
    annuaire::testing::write_file(web / "index.html", "<!doctype html><title>annuaire</title>");
    std::filesystem::create_directories(web.path() / "assets");
    annuaire::testing::write_file(web / "assets/index-B3xk_9aZ.js", "export const x = 1;");
    annuaire::testing::write_file(web / "favicon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
    std::filesystem::create_directories(web.path() / "node_modules/leaflet");
    annuaire::testing::write_file(web / "node_modules/leaflet/leaflet.js", "var L;");
    annuaire::testing::write_file(web / "package.json", "{}");
    SearchServer server({"--web", web.path().string()});
    const auto page = server.raw("/");
    CHECK(page.header("cache-control") == "no-cache");
    const auto fiche = server.raw("/praticien/10010506193");
    CHECK(fiche.status == 200);
    CHECK(fiche.body == page.body);
    CHECK(fiche.header("content-type").find("text/html") == 0);
    CHECK(fiche.header("content-security-policy") == page.header("content-security-policy"));
    CHECK(server.raw("/praticien/10010506193/autre").status == 404);
    CHECK(server.raw("/praticien/").status == 404);
    // The account pages, a claim's status and the console are pages of their own.
    annuaire::testing::write_file(web / "compte.html", "<!doctype html><title>compte</title>");
    annuaire::testing::write_file(web / "admin.html", "<!doctype html><title>console</title>");
    for (const char* path : {"/compte", "/compte/mot-de-passe", "/compte/fiche/10010506193", "/attribution/suivi"}) {
        const auto account = server.raw(path);
        CHECK_MESSAGE(account.status == 200, path);
        CHECK_MESSAGE(account.body == "<!doctype html><title>compte</title>", path);
        CHECK(account.header("cache-control") == "no-cache");
    }
    for (const char* path : {"/admin", "/admin/journal"}) CHECK_MESSAGE(server.raw(path).body == "<!doctype html><title>console</title>", path);
    for (const char* path : {"/compte/", "/compte/a/b/c", "/attribution", "/admin/a/b", "/administration", "/comptes"}) {
        CHECK_MESSAGE(server.raw(path).status == 404, path);
    }
    const auto asset = server.raw("/assets/index-B3xk_9aZ.js");
    CHECK(asset.status == 200);
    CHECK(asset.header("cache-control") == "public, max-age=31536000, immutable");
    CHECK(server.raw("/favicon.svg").header("cache-control") == "public, max-age=3600");
    CHECK(server.raw("/node_modules/leaflet/leaflet.js").status == 404);
    CHECK(server.raw("/package.json").status == 404);
    // The built page runs no inline script or style; with no tile server, images are its own.
    const auto csp = page.header("content-security-policy");
    CHECK(csp.find("script-src 'self';") != std::string::npos);
    CHECK(csp.find("style-src 'self';") != std::string::npos);
    CHECK(csp.find("img-src 'self' data:;") != std::string::npos);
    const auto settings = server.get("/api/v1/map-settings");
    CHECK(settings["tiles"].is_null());
    CHECK(settings["territories"] == json::array({{{"id", "m2a"}, {"name", "CPTS Mulhouse Agglomération"}}}));
    CHECK(settings["base_map"] == true);
    const auto base_map = server.get("/api/v1/base-map");
    CHECK(base_map["features"].size() == 39);
    CHECK(base_map["features"][0]["properties"].contains("name"));
}

TEST_CASE("--tiles gives the page its tile server, and the page's CSP lets its images in") {
    annuaire::testing::TempDir web;
    annuaire::testing::write_file(web / "index.html", "<!doctype html><title>annuaire</title>");
    SearchServer server({"--web", web.path().string(), "--tiles", "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png",
                         "--tiles-attribution", "© les contributeurs d'OpenStreetMap"});
    const auto csp = server.raw("/").header("content-security-policy");
    CHECK(csp.find("img-src 'self' data: https://*.tile.openstreetmap.org;") != std::string::npos);
    const auto settings = server.get("/api/v1/map-settings");
    CHECK(settings["tiles"]["url"] == "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png");
    CHECK(settings["tiles"]["attribution"] == "© les contributeurs d'OpenStreetMap");
    CHECK(settings["tiles"]["max_zoom"] == 19);

    for (const auto& bad : {std::vector<std::string>{"--tiles", "javascript:alert(1)/{z}/{x}/{y}", "--tiles-attribution", "x"},
                                               {"--tiles", "https://tiles.example/{z}/{x}.png", "--tiles-attribution", "x"},
                                               {"--tiles", "https://tiles.example/{z}/{x}/{y}.png"},
                                               {"--tiles", "https://tiles.example/{z}/{x}/{y}.png'; script-src *", "--tiles-attribution", "x"}}) {
        std::vector<std::string> args = {"serve", "--db", server.db().string(), "--port", "0"};
        args.insert(args.end(), bad.begin(), bad.end());
        const auto refused = annuaire::testing::run_annuaire(args);
        INFO(bad[1]);
        CHECK(refused.exit_code != 0);
        CHECK(refused.err.find("--tiles") != std::string::npos);
    }
}
