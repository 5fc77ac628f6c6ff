// End-to-end tests of the search API against `annuaire serve` on 127.0.0.1, over the m2A
// sample (import + geocode + declarations).
// What the API answers besides matching: health and OpenAPI, sorting and paging, one item per
// cabinet, the fiche and its provenance, owners' corrections, exports read back by GDAL,
// errors, ETags.
#include "search_api_checks.hpp"

#include "text/normalize.hpp"

#include <gdal.h>
#include <ogr_api.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

using annuaire::testing::SearchServer;
using annuaire::testing::url_encode;
using nlohmann::json;
using namespace annuaire::testing::search_api;

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
