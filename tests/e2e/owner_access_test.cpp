// Who may change what, over HTTP on a real server: every route that changes something, tried
// anonymously, as another professional, as the fiche's owner and as an admin; forged and
// expired sessions; missing and wrong CSRF tokens; the brute-force lock-out.
#include "owner_server.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <set>
#include <sstream>

using namespace annuaire::testing;

namespace {

constexpr const char* kOwned = "10010018819";   // the owner's fiche
constexpr const char* kOther = "10010052057";   // the other professional's fiche
constexpr const char* kOwnerEmail = "claire.roche@exemple.fr";
constexpr const char* kOtherEmail = "paul.lang@exemple.fr";
constexpr const char* kPassword = "mon cabinet, rue de la Paix";

enum Role { anonymous = 0, other = 1, owner = 2, admin = 3 };
constexpr const char* kRoleNames[] = {"anonymous", "another professional", "the owner", "an admin"};

// Fresh clients for each attempt: a route that ends a session ends only its own.
class Callers {
public:
    explicit Callers(OwnerServer& server) : server_(server) {}
    ApiClient as(Role role) {
        auto client = server_.client();
        switch (role) {
            case anonymous: client.refresh(); break;
            case other: client.login(kOtherEmail, kPassword); break;
            case owner: client.login(kOwnerEmail, kPassword); break;
            case admin: client = server_.admin(); break;
        }
        return client;
    }

private:
    OwnerServer& server_;
};

struct Attempt {
    std::string method;
    std::string target;
    std::function<std::string(Role)> body;   // per role: claims of four fiches, four e-mails...
    std::array<int, 4> expected;             // anonymous, other, owner, admin
};

std::string read_whole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("every route that changes something answers anonymous callers, other professionals, the owner and admins "
          "with the status its rights give") {
    OwnerServer server;
    const auto site_id = server.single(std::string("SELECT min(site_id) FROM practice WHERE practitioner_id = '") + kOwned + "'");
    const auto other_site_id = server.single(std::string("SELECT min(site_id) FROM practice WHERE practitioner_id = '") + kOther + "'");
    server.owner_of(kOwned, kOwnerEmail, kPassword);
    server.owner_of(kOther, kOtherEmail, kPassword);
    Callers callers(server);

    // What the admin's attempts act on: two claims waiting, two corrections proposed, an admin invited.
    auto visitor = callers.as(anonymous);
    const auto claim_of = [&](const std::string& practitioner) {
        return std::to_string(visitor.ok(visitor.post("/api/v1/claims", {{"practitioner_id", practitioner}, {"name", "X"},
                                                                         {"contact_email", "x" + practitioner + "@exemple.fr"}}),
                                         202)["claim"]["id"]
                                  .get<std::int64_t>());
    };
    const auto claim_to_approve = claim_of("10010053931");
    const auto claim_to_reject = claim_of("10010053931");
    auto owner_client = callers.as(owner);
    const auto proposed = owner_client.ok(owner_client.patch(
        std::string("/api/v1/account/fiches/") + kOwned,
        {{"corrections", {{{"field", "first_name"}, {"value", "Claire"}}, {{"site_id", std::stoll(site_id)}, {"field", "site_name"},
                                                                             {"value", "Cabinet Roche"}}}}}));
    const auto proposal_to_accept = std::to_string(proposed["proposals"][0]["id"].get<std::int64_t>());
    const auto proposal_to_reject = std::to_string(proposed["proposals"][1]["id"].get<std::int64_t>());
    auto admin_client = callers.as(admin);
    const auto invited = std::to_string(admin_client.ok(admin_client.post("/api/v1/admin/users", {{"email", "second.admin@cpts.example"}}), 201)
                                            ["account"]["id"]
                                                .get<std::int64_t>());
    const auto claimable = std::vector<std::string>{"10010082104", "10010112133", "10010113354", "10010124328"};
    for (const auto& id : claimable) REQUIRE(server.single("SELECT count(*) FROM practitioner WHERE id = '" + id + "' AND archived_import_id IS NULL") == "1");

    const auto fixed = [](std::string body) { return [body](Role) { return body; }; };
    const std::vector<Attempt> attempts = {
        {"POST", "/api/v1/claims",
         [&](Role role) {
             return json{{"practitioner_id", claimable[role]}, {"name", "Dr X"}, {"contact_email", "claim@exemple.fr"}}.dump();
         },
         {202, 202, 202, 202}},
        {"POST", "/api/v1/claims/status", fixed(json{{"token", std::string(43, 'a')}}.dump()), {404, 404, 404, 404}},
        {"POST", "/api/v1/password/reset", fixed(json{{"email", kOwnerEmail}}.dump()), {202, 202, 202, 202}},
        {"POST", "/api/v1/password", fixed(json{{"token", std::string(43, 'b')}, {"password", "un mot de passe assez long"}}.dump()),
         {400, 400, 400, 400}},
        {"POST", "/api/v1/session", fixed(json{{"email", kOwnerEmail}, {"password", "pas le bon mot de passe"}}.dump()),
         {401, 401, 401, 401}},
        {"PATCH", std::string("/api/v1/account/fiches/") + kOwned,
         fixed(json{{"practices", {{{"site_id", std::stoll(site_id)}, {"carte_vitale", true}}}}}.dump()), {401, 403, 200, 200}},
        {"PATCH", std::string("/api/v1/account/fiches/") + kOther,
         fixed(json{{"practices", {{{"site_id", std::stoll(other_site_id)}, {"telesoin", true}}}}}.dump()), {401, 200, 403, 200}},
        {"POST", "/api/v1/admin/claims/" + claim_to_approve + "/approve", fixed("{}"), {401, 403, 403, 200}},
        {"POST", "/api/v1/admin/claims/" + claim_to_reject + "/reject", fixed(R"({"reason": "Pas de preuve"})"), {401, 403, 403, 200}},
        {"POST", "/api/v1/admin/corrections/" + proposal_to_accept + "/accept", fixed("{}"), {401, 403, 403, 200}},
        {"POST", "/api/v1/admin/corrections/" + proposal_to_reject + "/reject", fixed(R"({"reason": "Nom RPPS exact"})"),
         {401, 403, 403, 200}},
        {"POST", "/api/v1/admin/conflicts/1/resolve", fixed(R"({"keep": "rpps"})"), {401, 403, 403, 404}},
        {"PUT", "/api/v1/admin/sites/" + site_id + "/pin", fixed(R"({"lat": 47.7508, "lon": 7.3359})"), {401, 403, 403, 200}},
        {"DELETE", "/api/v1/admin/sites/" + site_id + "/pin", fixed(""), {401, 403, 403, 200}},
        {"POST", "/api/v1/admin/users", fixed(R"({"email": "third.admin@cpts.example"})"), {401, 403, 403, 201}},
        {"PATCH", "/api/v1/admin/users/" + invited, fixed(R"({"status": "disabled"})"), {401, 403, 403, 200}},
        {"POST", "/api/v1/admin/backups", fixed(""), {401, 403, 403, 201}},
        {"DELETE", "/api/v1/account/sessions", fixed(""), {401, 200, 200, 200}},
        {"DELETE", "/api/v1/session", fixed(""), {401, 200, 200, 200}},
    };
    for (const auto& attempt : attempts) {
        for (const Role role : {anonymous, other, owner, admin}) {
            auto client = callers.as(role);
            const auto response = client.request(attempt.method, attempt.target, attempt.body(role));
            INFO(attempt.method << " " << attempt.target << " as " << kRoleNames[role] << ": " << response.body.substr(0, 300));
            CHECK(response.status == attempt.expected[role]);
            // A wrong password is the one 401 that is not about a missing session.
            if (response.status == 401 && attempt.target != "/api/v1/session") {
                CHECK(json::parse(response.body)["error"]["code"] == "not_logged_in");
            }
            if (response.status == 403) CHECK(json::parse(response.body)["error"]["code"] != "csrf_failed");
        }
    }
    // The upload: refused from the head for everyone but an admin, before the body is kept.
    const auto extract = read_whole(source_dir() + "/data/sample/PS_LibreAcces_Personne_activite_m2a_sample.txt");
    for (const Role role : {anonymous, other, owner}) {
        auto client = callers.as(role);
        const auto response = client.request("POST", "/api/v1/admin/imports?name=x.txt", extract);
        INFO(kRoleNames[role]);
        CHECK(response.status == (role == anonymous ? 401 : 403));
    }
    CHECK(std::filesystem::is_empty(server.dir() / "uploads"));
    // Logged in before the import: while it writes, logins wait (503) like every other change.
    auto reader = callers.as(other);
    auto uploader = callers.as(admin);
    const auto started = uploader.ok(uploader.request("POST", "/api/v1/admin/imports?name=x.txt", extract), 202);
    CHECK(started["import"]["status"] == "running");

    // The routes that read are guarded the same way.
    CHECK(reader.get(std::string("/api/v1/account/fiches/") + kOwned).status == 403);
    CHECK(reader.get("/api/v1/admin/audit").status == 403);
    CHECK(callers.as(anonymous).get("/api/v1/admin/outbox").status == 401);
    CHECK(callers.as(anonymous).get("/api/v1/account").status == 401);
}

TEST_CASE("a forged session, an expired one and an idle one are refused like no session, and a missing or wrong CSRF token "
          "is refused even with a live session") {
    OwnerServer server;
    const auto site_id = std::stoll(server.single(std::string("SELECT min(site_id) FROM practice WHERE practitioner_id = '") + kOwned + "'"));
    auto owner = server.owner_of(kOwned, kOwnerEmail, kPassword);
    const auto target = std::string("/api/v1/account/fiches/") + kOwned;
    const json edit = {{"practices", {{{"site_id", site_id}, {"carte_vitale", true}}}}};

    // Forged: a token of the right shape that no session has.
    auto forged = server.client();
    forged.cookies["annuaire_session"] = std::string(43, 'A');
    forged.csrf = std::string(43, 'B');
    CHECK(forged.get("/api/v1/account").status == 401);
    CHECK(forged.patch(target, edit).status == 401);

    // CSRF: none, a wrong one, another session's.
    auto no_token = owner;
    no_token.csrf.clear();
    auto response = no_token.patch(target, edit);
    CHECK(response.status == 403);
    CHECK(json::parse(response.body)["error"]["code"] == "csrf_failed");
    auto wrong = owner;
    wrong.csrf = std::string(43, 'C');
    CHECK(wrong.patch(target, edit).status == 403);
    auto elsewhere = server.client();
    elsewhere.login(kOwnerEmail, kPassword);
    auto mixed = owner;
    mixed.csrf = elsewhere.csrf;
    CHECK(mixed.patch(target, edit).status == 403);
    CHECK(owner.patch(target, edit).status == 200);
    // Anonymous changes need the annuaire_csrf cookie's token too.
    auto stranger = server.client();
    CHECK(stranger.post("/api/v1/claims", {{"practitioner_id", kOther}, {"name", "X"}, {"contact_email", "x@exemple.fr"}}).status == 403);
    stranger.refresh();
    stranger.cookies.erase("annuaire_csrf");
    CHECK(stranger.post("/api/v1/claims", {{"practitioner_id", kOther}, {"name", "X"}, {"contact_email", "x@exemple.fr"}}).status == 403);

    // Expired: twelve hours later (as the database will say).
    server.execute("UPDATE session SET expires_at = '2000-01-01T00:00:00Z' WHERE revoked_at IS NULL AND account_id = "
                   "(SELECT id FROM account WHERE email = 'claire.roche@exemple.fr')");
    CHECK(owner.get("/api/v1/account").status == 401);
    CHECK(owner.patch(target, edit).status == 401);
    // Idle for more than two hours.
    auto idle = server.client();
    idle.login(kOwnerEmail, kPassword);
    server.execute("UPDATE session SET last_seen_at = '2000-01-01T00:00:00Z' WHERE revoked_at IS NULL AND expires_at > '2001'");
    CHECK(idle.get("/api/v1/account").status == 401);
    // Revoked by a logout.
    auto revoked = server.client();
    revoked.login(kOwnerEmail, kPassword);
    const auto saved = revoked.cookies;
    revoked.ok(revoked.del("/api/v1/session"));
    revoked.cookies = saved;
    CHECK(revoked.get("/api/v1/account").status == 401);
}

TEST_CASE("brute force: five wrong passwords lock the account for 15 minutes, the right one included, and "
          "an address that tries too often is slowed down whatever the account") {
    OwnerServer server({"--login-rate-limit", "12"});
    server.owner_of(kOwned, kOwnerEmail, kPassword);
    auto attacker = server.client();
    attacker.refresh();
    for (int i = 1; i <= 4; ++i) {
        const auto response = attacker.post("/api/v1/session", {{"email", kOwnerEmail}, {"password", "essai " + std::to_string(i)}});
        CHECK(response.status == 401);
        CHECK(json::parse(response.body)["error"]["code"] == "invalid_credentials");
    }
    auto fifth = attacker.post("/api/v1/session", {{"email", kOwnerEmail}, {"password", "essai 5"}});
    CHECK(fifth.status == 429);
    CHECK(json::parse(fifth.body)["error"]["code"] == "account_locked");
    CHECK(std::stoi(fifth.header("retry-after")) > 800);
    // Locked: the right password does not open it either.
    const auto right = attacker.post("/api/v1/session", {{"email", kOwnerEmail}, {"password", kPassword}});
    CHECK(right.status == 429);
    CHECK(json::parse(right.body)["error"]["code"] == "account_locked");
    // An unknown address answers as a wrong password does.
    const auto unknown = attacker.post("/api/v1/session", {{"email", "personne@exemple.fr"}, {"password", "essai"}});
    CHECK(unknown.status == 401);
    CHECK(json::parse(unknown.body)["error"]["code"] == "invalid_credentials");
    // Per address: 12 logins at once, then one every 5 s.
    int limited = 0;
    for (int i = 0; i < 10; ++i) {
        const auto response = attacker.post("/api/v1/session", {{"email", "personne@exemple.fr"}, {"password", "essai"}});
        if (response.status == 429) {
            CHECK(json::parse(response.body)["error"]["code"] == "too_many_requests");
            ++limited;
        }
    }
    CHECK(limited >= 3);
    // The lock-out is in the audit log.
    CHECK(server.single("SELECT count(*) FROM audit_log WHERE action = 'session.locked_out'") == "1");
    // Once the lock ends (as the clock will say), the right password opens it.
    server.execute("UPDATE account SET locked_until = '2000-01-01T00:00:00Z' WHERE email = 'claire.roche@exemple.fr'");
    auto later = server.client();
    std::this_thread::sleep_for(std::chrono::seconds(5));   // the address's login budget comes back
    later.login(kOwnerEmail, kPassword);
    CHECK(later.ok(later.get("/api/v1/account"))["account"]["email"] == kOwnerEmail);
}

TEST_CASE("openapi.json describes every route of accounts, owners and the console with the methods the server answers "
          "and its security: the session for an account's or an admin's, the CSRF header for every change") {
    OwnerServer server;
    auto reader = server.client();
    const auto openapi = reader.ok(reader.get("/api/v1/openapi.json"));
    const auto& schemes = openapi["components"]["securitySchemes"];
    CHECK(schemes["session"]["in"] == "cookie");
    CHECK(schemes["session"]["name"] == "annuaire_session");
    CHECK(schemes["csrf"]["in"] == "header");
    int described = 0;
    for (const auto& [path, operations] : openapi["paths"].items()) {
        if (path.rfind("/api/v1/admin", 0) != 0 && path.rfind("/api/v1/account", 0) != 0 && path.rfind("/api/v1/session", 0) != 0 &&
            path.rfind("/api/v1/password", 0) != 0 && path.rfind("/api/v1/claims", 0) != 0) {
            continue;
        }
        // The server answers exactly the methods described (OPTIONS lists them).
        std::string concrete = path;
        if (const auto brace = concrete.find("{id}"); brace != std::string::npos) {
            concrete.replace(brace, 4, path.find("/account/fiches/") != std::string::npos ? kOwned : "1");
        }
        const auto options = reader.request("OPTIONS", concrete);
        INFO(path << ": Allow: " << options.header("allow"));
        REQUIRE(options.status == 204);
        std::set<std::string> allowed, documented = {"OPTIONS"};
        std::stringstream list(options.header("allow"));
        for (std::string method; std::getline(list, method, ',');) allowed.insert(method.substr(method.find_first_not_of(' ')));
        for (const auto& [method, operation] : operations.items()) {
            auto upper = method;
            for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            documented.insert(upper);
            if (upper == "GET") documented.insert("HEAD");
            INFO(method);
            const auto access = operation["x-access"].get<std::string>();
            const auto& security = operation["security"];
            const bool session = !security.empty() && security[0].contains("session");
            const bool csrf = !security.empty() && security[0].contains("csrf");
            CHECK(session == (access != "anyone"));
            CHECK(csrf == (upper != "GET"));
            ++described;
        }
        CHECK(allowed == documented);
    }
    CHECK(described == 34);   // as many as the server routes (server.cpp)
    // The fixed error codes of these routes are listed.
    const auto& codes = openapi["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["code"]["enum"];
    for (const char* code : {"not_logged_in", "csrf_failed", "account_locked", "import_running", "read_only"}) {
        CHECK(std::find(codes.begin(), codes.end(), code) != codes.end());
    }
}
