// Imports from the console, over HTTP with raw sockets where the upload itself is the point:
// refused from the head, dropped when it stalls or its client leaves (no file left), a zip
// bomb refused, and a server killed with SIGKILL in the middle of an import.
#include "owner_server.hpp"
#include "raw_http.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace annuaire::testing;

namespace {

std::string read_whole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The head of an upload of `length` bytes, with the admin's cookies and token.
std::string upload_head(const ApiClient& admin, std::size_t length, const std::string& extra = "") {
    std::string cookie;
    for (const auto& [name, value] : admin.cookies) cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
    return "POST /api/v1/admin/imports?name=extract.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie +
           "\r\nX-CSRF-Token: " + admin.csrf + "\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(length) +
           "\r\n" + extra + "\r\n";
}

bool empty_within(const std::filesystem::path& directory, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!std::filesystem::exists(directory) || std::filesystem::is_empty(directory)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

json wait_for_end(ApiClient& admin, std::int64_t id) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline) {
        const auto job = admin.ok(admin.get("/api/v1/admin/imports/" + std::to_string(id)))["import"];
        // Over once its status says so and the server no longer works on it (geocoding after an import).
        if (job["status"] != "running" && !job.contains("progress")) return job;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL("import " << id << " did not end");
    return {};
}

}  // namespace

