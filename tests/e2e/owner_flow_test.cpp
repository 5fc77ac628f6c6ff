// Owner editing over HTTP, end to end, on a real server and database: a professional claims
// their fiche, activates it through the outbox, edits it, the public search sees it, an admin
// imports an extract that moves them, and every step is in the audit log.
#include "owner_server.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <set>

using namespace annuaire::testing;

namespace {

// A practitioner of the sample and the site of their practice (structure F682086673).
constexpr const char* kPractitioner = "10010018819";
constexpr const char* kSiteKey = "F682086673";
// A Sunday, when no one of the sample declared being open.
constexpr const char* kSundayMorning = "2026-03-01T07:00";

bool lists(const json& answer, const std::string& practitioner) {
    for (const auto& item : answer["items"]) {
        if (item["id"] == practitioner) return true;
    }
    return false;
}

json find_practice(const json& fiche, std::int64_t site_id) {
    for (const auto& practice : fiche["practices"]) {
        if (practice["site_id"] == site_id) return practice;
    }
    FAIL("no practice at site " << site_id);
    return {};
}

// The sample extract with the street of one structure changed.
std::string extract_with_street_changed(const std::string& structure, const std::string& street) {
    std::ifstream in(source_dir() + "/data/sample/PS_LibreAcces_Personne_activite_m2a_sample.txt", std::ios::binary);
    std::string out, line;
    int changed = 0;
    while (std::getline(in, line)) {
        if (line.find("|" + structure + "|") != std::string::npos) {
            // Field 32 (from 0) is "Libellé Voie", the street name, in the 56-column header.
            std::vector<std::string> fields;
            std::size_t start = 0;
            for (auto bar = line.find('|'); bar != std::string::npos; bar = line.find('|', start)) {
                fields.push_back(line.substr(start, bar - start));
                start = bar + 1;
            }
            fields.push_back(line.substr(start));
            fields.at(32) = street;
            line.clear();
            for (std::size_t i = 0; i < fields.size(); ++i) line += (i ? "|" : "") + fields[i];
            ++changed;
        }
        out += line + "\n";
    }
    REQUIRE(changed > 0);
    return out;
}

// Uploads an extract as the console does and waits for its import to end; returns the job.
json upload_and_wait(ApiClient& admin, const OwnerServer& server, const std::string& extract) {
    const auto started = admin.ok(admin.request("POST", "/api/v1/admin/imports?name=PS_LibreAcces_test.txt", extract, true,
                                                {{"Content-Type", "text/plain"}}),
                                  202);
    const auto id = std::to_string(started["import"]["id"].get<std::int64_t>());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        const auto job = admin.ok(admin.get("/api/v1/admin/imports/" + id))["import"];
        // Over once its status says so and the server no longer works on it (geocoding after an import).
        if (job["status"] != "running" && !job.contains("progress")) return job;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL("the import did not end: " << server.log());
    return {};
}

}  // namespace

