// End-to-end tests of `annuaire declare`: the built binary on a real database
// imported from the m2A sample, as an administrator runs it. A refused file must
// leave the database as it was.
#include "../support/older_schema.hpp"
#include "search_server.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace annuaire::testing;
using nlohmann::json;

namespace {

// The m2A sample imported (not geocoded) into a temporary database.
class SampleDatabase {
public:
    SampleDatabase() { build_sample_database(db_, false, false); }
    const std::filesystem::path& db() const { return db_; }
    std::filesystem::path file(const std::string& name) const { return dir_ / name; }

    CommandResult declare(const std::filesystem::path& file) const {
        return run_annuaire({"declare", "--db", db_.string(), file.string()});
    }
    CommandResult declare_text(const std::string& text) const {
        const auto path = file("declarations.json");
        write_file(path, text);
        return declare(path);
    }
    CommandResult declare_sample() const {
        return declare(std::filesystem::path(source_dir()) / "data/sample/declarations-m2a-generated.json");
    }

    // Every row of every table that holds declarations, and the declarations version.
    std::string declared_rows() const {
        annuaire::store::Database database(db_.string(), annuaire::store::OpenMode::read_only);
        std::string rows;
        for (const char* table : {"declared_practitioner", "declared_practice", "declared_public", "declared_act",
                                  "declared_opening_hours", "field_override", "meta"}) {
            auto st = database.prepare(std::string("SELECT * FROM ") + table + " ORDER BY 1, 2");
            rows += std::string(table) + ":\n";
            while (st.step()) {
                for (int c = 0; c < st.column_count(); ++c) rows += st.column_optional_text(c).value_or("NULL") + "|";
                rows += "\n";
            }
        }
        return rows;
    }
    std::string single(const std::string& sql) const {
        annuaire::store::Database database(db_.string(), annuaire::store::OpenMode::read_only);
        auto st = database.prepare(sql);
        REQUIRE(st.step());
        return st.column_optional_text(0).value_or("NULL");
    }

private:
    TempDir dir_;
    std::filesystem::path db_ = dir_ / "annuaire.db";
};

// A practitioner and a site of the sample, with their practice.
constexpr const char* kPractitioner = "10010018819";
constexpr const char* kSiteKey = "F682086673";

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the bundled sample declarations load, every practice of the file stored") {
    SampleDatabase sample;
    const auto file = json::parse(read_file(std::filesystem::path(source_dir()) / "data/sample/declarations-m2a-generated.json"));
    std::size_t slots = 0;
    for (const auto& practice : file["practices"]) slots += practice.value("opening_hours", json::array()).size();
    REQUIRE(file["practices"].size() > 500);

    const auto declared = sample.declare_sample();
    REQUIRE_MESSAGE(declared.exit_code == 0, declared.err);
    CHECK(declared.out == "declared: " + std::to_string(file["practices"].size()) + " practices, 0 practitioners, 0 corrections\n");
    CHECK(sample.single("SELECT count(*) FROM declared_practice") == std::to_string(file["practices"].size()));
    CHECK(sample.single("SELECT count(*) FROM declared_opening_hours") == std::to_string(slots));
}

