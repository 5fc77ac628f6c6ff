// End-to-end tests of the search API against `annuaire serve` on 127.0.0.1, over the m2A
// sample (import + geocode + declarations).
// The page served by `annuaire serve --web`: MIME types, the page's routes and cached assets,
// nothing outside the directory, the tile server and the CSP.
#include "search_api_checks.hpp"

using annuaire::testing::SearchServer;
using nlohmann::json;
using namespace annuaire::testing::search_api;

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