TEST_CASE("claim, activation through the outbox, an edit the search sees at once, a re-import that moves the cabinet: "
          "owner data kept, the conflict flagged and resolved, every step in the audit log") {
    OwnerServer server;
    const auto site_id = std::stoll(server.single(std::string("SELECT id FROM site WHERE site_key = '") + kSiteKey + "'"));
    const auto old_street = server.single(std::string("SELECT street_name FROM site WHERE site_key = '") + kSiteKey + "'");
    // The CPTS knows the professional's MSSanté address: the activation link goes there.
    write_file(server.dir() / "mssante.json",
               json{{"declared_at", "2026-01-10"},
                    {"declared_by", "CPTS m2A"},
                    {"practitioners", {{{"practitioner_id", kPractitioner}, {"mssante_email", "c.roche@medecin.mssante.fr"}}}}}
                   .dump());
    REQUIRE(run_annuaire({"declare", "--db", server.db().string(), (server.dir() / "mssante.json").string()}).exit_code == 0);

    // 1. The claim, anonymous.
    auto visitor = server.client();
    visitor.refresh();
    const auto claimed = visitor.ok(visitor.post("/api/v1/claims", {{"practitioner_id", kPractitioner},
                                                                     {"name", "Claire Roche"},
                                                                     {"contact_email", "claire.roche@exemple.fr"},
                                                                     {"message", "Je suis ce professionnel."}}),
                                    202);
    CHECK(claimed["claim"]["status"] == "awaiting_activation");
    CHECK(claimed["claim"]["proof"] == "mssante");
    const auto status_token = link_token(claimed["status_link"]);
    CHECK(visitor.ok(visitor.post("/api/v1/claims/status", {{"token", status_token}}))["claim"]["status"] == "awaiting_activation");

    // 2. The link reaches the MSSanté mailbox through the outbox; the claimant is told too.
    const auto activation = server.mail_to("c.roche@medecin.mssante.fr", "claim_activation");
    CHECK(activation["subject"] == "Attribution de votre fiche dans l'annuaire");
    server.mail_to("claire.roche@exemple.fr", "claim_received");
    // The console shows the outbox with the links' tokens masked.
    auto admin = server.admin();
    const auto console_outbox = admin.ok(admin.get("/api/v1/admin/outbox"));
    bool masked = false;
    for (const auto& mail : console_outbox["items"]) {
        if (mail["kind"] == "claim_activation") masked = mail["body"].get<std::string>().find(link_token(activation["body"])) == std::string::npos;
    }
    CHECK(masked);

    // 3. Activation: the password is set and the fiche is theirs.
    auto owner = server.client();
    owner.refresh();
    const auto me = owner.ok(owner.post("/api/v1/password", {{"token", link_token(activation["body"])},
                                                             {"password", "mon cabinet, rue de la Paix"}}));
    REQUIRE(me["fiches"].size() == 1);
    CHECK(me["fiches"][0]["id"] == kPractitioner);
    CHECK(visitor.ok(visitor.post("/api/v1/claims/status", {{"token", status_token}}))["claim"]["status"] == "activated");
    // A link works once.
    CHECK(owner.post("/api/v1/password", {{"token", link_token(activation["body"])}, {"password", "un autre mot de passe"}}).status == 400);

    // 4. Log in again, as on another day.
    owner = server.client();
    owner.login("claire.roche@exemple.fr", "mon cabinet, rue de la Paix");
    const auto search = "/api/v1/practitioners?carte_vitale=true&open_at=" + std::string(kSundayMorning) + "&per_page=100";
    auto reader = server.client();
    CHECK(!lists(reader.ok(reader.get(search)), kPractitioner));

    // 5. Hours and Carte Vitale: published at once, in the fiche and in the search filters.
    const auto other_site = server.single(
        "SELECT street_number || ' ' || street_type_label || ' ' || street_name || '|' || postcode || '|' || commune_name "
        "FROM site WHERE geo_precision = 'housenumber' AND street_number IS NOT NULL AND street_type_label IS NOT NULL "
        "AND commune_name IS NOT NULL AND site_key <> 'F682086673' LIMIT 1");
    const auto part = [&](int n) {
        std::size_t start = 0;
        for (int i = 0; i < n; ++i) start = other_site.find('|', start) + 1;
        return other_site.substr(start, other_site.find('|', start) - start);
    };
    const auto edited = owner.ok(owner.patch(std::string("/api/v1/account/fiches/") + kPractitioner,
                                             {{"practices", {{{"site_id", site_id},
                                                              {"carte_vitale", true},
                                                              {"opening_hours", {{{"weekday", 7}, {"opens", "06:30"}, {"closes", "08:00"}},
                                                                                 {{"weekday", 1}, {"opens", "08:00"}, {"closes", "12:00"}}}}}}},
                                              {"corrections", {{{"site_id", site_id},
                                                                {"field", "address"},
                                                                {"value", {{"line", part(0)}, {"postcode", part(1)}, {"commune", part(2)}}}}}}}));
    CHECK(edited["in_search"] == true);
    REQUIRE(edited["proposals"].size() == 1);
    CHECK(edited["proposals"][0]["status"] == "pending");
    CHECK(lists(reader.ok(reader.get(search)), kPractitioner));
    const auto fiche = reader.ok(reader.get(std::string("/api/v1/practitioners/") + kPractitioner));
    CHECK(find_practice(fiche, site_id)["declared"]["carte_vitale"]["value"] == true);
    CHECK(find_practice(fiche, site_id)["declared"]["carte_vitale"]["declared_by"] == "owner");
    // The corrected address waits for an admin: the fiche still shows the RPPS one.
    CHECK(find_practice(fiche, site_id)["address"]["source"] == "rpps");

    // 6. The admin accepts the address: it shows, and the site is geocoded again.
    const auto pending = admin.ok(admin.get("/api/v1/admin/corrections"));
    REQUIRE(pending["items"].size() == 1);
    const auto proposal_id = std::to_string(pending["items"][0]["id"].get<std::int64_t>());
    const auto accepted = admin.ok(admin.post("/api/v1/admin/corrections/" + proposal_id + "/accept"));
    CHECK(accepted["proposal"]["status"] == "accepted");
    CHECK(!accepted["proposal"]["location"].is_null());
    CHECK(find_practice(reader.ok(reader.get(std::string("/api/v1/practitioners/") + kPractitioner)), site_id)["address"]["source"] ==
          "override");

    // 7. A new extract moves the cabinet in the RPPS: uploaded from the console.
    const auto job = upload_and_wait(admin, server, extract_with_street_changed(kSiteKey, "DES TESTS DE L'ANNUAIRE"));
    REQUIRE_MESSAGE(job["status"] == "imported", job.dump());
    CHECK(!job["backup_file"].is_null());
    REQUIRE(job["report"]["conflicts"].size() == 1);
    CHECK(job["report"]["conflicts"][0]["entity_key"] == kSiteKey);
    CHECK(job["report"]["conflicts"][0]["field"] == "address");

    // Owner data kept through the import; the search sees it once its index is rebuilt.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!lists(reader.ok(reader.get(search)), kPractitioner) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(lists(reader.ok(reader.get(search)), kPractitioner));
    CHECK(find_practice(reader.ok(reader.get(std::string("/api/v1/practitioners/") + kPractitioner)), site_id)["declared"]
              ["carte_vitale"]["value"] == true);

    // 8. The conflict: both values kept, flagged; resolved in the console.
    const auto conflicts = admin.ok(admin.get("/api/v1/admin/conflicts"));
    REQUIRE(conflicts["items"].size() == 1);
    const auto& conflict = conflicts["items"][0];
    CHECK(conflict["value"]["line"] == part(0));
    CHECK(conflict["rpps_value_before"]["line"].get<std::string>().find(old_street) != std::string::npos);
    CHECK(conflict["rpps_value_now"]["line"].get<std::string>().find("DES TESTS DE L'ANNUAIRE") != std::string::npos);
    // The owner sees it on their fiche too.
    CHECK(owner.ok(owner.get(std::string("/api/v1/account/fiches/") + kPractitioner))["conflicts"].size() == 1);
    admin.ok(admin.post("/api/v1/admin/conflicts/" + std::to_string(conflict["id"].get<std::int64_t>()) + "/resolve",
                        {{"keep", "correction"}}));
    CHECK(admin.ok(admin.get("/api/v1/admin/conflicts"))["items"].empty());

    // 9. Every step in the audit log, with who did it.
    std::map<std::string, std::string> actors;
    const auto audit = admin.ok(admin.get("/api/v1/admin/audit?limit=500"));
    INFO(audit.dump().substr(0, 3000));
    for (const auto& entry : audit["items"]) actors[entry["action"]] = entry["actor"];
    for (const char* action : {"declarations.update", "claim.create", "claim.activate", "fiche.grant", "account.set_password",
                               "session.login", "correction.propose", "correction.accept", "import.start", "import.imported",
                               "conflict.resolve"}) {
        CHECK_MESSAGE(actors.count(action), "not in the audit log: " << action);
    }
    CHECK(actors["correction.propose"] == "claire.roche@exemple.fr");
    CHECK(actors["correction.accept"] == OwnerServer::kAdmin);
    CHECK(actors["claim.create"] == "anonymous");
    // Filtered, and as CSV.
    const auto edits = admin.ok(admin.get(std::string("/api/v1/admin/audit?action=declarations.update&entity_key=") + kPractitioner));
    REQUIRE(!edits["items"].empty());
    CHECK(edits["items"][0]["after"]["practices"][std::to_string(site_id)]["carte_vitale"] == true);
    const auto csv = admin.get("/api/v1/admin/audit.csv?action=conflict.resolve");
    REQUIRE(csv.status == 200);
    CHECK(csv.header("content-type") == "text/csv; charset=utf-8");
    CHECK(csv.body.rfind("\xEF\xBB\xBFid;at;actor;action;entity;entity_key;before;after;client_address\r\n", 0) == 0);
    CHECK(csv.body.find(";conflict.resolve;site;F682086673;") != std::string::npos);
}

