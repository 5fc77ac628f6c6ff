// End-to-end tests of the search API against `annuaire serve` on 127.0.0.1, over the m2A
// sample (import + geocode + declarations).
// Full-text search: accents, prefixes and typos, Unicode normalisation, hostile text,
// civility and vocabulary words, and the suggestions.
#include "search_api_checks.hpp"

#include "text/normalize.hpp"

#include <algorithm>
#include <set>

using annuaire::testing::SearchServer;
using annuaire::testing::url_encode;
using nlohmann::json;
using namespace annuaire::testing::search_api;

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