TEST_CASE("a declaration with a misspelt field is refused, naming the field and its JSON path, and the database is unchanged") {
    SampleDatabase sample;
    REQUIRE(sample.declare_sample().exit_code == 0);
    const auto bytes_before = read_file(sample.db());
    const auto rows_before = sample.declared_rows();

    const auto refused = sample.declare_text(json{{"declared_at", "2025-03-01T10:00:00Z"},
                                                  {"practices", {{{"practitioner_id", kPractitioner}, {"site_key", kSiteKey},
                                                                  {"carte_vitale", false}, {"pmr_acess", true}}}}}
                                                 .dump());
    CHECK(refused.exit_code == 1);
    CHECK(refused.err == "annuaire declare: '" + sample.file("declarations.json").string() +
                             "' refused, nothing written: practices[0].pmr_acess: unknown field (did you mean 'pmr_access'?)\n");
    CHECK(refused.out.empty());
    // Refused before the database is even opened: not one byte moved.
    CHECK(read_file(sample.db()) == bytes_before);
    CHECK(sample.declared_rows() == rows_before);

    // Unknown fields at the top and in each kind of entry are named the same way.
    const auto top = sample.declare_text(R"({"declared_at": "2025-03-01", "declared_by": "x", "declard_by": "y"})");
    CHECK(mentions(top.err, "declard_by: unknown field (did you mean 'declared_by'?)"));
    const auto slot = sample.declare_text(
        R"({"declared_at": "2025-03-01", "practices": [{"practitioner_id": "10010018819", "site_key": "F682086673",
            "opening_hours": [{"weekday": 1, "opens": "08:00", "closes": "12:00", "closed": true}]}]})");
    CHECK(mentions(slot.err, "practices[0].opening_hours[0].closed: unknown field (did you mean 'closes'?)"));
    CHECK(read_file(sample.db()) == bytes_before);
}

TEST_CASE("a 30 MB field is refused before the file is read, and nothing is stored") {
    SampleDatabase sample;
    REQUIRE(sample.declare_sample().exit_code == 0);
    const auto bytes_before = read_file(sample.db());
    const auto text = json{{"declared_at", "2025-03-01"},
                           {"practitioners", {{{"practitioner_id", kPractitioner}, {"expertise", std::string(30'000'000, 'x')}}}}}
                          .dump();
    const auto refused = sample.declare_text(text);
    CHECK(refused.exit_code == 1);
    CHECK(mentions(refused.err, "holds " + std::to_string(text.size()) +
                                    " bytes, more than the 10000000 bytes a declarations document may hold: split it; nothing was written"));
    CHECK(read_file(sample.db()) == bytes_before);
    CHECK(sample.single("SELECT count(*) FROM declared_practitioner") == "0");

    // Under the document limit, a field over its own limit is refused just the same.
    const auto long_field = sample.declare_text(
        json{{"declared_at", "2025-03-01"},
             {"practitioners", {{{"practitioner_id", kPractitioner}, {"training", std::string(2001, 'x')}}}}}
            .dump());
    CHECK(long_field.exit_code == 1);
    CHECK(mentions(long_field.err, "practitioners[0].training: 2001 characters, more than the 2000 allowed"));
    CHECK(read_file(sample.db()) == bytes_before);
}

TEST_CASE("site_id 18446744073709551615 is named as written in the file, never wrapped") {
    SampleDatabase sample;
    const auto bytes_before = read_file(sample.db());
    const auto refused = sample.declare_text(
        R"({"declared_at": "2025-03-01", "practices": [{"practitioner_id": "10010018819", "site_id": 18446744073709551615}],
            "corrections": [{"site_id": 1e3, "field": "phone", "value": "03 89 00 00 01"}]})");
    CHECK(refused.exit_code == 1);
    CHECK(mentions(refused.err, "practices[0].site_id: 18446744073709551615 is out of range (1 to 9223372036854775807)"));
    CHECK(mentions(refused.err, "corrections[0].site_id: expected an integer, got 1e3"));
    // Neither wrapped nor converted (the file's path, with its random digits, left aside).
    const auto problems = refused.err.substr(refused.err.find("' refused"));
    CHECK(!mentions(problems, "-1"));
    CHECK(!mentions(problems, "1000"));
    CHECK(read_file(sample.db()) == bytes_before);
}