TEST_CASE("an owner's edit changes only what it names: another field declared earlier stays, and null clears one field") {
    OwnerServer server;
    const auto site_id = std::stoll(server.single(std::string("SELECT id FROM site WHERE site_key = '") + kSiteKey + "'"));
    auto owner = server.owner_of(kPractitioner, "claire.roche@exemple.fr", "mon cabinet, rue de la Paix");
    const auto target = std::string("/api/v1/account/fiches/") + kPractitioner;
    owner.ok(owner.patch(target, {{"practitioner", {{"website", "https://cabinet-roche.fr/"}, {"phone", "03 89 11 22 33"}}},
                                  {"practices", {{{"site_id", site_id}, {"tiers_payant", true}, {"home_visits", true},
                                                  {"conventionnement", "secteur_1"}, {"publics", {"enfants", "adultes"}},
                                                  {"opening_hours", {{{"weekday", 2}, {"opens", "09:00"}, {"closes", "12:00"}}}}}}}}));
    // Only Carte Vitale, only the expertise.
    owner.ok(owner.patch(target, {{"practitioner", {{"expertise", "Diabétologie"}}},
                                  {"practices", {{{"site_id", site_id}, {"carte_vitale", false}}}}}));
    auto declared = owner.ok(owner.get(target))["declared"];
    const auto practice = declared["practices"][std::to_string(site_id)];
    CHECK(practice["carte_vitale"] == false);
    CHECK(practice["tiers_payant"] == true);
    CHECK(practice["home_visits"] == true);
    CHECK(practice["conventionnement"] == "secteur_1");
    CHECK(practice["publics"] == json{"adultes", "enfants"});
    CHECK(practice["opening_hours"] == json{{{"weekday", 2}, {"opens", "09:00"}, {"closes", "12:00"}}});
    CHECK(declared["practitioner"]["website"] == "https://cabinet-roche.fr/");
    CHECK(declared["practitioner"]["phone"] == "0389112233");
    CHECK(declared["practitioner"]["expertise"] == "Diabétologie");

    auto reader = server.client();
    const auto visits = "/api/v1/practitioners?home_visits=true&per_page=100&commune=" +
                        server.single(std::string("SELECT resolved_insee FROM site WHERE site_key = '") + kSiteKey + "'");
    CHECK(lists(reader.ok(reader.get(visits)), kPractitioner));
    // Clearing is explicit: null clears home visits, and nothing else.
    owner.ok(owner.patch(target, {{"practices", {{{"site_id", site_id}, {"home_visits", nullptr}}}}}));
    declared = owner.ok(owner.get(target))["declared"];
    CHECK(!declared["practices"][std::to_string(site_id)].contains("home_visits"));
    CHECK(declared["practices"][std::to_string(site_id)]["tiers_payant"] == true);
    CHECK(declared["practices"][std::to_string(site_id)]["carte_vitale"] == false);
    CHECK(!lists(reader.ok(reader.get(visits)), kPractitioner));
}

