// Reads never block on a running import: searches keep being answered while
// `annuaire import` writes a larger extract into the served database, and the
// server picks up the new data once the import commits.
#include "search_server.hpp"

#include <atomic>
#include <cstdio>
#include <thread>

using annuaire::testing::SearchServer;

TEST_CASE("every search is answered while an import runs, and the new data shows after it") {
    SearchServer server;
    const auto src = std::filesystem::path(annuaire::testing::source_dir());
    const auto before = server.get("/api/v1/health");
    // A bigger extract: the import takes a few seconds, holding its write transaction.
    const auto extract = server.dir() / "bigger.txt";
    const auto generated = annuaire::testing::run(
        (std::filesystem::path(annuaire::testing::annuaire_path()).parent_path() / "annuaire-generate").string(),
        {"national", "--lines", "150000", "--seed", "3", "--reference", (src / "data/reference").string(),
         "--out-extract", extract.string(), "--no-check"});
    REQUIRE_MESSAGE(generated.exit_code == 0, generated.err);

    // Unfiltered clusters (the first view of every visitor) are kept with the index: asked
    // again, the same answer; after the reload below, the new data's.
    const std::string france = "/api/v1/clusters?bbox=-5.5,41,10,51.5&zoom=6";
    const auto first_view = server.raw(france);
    REQUIRE(first_view.status == 200);
    CHECK(server.raw(france).body == first_view.body);

    std::atomic<bool> importing{true};
    std::atomic<int> answered{0}, failed{0}, during{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 3; ++t) {
        clients.emplace_back([&, t] {
            const std::string targets[] = {"/api/v1/practitioners?q=kine", "/api/v1/practitioners?bbox=7.25,47.70,7.40,47.80&profession=10",
                                           "/api/v1/clusters?bbox=7.2,47.7,7.4,47.8&zoom=12", "/api/v1/health"};
            for (int i = 0; importing; ++i) {
                try {
                    const auto response = server.raw(targets[(i + t) % 4]);
                    if (response.status == 200) ++answered; else ++failed;
                    if (importing) ++during;
                } catch (const std::exception&) {
                    ++failed;
                }
            }
        });
    }
    const auto imported = annuaire::testing::run_annuaire(
        {"import", "--db", server.db().string(), "--no-progress", "--allow-mass-archive", extract.string()});
    importing = false;
    for (auto& client : clients) client.join();
    CHECK_MESSAGE(imported.exit_code == 0, imported.err);
    CHECK(failed == 0);
    CHECK(during > 20);
    MESSAGE("searches answered during the import: " << during.load());

    // The server reloads its index once the import has committed.
    std::string version = before["version"];
    for (int i = 0; i < 200 && version == before["version"]; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        version = server.get("/api/v1/health")["version"];
    }
    const auto after = server.get("/api/v1/health");
    CHECK(after["version"] != before["version"]);
    CHECK(after["data_version"] != before["data_version"]);
    CHECK(after["counts"]["indexed_practices"] == after["counts"]["practices"]);

    const auto clusters_after = server.get(france);
    CHECK(clusters_after["total"] != nlohmann::json::parse(first_view.body)["total"]);
    const auto& b = clusters_after["bbox"];
    char bbox[200];
    std::snprintf(bbox, sizeof bbox, "%.12f,%.12f,%.12f,%.12f", b[0].get<double>(), b[1].get<double>(),
                  b[2].get<double>(), b[3].get<double>());
    CHECK(clusters_after["total"] == server.get(std::string("/api/v1/practitioners?per_page=1&bbox=") + bbox)["total"]);
}