TEST_CASE("an upload over the limit is refused from its head with 413, and nothing is written to disk") {
    OwnerServer server({"--max-upload", "100000"});
    auto admin = server.admin();
    RawConnection connection(server.port());
    REQUIRE(connection.send(upload_head(admin, 800'000'000)));
    const auto response = connection.read_response();
    REQUIRE(response);
    CHECK(response->status == 413);
    CHECK(response->header("connection") == "close");
    CHECK(empty_within(server.dir() / "uploads", std::chrono::milliseconds(100)));
    // Other routes keep their own 64 KB limit.
    const auto big = admin.request("PATCH", "/api/v1/account/fiches/10010018819", std::string(70'000, ' '));
    CHECK(big.status == 413);
}

TEST_CASE("an upload whose body stops coming is dropped after the header time-out, and one whose client leaves too: "
          "their files are removed") {
    OwnerServer server({"--header-timeout", "1"});
    auto admin = server.admin();
    {
        RawConnection connection(server.port());
        REQUIRE(connection.send(upload_head(admin, 1'000'000) + std::string(300'000, 'x')));
        // The body is being written to a file...
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (std::filesystem::is_empty(server.dir() / "uploads") && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        CHECK(!std::filesystem::is_empty(server.dir() / "uploads"));
        // ... and then nothing more comes.
        const auto response = connection.read_response(std::chrono::seconds(5));
        REQUIRE(response);
        CHECK(response->status == 408);
        CHECK(empty_within(server.dir() / "uploads", std::chrono::milliseconds(500)));
    }
    {
        auto connection = std::make_unique<RawConnection>(server.port());
        REQUIRE(connection->send(upload_head(admin, 1'000'000) + std::string(200'000, 'x')));
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        connection.reset();   // the client goes away
        CHECK(empty_within(server.dir() / "uploads", std::chrono::seconds(2)));
    }
    // The server took both in its stride.
    CHECK(admin.get("/api/v1/admin/imports").status == 200);
}

TEST_CASE("Expect: 100-continue gets its go-ahead only once the head is admitted") {
    OwnerServer server;
    auto admin = server.admin();
    RawConnection refused(server.port());
    auto anonymous = server.client();
    anonymous.refresh();
    REQUIRE(refused.send(upload_head(anonymous, 5000, "Expect: 100-continue\r\n")));
    const auto no = refused.read_response();
    REQUIRE(no);
    CHECK(no->status == 401);
    const auto extract = read_whole(source_dir() + "/data/sample/PS_LibreAcces_Personne_activite_m2a_sample.txt");
    RawConnection admitted(server.port());
    REQUIRE(admitted.send(upload_head(admin, extract.size(), "Expect: 100-continue\r\n")));
    const auto go = admitted.read_response();
    REQUIRE(go);
    CHECK(go->status == 100);
    REQUIRE(admitted.send(extract));
    const auto started = admitted.read_response();
    REQUIRE(started);
    CHECK(started->status == 202);
    const auto job = wait_for_end(admin, json::parse(started->body)["import"]["id"]);
    CHECK(job["status"] == "imported");
}

TEST_CASE("a zip bomb and a file that is not an extract fail as imports, reported, and the data stays as it was") {
    OwnerServer server;
    auto admin = server.admin();
    const auto before = server.single("SELECT count(*) || '/' || max(id) FROM import_run");
    const auto upload = [&](const std::string& bytes) {
        const auto started = admin.ok(admin.request("POST", "/api/v1/admin/imports?name=bomb.zip", bytes), 202);
        return wait_for_end(admin, started["import"]["id"]);
    };
    const auto bomb = upload(read_whole(source_dir() + "/tests/fixtures/rpps/PS_LibreAcces_zip_bomb.zip"));
    CHECK(bomb["status"] == "failed");
    CHECK(bomb["error"].get<std::string>().find("longer than 16 MB without a line break: not an RPPS extract") != std::string::npos);
    const auto garbage = upload("<html><script>alert(1)</script></html>\n");
    CHECK(garbage["status"] == "failed");
    CHECK(server.single("SELECT count(*) || '/' || max(id) FROM import_run") == before);
    CHECK(empty_within(server.dir() / "uploads", std::chrono::seconds(2)));
}

TEST_CASE("an import whose rejected lines pass the threshold is aborted, and every rejected line can be downloaded as CSV") {
    OwnerServer server;
    auto admin = server.admin();
    // 300 lines of the sample with a bad identifier: more than 1 % of them.
    auto extract = read_whole(source_dir() + "/data/sample/PS_LibreAcces_Personne_activite_m2a_sample.txt");
    std::size_t at = extract.find('\n') + 1;
    for (int i = 0; i < 300 && at < extract.size(); ++i) {
        const auto bar = extract.find('|', at);
        extract.replace(bar + 1, extract.find('|', bar + 1) - bar - 1, "12AB");
        at = extract.find('\n', at) + 1;
    }
    const auto started = admin.ok(admin.request("POST", "/api/v1/admin/imports?name=bad.txt", extract), 202);
    const auto id = started["import"]["id"].get<std::int64_t>();
    const auto job = wait_for_end(admin, id);
    CHECK(job["status"] == "aborted");
    CHECK(job["report"]["lines"]["rejected"] == 300);
    CHECK(job["report"]["rejected_lines"].size() == 200);   // the report lists 200 ...
    const auto csv = admin.get("/api/v1/admin/imports/" + std::to_string(id) + "/problems.csv");
    REQUIRE(csv.status == 200);
    INFO(csv.body.substr(0, 600));
    std::size_t rejected = 0;
    for (auto at = csv.body.find(";rejected;"); at != std::string::npos; at = csv.body.find(";rejected;", at + 1)) ++rejected;
    CHECK(rejected == job["report"]["lines"]["rejected"].get<std::size_t>());   // ... the CSV all of them
    CHECK(csv.body.find("'Identifiant PP' must be 9 (ADELI) or 11 (RPPS) digits, found '12AB'") != std::string::npos);
}

TEST_CASE("SIGKILL of the server in the middle of an import from the console: the data, every declaration and every "
          "account as before, and the console shows the import as failed") {
    OwnerServer server;
    auto admin = server.admin();
    server.owner_of("10010018819", "claire.roche@exemple.fr", "mon cabinet, rue de la Paix");
    const auto snapshot = [&] {
        return server.single(
            "SELECT (SELECT count(*) FROM practitioner WHERE archived_import_id IS NULL) || '/' || (SELECT count(*) FROM import_run) "
            "|| '/' || (SELECT count(*) FROM declared_practice) || '/' || (SELECT count(*) FROM declared_opening_hours) || '/' || "
            "(SELECT group_concat(email || ':' || status || ':' || coalesce(password_hash, ''), ',') FROM account) || '/' || "
            "(SELECT count(*) FROM fiche_owner)");
    };
    const auto before = snapshot();
    // A generated extract of 400,000 lines: long enough to be killed while it is being written.
    const auto extract = server.dir() / "national.txt";
    const auto generated = run((std::filesystem::path(annuaire_path()).parent_path() / "annuaire-generate").string(),
                               {"national", "--lines", "400000", "--reference", source_dir() + "/data/reference", "--out-extract",
                                extract.string(), "--no-check"});
    REQUIRE_MESSAGE(generated.exit_code == 0, generated.err);
    const auto started = admin.ok(
        admin.request("POST", "/api/v1/admin/imports?name=national.txt&allow_mass_archive=true", read_whole(extract.string())), 202);
    const auto id = std::to_string(started["import"]["id"].get<std::int64_t>());
    // Killed once the import is writing rows in its transaction.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    bool writing = false;
    while (!writing && std::chrono::steady_clock::now() < deadline) {
        const auto job = admin.ok(admin.get("/api/v1/admin/imports/" + id))["import"];
        REQUIRE_MESSAGE(job["status"] == "running", job.dump());
        writing = job.contains("progress") && job["progress"]["phase"] == "reading" && job["progress"]["lines"].get<int>() > 0;
        if (!writing) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(writing);
    server.kill_now();

    CHECK(snapshot() == before);
    server.start();
    admin = server.admin();
    const auto job = admin.ok(admin.get("/api/v1/admin/imports/" + id))["import"];
    CHECK(job["status"] == "failed");
    CHECK(job["error"].get<std::string>().find("interrupted") != std::string::npos);
    CHECK(snapshot() == before);
    // The owner logs in as before and finds their fiche.
    auto owner = server.client();
    owner.login("claire.roche@exemple.fr", "mon cabinet, rue de la Paix");
    CHECK(owner.ok(owner.get("/api/v1/account"))["fiches"][0]["id"] == "10010018819");
    // The search answers from the data as it was.
    CHECK(owner.ok(owner.get("/api/v1/health"))["counts"]["practices"] == 1838);
    CHECK(server.log().find("import(s) interrupted by a stop of an earlier process marked failed") != std::string::npos);
}