TEST_CASE("javascript:, data: and ftp: addresses, U+202E, BEL and ESC are refused, every problem listed, nothing of the file stored") {
    SampleDatabase sample;
    REQUIRE(sample.declare_sample().exit_code == 0);
    const auto rows_before = sample.declared_rows();
    const json document = {
        {"declared_at", "2025-03-01T10:00:00Z"},
        {"practitioners", {{{"practitioner_id", kPractitioner}, {"website", "javascript:alert(document.cookie)"},
                            {"expertise", "Cardiologie \u202etxet"}},
                           {{"practitioner_id", "10010052057"}, {"website", "https://www.exemple.fr/"}}}},  // valid
        {"practices", {{{"practitioner_id", kPractitioner}, {"site_key", kSiteKey}, {"appointment_url", "data:text/html,<b>x</b>"},
                        {"phone", "03 89 12 34 56\x07"}},
                       {{"practitioner_id", "10010052057"}, {"site_key", "C70286192300796"}, {"appointment_url", "ftp://exemple.fr/"}}}},
        {"corrections", {{{"practitioner_id", kPractitioner}, {"field", "last_name"}, {"value", "\x1b[2JDupont"}}}}};
    const auto refused = sample.declare_text(document.dump());
    CHECK(refused.exit_code == 1);
    CHECK(mentions(refused.err, "' refused, nothing written, 6 problems:\n"));
    CHECK(mentions(refused.err, "\n  practitioners[0].website: 'javascript:' addresses are not accepted, only http:// and https:// ones"));
    CHECK(mentions(refused.err, "\n  practitioners[0].expertise: contains a bidirectional control character (U+202E) at character 13"));
    CHECK(mentions(refused.err, "\n  practices[0].appointment_url: 'data:' addresses are not accepted"));
    CHECK(mentions(refused.err, "\n  practices[0].phone: contains a control character (U+0007, bell) at character 15"));
    CHECK(mentions(refused.err, "\n  practices[1].appointment_url: 'ftp:' addresses are not accepted"));
    CHECK(mentions(refused.err, "\n  corrections[0].value: contains a control character (U+001B, escape) at character 1"));
    // The terminal gets no raw escape or override from the file.
    CHECK(!mentions(refused.err, "\x1b"));
    CHECK(!mentions(refused.err, "\u202e"));
    CHECK(sample.declared_rows() == rows_before);

    // The same addresses over http and https go in.
    const auto accepted = sample.declare_text(
        json{{"declared_at", "2025-03-01T10:00:00Z"},
             {"practitioners", {{{"practitioner_id", kPractitioner}, {"website", "http://www.exemple.fr/"}}}},
             {"practices", {{{"practitioner_id", kPractitioner}, {"site_key", kSiteKey}, {"appointment_url", "https://rdv.exemple.fr/x?y=1"}}}}}
            .dump());
    REQUIRE_MESSAGE(accepted.exit_code == 0, accepted.err);
    CHECK(sample.single("SELECT website FROM declared_practitioner WHERE practitioner_id = '10010018819'") == "http://www.exemple.fr/");
}

TEST_CASE("an unknown practitioner refuses the whole file: the valid entries before it are not stored") {
    SampleDatabase sample;
    REQUIRE(sample.declare_sample().exit_code == 0);
    const auto rows_before = sample.declared_rows();
    const auto refused = sample.declare_text(
        json{{"declared_at", "2025-03-01T10:00:00Z"},
             {"practitioners", {{{"practitioner_id", kPractitioner}, {"phone", "0389123456"}}}},
             {"practices", {{{"practitioner_id", kPractitioner}, {"site_key", kSiteKey}, {"carte_vitale", true}},
                            {{"practitioner_id", "19999999999"}, {"site_key", kSiteKey}, {"carte_vitale", true}}}}}
            .dump());
    CHECK(refused.exit_code == 1);
    CHECK(mentions(refused.err, "refused, nothing written: unknown practitioner '19999999999'"));
    CHECK(sample.declared_rows() == rows_before);
}