TEST_CASE("an owner's edit is refused whole, each fault named by its JSON path: overlapping hours, a foreign site, "
          "a misspelt field, a practitioner_id in the body") {
    OwnerServer server;
    const auto site_id = std::stoll(server.single(std::string("SELECT id FROM site WHERE site_key = '") + kSiteKey + "'"));
    const auto foreign = server.single("SELECT min(id) FROM site WHERE id NOT IN (SELECT site_id FROM practice WHERE practitioner_id = '10010018819')");
    auto owner = server.owner_of(kPractitioner, "claire.roche@exemple.fr", "mon cabinet, rue de la Paix");
    const auto target = std::string("/api/v1/account/fiches/") + kPractitioner;
    const auto before = owner.ok(owner.get(target))["declared"];
    const auto refused = owner.patch(target, {{"practices", {{{"site_id", site_id}, {"carte_vitale", true}, {"pmr_acess", true},
                                                              {"opening_hours", {{{"weekday", 1}, {"opens", "08:00"}, {"closes", "12:00"}},
                                                                                 {{"weekday", 1}, {"opens", "11:00"}, {"closes", "13:00"}}}}},
                                                             {{"site_id", std::stoll(foreign)}, {"tiers_payant", true}}}}});
    REQUIRE(refused.status == 400);
    const auto error = json::parse(refused.body)["error"];
    CHECK(error["code"] == "invalid_declarations");
    std::set<std::string> paths;
    for (const auto& problem : error["problems"]) paths.insert(problem["path"]);
    CHECK(paths.count("practices[0].pmr_acess"));
    CHECK(paths.count("practices[0].opening_hours[1]"));
    // Nothing of it was stored.
    CHECK(owner.ok(owner.get(target))["declared"] == before);
    // The fiche is the one the address names: a body cannot name another.
    const auto other = owner.patch(target, {{"practices", {{{"practitioner_id", "10010052057"}, {"site_id", site_id}, {"carte_vitale", true}}}}});
    CHECK(other.status == 400);
    CHECK(other.body.find("practices[0].practitioner_id: unknown field") != std::string::npos);
    const auto site = owner.patch(target, {{"practices", {{{"site_id", std::stoll(foreign)}, {"carte_vitale", true}}}}});
    CHECK(site.status == 400);
    CHECK(site.body.find("is not a site of this fiche") != std::string::npos);
}

