// The search index the server saves after each build and loads at its next start: the same
// answers without a rebuild; a damaged file never trusted; a file older than the database
// served at once and then replaced by the database's data.
#include "search_server.hpp"

#include "util/binary_file.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

using annuaire::testing::SearchServer;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Waits until the server's log says `text` (the index is saved on the server's own thread).
void wait_for_log(const SearchServer& server, const std::string& text) {
    for (int i = 0; i < 1500; ++i) {
        if (server.log().find(text) != std::string::npos) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL("the server never logged '" << text << "': " << server.log());
}

// What a visitor sees, as raw answers: equal text means equal answers.
std::vector<std::string> answers(const SearchServer& server) {
    std::vector<std::string> bodies;
    for (const std::string target :
         {"/api/v1/practitioners?q=kine&per_page=50", "/api/v1/practitioners?q=medecin%20generaliste%20mulhouse",
          "/api/v1/practitioners?bbox=7.28,47.72,7.37,47.78&sort=distance&near=47.75,7.34&per_page=30",
          "/api/v1/practitioners?q=martn", "/api/v1/clusters?bbox=7.1,47.6,7.6,47.9&zoom=11",
          "/api/v1/suggest?q=kin", "/api/v1/map-settings"}) {
        const auto response = server.raw(target);
        INFO(target << ": " << response.body.substr(0, 300));
        REQUIRE(response.status == 200);
        bodies.push_back(response.body);
    }
    return bodies;
}

json health(const SearchServer& server) { return server.get("/api/v1/health"); }

std::string index_file_of(const SearchServer& server) { return server.db().string() + ".index"; }

}  // namespace

TEST_CASE("a restarted server loads the index it saved and answers exactly as before") {
    SearchServer server;
    wait_for_log(server, "index saved to " + index_file_of(server));
    const auto built = health(server);
    CHECK(built["index"]["source"] == "database");
    const auto before = answers(server);
    REQUIRE(json::parse(before[0])["total"].get<int>() > 0);

    server.start({});
    CHECK(server.log().find("index loaded from " + index_file_of(server)) != std::string::npos);
    const auto loaded = health(server);
    CHECK(loaded["index"]["source"] == "file");
    CHECK(loaded["version"] == built["version"]);
    CHECK(loaded["counts"] == built["counts"]);
    CHECK(answers(server) == before);
    // Nothing changed in the database: no rebuild after the load.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    CHECK(health(server)["index"]["source"] == "file");
    CHECK(server.log().find("index rebuilt") == std::string::npos);
}

TEST_CASE("a damaged, cut-short or foreign index file is never used: the server builds the index again") {
    SearchServer server;
    const auto file = index_file_of(server);
    wait_for_log(server, "index saved to " + file);
    const auto before = answers(server);
    const auto saved = annuaire::testing::read_file(file);
    REQUIRE(saved.size() > 1000);
    auto flipped = saved;
    flipped[flipped.size() / 3] ^= 0x01;
    const std::vector<std::pair<std::string, std::string>> damages = {
        {"one byte changed", flipped},
        {"cut short", saved.substr(0, saved.size() / 2)},
        {"not an index file", "PRAGMA nothing; this is not an index\n"},
        {"empty", ""}};
    for (const auto& [what, bytes] : damages) {
        CAPTURE(what);
        std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
        server.start({});
        wait_for_log(server, "index built");
        CHECK(server.log().find("cannot use " + file) != std::string::npos);
        CHECK(health(server)["index"]["source"] == "database");
        CHECK(answers(server) == before);
        // The good file is written again for the next start.
        wait_for_log(server, "index saved to " + file);
    }
}

TEST_CASE("an index file older than the database is served at once, then the database's data replaces it") {
    SearchServer server;
    wait_for_log(server, "index saved to " + index_file_of(server));
    const auto old_version = health(server)["version"];
    const auto old_total = server.get("/api/v1/practitioners?per_page=1&mode=all")["total"].get<int>();

    // An import while the server is stopped: the extract without its last 300 lines.
    server.start({"--no-index-file"});   // a server that does not rewrite the file meanwhile
    const auto src = fs::path(annuaire::testing::source_dir());
    const auto extract = server.dir() / "shorter.txt";
    {
        std::ifstream in(src / "data/sample/PS_LibreAcces_Personne_activite_m2a_sample.txt");
        std::vector<std::string> lines;
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        REQUIRE(lines.size() > 600);
        std::ofstream out(extract);
        for (std::size_t i = 0; i + 300 < lines.size(); ++i) out << lines[i] << "\n";
    }
    const auto imported = annuaire::testing::run_annuaire(
        {"import", "--db", server.db().string(), "--no-progress", "--territory", (src / "data/territories/m2a.json").string(),
         extract.string()});
    REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);

    server.start({});
    // Answered from the file first (the log's order), then rebuilt from the database.
    wait_for_log(server, "index rebuilt");
    const auto log = server.log();
    CHECK(log.find("index loaded from") < log.find("index rebuilt"));
    const auto fresh = health(server);
    CHECK(fresh["version"] != old_version);
    CHECK(fresh["index"]["source"] == "database");
    const auto new_total = server.get("/api/v1/practitioners?per_page=1&mode=all")["total"].get<int>();
    CHECK(new_total < old_total);
    CHECK(new_total > 0);
}

TEST_CASE("an index file saved by a build with older index rules answers at once, then is rebuilt and saved again") {
    SearchServer server;
    const auto file = index_file_of(server);
    wait_for_log(server, "index saved to " + file);
    const auto before = answers(server);
    // The rules number follows the magic (a length and its bytes); the checksum is made again,
    // as an older build would have written it.
    auto bytes = annuaire::testing::read_file(file);
    std::uint64_t magic_length = 0;
    std::memcpy(&magic_length, bytes.data(), sizeof magic_length);
    std::uint32_t rules = 0;
    std::memcpy(&rules, bytes.data() + 8 + magic_length, sizeof rules);
    REQUIRE(rules > 0);
    --rules;
    std::memcpy(bytes.data() + 8 + magic_length, &rules, sizeof rules);
    annuaire::util::Checksum checksum;
    checksum.add(bytes.data(), bytes.size() - 8);
    const auto sum = checksum.value();
    std::memcpy(bytes.data() + bytes.size() - 8, &sum, sizeof sum);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;

    server.start({});
    wait_for_log(server, "index rebuilt");
    const auto log = server.log();
    CHECK(log.find("saved by an older build: rebuilding it") != std::string::npos);
    CHECK(log.find("index loaded from") < log.find("index rebuilt"));
    CHECK(health(server)["index"]["source"] == "database");
    CHECK(answers(server) == before);
    wait_for_log(server, "index saved to " + file);
}