TEST_CASE("accepted values are stored trimmed, phone numbers as 10 digits, CR LF as LF") {
    SampleDatabase sample;
    const auto accepted = sample.declare_text(
        json{{"declared_at", "2025-03-01T10:00:00Z"},
             {"declared_by", "  CPTS m2A\u00a0"},
             {"practitioners", {{{"practitioner_id", kPractitioner}, {"phone", "+33 (0)3 89 12 34 56"},
                                 {"mssante_email", " jean.dupont@medecin.mssante.fr "}, {"training", "DU\r\nDIU\r\n"}}}},
             {"corrections", {{{"site_key", kSiteKey}, {"field", "phone"}, {"value", "03.89.00.00.01"}}}}}
            .dump());
    REQUIRE_MESSAGE(accepted.exit_code == 0, accepted.err);
    CHECK(accepted.out == "declared: 0 practices, 1 practitioners, 1 corrections\n");
    CHECK(sample.single("SELECT phone FROM declared_practitioner") == "0389123456");
    CHECK(sample.single("SELECT mssante_email FROM declared_practitioner") == "jean.dupont@medecin.mssante.fr");
    CHECK(sample.single("SELECT training FROM declared_practitioner") == "DU\nDIU");
    CHECK(sample.single("SELECT declared_by FROM declared_practitioner") == "CPTS m2A");
    CHECK(sample.single("SELECT value FROM field_override WHERE field = 'phone'") == "0389000001");
}

TEST_CASE("a file that is not UTF-8 is refused naming its line, without echoing the bytes") {
    SampleDatabase sample;
    const auto bytes_before = read_file(sample.db());
    const auto refused = sample.declare_text("{\"declared_at\": \"2025-03-01\",\n\"declared_by\": \"Soci\xe9t\xe9\"}");
    CHECK(refused.exit_code == 1);
    CHECK(mentions(refused.err, "document: line 2, byte 21: not valid UTF-8 (byte 0xE9); save the file as UTF-8"));
    CHECK(!mentions(refused.err, "\xe9"));
    CHECK(read_file(sample.db()) == bytes_before);
}