TEST_CASE("hostile text is refused with its path or stored as inert text: script tags, SQL, invalid UTF-8, 100 KB, bidi") {
    OwnerServer server;
    const auto site_id = std::stoll(server.single(std::string("SELECT id FROM site WHERE site_key = '") + kSiteKey + "'"));
    auto owner = server.owner_of(kPractitioner, "claire.roche@exemple.fr", "mon cabinet, rue de la Paix");
    const auto target = std::string("/api/v1/account/fiches/") + kPractitioner;
    // Markup and SQL are text: stored as written, and served as JSON strings only.
    const std::string script = "<script>alert(document.cookie)</script>'); DROP TABLE practitioner; --";
    owner.ok(owner.patch(target, {{"practitioner", {{"expertise", script}}}}));
    auto reader = server.client();
    const auto fiche = reader.get(std::string("/api/v1/practitioners/") + kPractitioner);
    CHECK(fiche.header("content-type") == "application/json");
    CHECK(json::parse(fiche.body)["declared"]["expertise"]["value"] == script);
    CHECK(server.single("SELECT count(*) FROM practitioner") != "0");
    // 100 KB in one field, a bidirectional override, bytes that are not UTF-8: refused.
    const auto big = owner.patch(target, {{"practitioner", {{"training", std::string(100 * 1024, 'x')}}}});
    CHECK(big.status == 413);   // over the 64 KB a request body may hold
    const auto long_field = owner.patch(target, {{"practitioner", {{"training", std::string(3000, 'x')}}}});
    CHECK(long_field.status == 400);
    CHECK(long_field.body.find("practitioner.training: 3000 characters, more than the 2000 allowed") != std::string::npos);
    const auto bidi = owner.patch(target, {{"practices", {{{"site_id", site_id}, {"appointment_url", "https://rdv.fr/\u202egpj.exe"}}}}});
    CHECK(bidi.status == 400);
    const auto bytes = owner.request("PATCH", target, "{\"practitioner\": {\"training\": \"Soci\xe9t\xe9\"}}");
    CHECK(bytes.status == 400);
    CHECK(bytes.body.find("not valid UTF-8") != std::string::npos);
    // A claim's name with markup is stored as text, its e-mail checked.
    auto visitor = server.client();
    visitor.refresh();
    const auto claim = visitor.post("/api/v1/claims", {{"practitioner_id", "10010052057"}, {"name", "<img src=x onerror=alert(1)>"},
                                                       {"contact_email", "pas une adresse"}});
    CHECK(claim.status == 400);
    CHECK(json::parse(claim.body)["error"]["problems"][0]["path"] == "contact_email");
}