TEST_CASE("declaring a practice again changes only the fields it names, and null clears a field and nothing else") {
    SampleDatabase sample;
    const auto practice_row = [&] {
        return sample.single(
            "SELECT coalesce(phone, 'NULL') || '|' || coalesce(conventionnement, 'NULL') || '|' || "
            "coalesce(carte_vitale, 'NULL') || coalesce(tiers_payant, 'NULL') || coalesce(pmr_access, 'NULL') || "
            "coalesce(home_visits, 'NULL') || coalesce(teleconsultation, 'NULL') || coalesce(telesoin, 'NULL') "
            "FROM declared_practice WHERE practitioner_id = '10010018819'");
    };
    const auto lists = [&] {
        return sample.single("SELECT (SELECT group_concat(public_code) FROM declared_public WHERE practitioner_id = '10010018819') || '|' || "
                             "(SELECT group_concat(act_code) FROM declared_act WHERE practitioner_id = '10010018819') || '|' || "
                             "(SELECT count(*) FROM declared_opening_hours WHERE practitioner_id = '10010018819')");
    };
    const json full = {{"declared_at", "2025-03-01T10:00:00Z"},
                       {"practitioners", {{{"practitioner_id", kPractitioner}, {"phone", "0389123456"}, {"website", "https://exemple.fr/"}}}},
                       {"practices", {{{"practitioner_id", kPractitioner}, {"site_key", kSiteKey}, {"phone", "03 89 11 22 33"},
                                       {"conventionnement", "secteur_1"}, {"carte_vitale", true}, {"tiers_payant", true},
                                       {"pmr_access", false}, {"home_visits", true}, {"teleconsultation", true}, {"telesoin", false},
                                       {"publics", {"enfants", "adultes"}}, {"acts", {"vaccination"}},
                                       {"opening_hours", {{{"weekday", 1}, {"opens", "08:00"}, {"closes", "12:00"}}}}}}}};
    REQUIRE(sample.declare_text(full.dump()).exit_code == 0);
    REQUIRE(practice_row() == "0389112233|secteur_1|110110");
    REQUIRE(lists() == "adultes,enfants|vaccination|1");

    // The defect of issue 6: an entry that names only an expertise and acts emptied every
    // yes/no and single-value field of the practice.
    const auto partial = sample.declare_text(
        json{{"declared_at", "2025-03-02T10:00:00Z"},
             {"practitioners", {{{"practitioner_id", kPractitioner}, {"expertise", "Diabétologie"}}}},
             {"practices", {{{"practitioner_id", kPractitioner}, {"site_key", kSiteKey}, {"acts", {"ecg"}}}}}}
            .dump());
    REQUIRE_MESSAGE(partial.exit_code == 0, partial.err);
    CHECK(practice_row() == "0389112233|secteur_1|110110");
    CHECK(lists() == "adultes,enfants|ecg|1");
    CHECK(sample.single("SELECT phone || '|' || website || '|' || expertise FROM declared_practitioner") ==
          "0389123456|https://exemple.fr/|Diabétologie");
    CHECK(sample.single("SELECT declared_at FROM declared_practice") == "2025-03-02T10:00:00Z");

    // Clearing is explicit: null clears the fields it is given for, and only those.
    const auto cleared = sample.declare_text(
        json{{"declared_at", "2025-03-03T10:00:00Z"},
             {"practitioners", {{{"practitioner_id", kPractitioner}, {"website", nullptr}}}},
             {"practices", {{{"practitioner_id", kPractitioner}, {"site_key", kSiteKey}, {"tiers_payant", nullptr},
                             {"conventionnement", nullptr}, {"opening_hours", nullptr}}}}}
            .dump());
    REQUIRE_MESSAGE(cleared.exit_code == 0, cleared.err);
    CHECK(practice_row() == "0389112233|NULL|1NULL0110");
    CHECK(lists() == "adultes,enfants|ecg|0");
    CHECK(sample.single("SELECT coalesce(website, 'NULL') || '|' || phone FROM declared_practitioner") == "NULL|0389123456");
}

TEST_CASE("a database of schema version 3 gains the tables of owner editing, its corrections kept with their RPPS value") {
    SampleDatabase sample;
    const auto declared = sample.declare_text(
        json{{"declared_at", "2025-03-01T10:00:00Z"},
             {"corrections", {{{"practitioner_id", kPractitioner}, {"field", "last_name"}, {"value", "Roche-Martin"}}}}}
            .dump());
    REQUIRE_MESSAGE(declared.exit_code == 0, declared.err);
    const auto rpps_name = sample.single(std::string("SELECT last_name FROM practitioner WHERE id = '") + kPractitioner + "'");
    {
        annuaire::store::Database database(sample.db().string(), annuaire::store::OpenMode::read_write);
        drop_owner_editing(database);
        database.execute("PRAGMA user_version = 3");
    }
    // A command that only reads says what to run; one that writes upgrades.
    const auto refused = run_annuaire({"stats", "--db", sample.db().string()});
    CHECK(refused.exit_code != 0);
    CHECK(mentions(refused.err, "has schema version 3, older than this program"));
    const auto added = run_annuaire({"user", "add", "--db", sample.db().string(), "--admin", "admin@cpts.example"});
    REQUIRE_MESSAGE(added.exit_code == 0, added.err);
    CHECK(sample.single("PRAGMA user_version") == std::to_string(annuaire::store::kSchemaVersion));
    CHECK(sample.single("SELECT email || '|' || role FROM account") == "admin@cpts.example|admin");
    // The correction is still shown, and knows the RPPS value it replaced: a re-import that
    // changes that value flags it for review.
    CHECK(sample.single("SELECT value || '|' || rpps_value FROM field_override") == "Roche-Martin|" + rpps_name);
    CHECK(run_annuaire({"stats", "--db", sample.db().string()}).exit_code == 0);
}
