// End-to-end tests of `annuaire geocode` and `annuaire pin`: they import small
// RPPS extracts at real Paris addresses, load BAN fixtures and drive the binary.
#include "../support/older_schema.hpp"
#include "../support/process.hpp"
#include "store/address_store.hpp"
#include "store/database.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <sstream>

using namespace annuaire::testing;
using nlohmann::json;

namespace {

std::string ban_fixture(const std::string& name) { return source_dir() + "/tests/fixtures/ban/" + name; }

// One RPPS site: structure id and address fields (56-column current format).
struct Site {
    std::string structure, number, repetition, type_code, street, postcode, insee, town;
};

std::string extract(const std::vector<Site>& sites) {
    std::ostringstream out;
    out << read_file(source_dir() + "/data/reference/rpps/PS_LibreAcces_Personne_activite.header.txt");
    int serial = 0;
    for (const auto& site : sites) {
        ++serial;
        std::vector<std::string> f(56);
        f[0] = "8";
        f[1] = "1000000000" + std::to_string(serial);
        f[7] = "GEO" + std::to_string(serial);
        f[9] = "10";
        f[10] = "Médecin";
        f[17] = "L";
        f[23] = site.structure;
        f[24] = "CABINET " + site.structure;
        f[28] = site.number;
        f[29] = site.repetition;
        f[30] = site.type_code;
        f[32] = site.street;
        f[34] = site.postcode.empty() ? "" : site.postcode + " " + site.town;
        f[35] = site.postcode;
        f[36] = site.insee;
        f[37] = site.town;
        for (const auto& field : f) out << field << "|";
        out << "\n";
    }
    return out.str();
}

// One site of each precision level.
const std::vector<Site> kSites = {
    {"R1HOUSE", "3", "", "R", "GOBERT", "75011", "75111", "PARIS"},
    {"R1INTERP", "8", "", "R", "CHEVREUL", "75011", "", "PARIS"},
    {"R1STREET", "", "", "R", "DES TROIS COURONNES", "75011", "75111", "PARIS"},
    {"R1TOWN", "5", "", "R", "DES JARDINS SUSPENDUS", "75011", "75111", "PARIS"},
    {"R1NONE", "", "", "", "", "", "", ""},
};

json run_json(const std::vector<std::string>& args) {
    const auto result = run_annuaire(args);
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    return json::parse(result.out);
}

json geocoded(const std::filesystem::path& db) {
    return run_json({"stats", "--db", db.string(), "--json"})["geocoded"];
}

std::map<std::string, annuaire::store::SitePosition> positions(const std::filesystem::path& db) {
    annuaire::store::Database database(db.string(), annuaire::store::OpenMode::read_write);
    annuaire::store::AddressStore store(database);
    std::map<std::string, annuaire::store::SitePosition> result;
    for (auto& site : store.site_positions()) result.emplace(site.site_key, std::move(site));
    return result;
}

void import(const std::filesystem::path& db, const std::filesystem::path& file, const std::vector<Site>& sites) {
    write_file(file, extract(sites));
    const auto result = run_annuaire({"import", "--db", db.string(), "--no-progress", file.string()});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
}

}  // namespace

TEST_CASE("geocode loads a BAN file and gives every site a precision, reported by stats") {
    TempDir dir;
    import(dir / "x.db", dir / "extract.txt", kSites);
    CHECK(geocoded(dir / "x.db")["pending"] == 5);
    const json report = run_json({"geocode", "--db", (dir / "x.db").string(), "--ban",
                                  ban_fixture("adresses-75-slice.csv.gz"), "--json"});
    CHECK(report["ban"]["rows"] == 128);
    CHECK(report["index"]["addresses"] == 128);
    CHECK(report["sites"]["geocoded"] == 5);
    const json g = geocoded(dir / "x.db");
    CHECK(g["housenumber"] == 1);
    CHECK(g["interpolated"] == 1);
    CHECK(g["street"] == 1);
    CHECK(g["municipality"] == 1);
    CHECK(g["none"] == 1);
    CHECK(g["manual"] == 0);
    CHECK(g["pending"] == 0);
    const auto sites = positions(dir / "x.db");
    CHECK_FALSE(sites.at("R1NONE").lat.has_value());
    CHECK_FALSE(sites.at("R1NONE").reason.empty());
    CHECK(sites.at("R1HOUSE").lat.value() == doctest::Approx(48.855652).epsilon(1e-9));
    // The index survives: a second run needs no --ban and has nothing to do.
    const json again = run_json({"geocode", "--db", (dir / "x.db").string(), "--json"});
    CHECK(again["index"]["addresses"] == 128);
    CHECK(again["sites"]["geocoded"] == 0);
}

TEST_CASE("a bad BAN file is rejected with its line numbers and the index stays unchanged") {
    TempDir dir;
    const std::string db = (dir / "x.db").string();
    run_json({"geocode", "--db", db, "--ban", ban_fixture("adresses-75-slice.csv"), "--json"});
    const std::map<std::string, std::string> bad = {
        {"wrong-header.csv", "line 1: not a BAN address header"},
        {"bad-coordinates.csv", "line 5: position lon -0.127800, lat 51.507400 is outside France"},
        {"duplicate-ids.csv", "line 6: duplicate id"},
        {"truncated.csv.gz", "truncated or corrupt gzip"},
    };
    for (const auto& [file, message] : bad) {
        CAPTURE(file);
        const auto result = run_annuaire({"geocode", "--db", db, "--ban", ban_fixture(file)});
        CHECK(result.exit_code == 1);
        CHECK(result.err.find(message) != std::string::npos);
        const json report = run_json({"geocode", "--db", db, "--json"});
        CHECK(report["index"]["addresses"] == 128);
    }
}

TEST_CASE("after an import, only new or changed addresses are geocoded") {
    TempDir dir;
    const auto db = dir / "x.db";
    import(db, dir / "v1.txt", kSites);
    run_json({"geocode", "--db", db.string(), "--ban", ban_fixture("adresses-75-slice.csv"), "--json"});
    auto v2 = kSites;
    v2[0].number = "5";  // moved down the street
    v2.push_back({"R1NEW", "1", "", "R", "OMER TALON", "75011", "75111", "PARIS"});
    write_file(dir / "v2.txt", extract(v2));
    const json report = run_json({"import", "--db", db.string(), "--json", "--no-progress", (dir / "v2.txt").string()});
    REQUIRE(report.contains("geocoding"));
    CHECK(report["geocoding"]["sites"]["geocoded"] == 2);
    CHECK(report["geocoding"]["sites"]["housenumber"] == 2);
    const auto sites = positions(db);
    CHECK(sites.at("R1HOUSE").lat.value() == doctest::Approx(48.855702).epsilon(1e-9));  // 5 Rue Gobert
    CHECK(sites.at("R1NEW").precision == "housenumber");
}

TEST_CASE("a pinned position survives re-imports and re-geocoding until the address changes") {
    TempDir dir;
    const auto db = dir / "x.db";
    import(db, dir / "v1.txt", kSites);
    run_json({"geocode", "--db", db.string(), "--ban", ban_fixture("adresses-75-slice.csv"), "--json"});
    const std::string id = std::to_string(positions(db).at("R1HOUSE").id);
    const json pinned = run_json({"pin", "--db", db.string(), "--site", id, "--lat", "48.8561", "--lon", "2.3830",
                                  "--by", "admin@cpts", "--json"});
    CHECK(pinned["precision"] == "manual");
    CHECK(geocoded(db)["manual"] == 1);

    // Same extract again, then a full re-geocoding with a reloaded index: the pin holds.
    import(db, dir / "v1-again.txt", kSites);
    run_json({"geocode", "--db", db.string(), "--ban", ban_fixture("adresses-75-slice.csv"), "--all", "--json"});
    auto site = positions(db).at("R1HOUSE");
    CHECK(site.precision == "manual");
    CHECK(site.lat.value() == doctest::Approx(48.8561));
    CHECK(site.lon.value() == doctest::Approx(2.3830));
    CHECK(geocoded(db)["manual"] == 1);

    // The RPPS address changes: the pin no longer applies and the geocoder places the site.
    auto v2 = kSites;
    v2[0].number = "5";
    import(db, dir / "v2.txt", v2);
    site = positions(db).at("R1HOUSE");
    CHECK(site.precision == "housenumber");
    CHECK(site.lat.value() == doctest::Approx(48.855702).epsilon(1e-9));
    CHECK(geocoded(db)["manual"] == 0);
}

TEST_CASE("pin --clear hands the site back to the geocoder") {
    TempDir dir;
    const auto db = dir / "x.db";
    import(db, dir / "v1.txt", kSites);
    run_json({"geocode", "--db", db.string(), "--ban", ban_fixture("adresses-75-slice.csv"), "--json"});
    const std::string id = std::to_string(positions(db).at("R1HOUSE").id);
    run_json({"pin", "--db", db.string(), "--site", id, "--lat", "48.8561", "--lon", "2.3830", "--json"});
    const json cleared = run_json({"pin", "--db", db.string(), "--site", id, "--clear", "--json"});
    CHECK(cleared["precision"] == "housenumber");
    CHECK(geocoded(db)["manual"] == 0);
}

TEST_CASE("pin rejects coordinates outside France, bad numbers and unknown sites") {
    TempDir dir;
    const auto db = dir / "x.db";
    import(db, dir / "v1.txt", kSites);
    const auto outside = run_annuaire({"pin", "--db", db.string(), "--site", "1", "--lat", "2.38", "--lon", "48.85"});
    CHECK(outside.exit_code == 2);
    CHECK(outside.err.find("outside France") != std::string::npos);
    const auto not_number = run_annuaire({"pin", "--db", db.string(), "--site", "1", "--lat", "abc", "--lon", "2.3"});
    CHECK(not_number.exit_code == 2);
    CHECK(not_number.err.find("--lat 'abc' is not a number") != std::string::npos);
    const auto unknown = run_annuaire({"pin", "--db", db.string(), "--site", "999", "--lat", "48.85", "--lon", "2.38"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("no site with id 999") != std::string::npos);
}

TEST_CASE("geocode without an address index says how to build one") {
    TempDir dir;
    const auto db = dir / "x.db";
    import(db, dir / "v1.txt", kSites);
    const auto result = run_annuaire({"geocode", "--db", db.string()});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("no address index") != std::string::npos);
    CHECK(geocoded(db)["pending"] == 5);
}

namespace {

// Sites at real Paris addresses written the ways of issue 8, for the arrondissements slice.
const std::vector<Site> kIssue8Sites = {
    {"R8EXACT", "3", "", "R", "DE LA PAIX", "75002", "75102", "PARIS"},
    {"R8NOISE", "3", "", "R", "DE LA PAIX (1ER ETAGE DROITE)", "75002", "", "PARIS"},
    {"R8NEXT", "5", "", "BD", "DE MENILMONTANT", "75020", "", ""},  // the 11th's side of the boulevard
    {"R8NOTYPE", "4", "", "", "REUILLY", "75012", "75112", "PARIS"},  // only Boulevard de Reuilly has a 4
    {"R8AMBIG", "14", "", "", "REUILLY", "75012", "75112", "PARIS"},  // Rue and Boulevard de Reuilly have a 14
    {"R8CEDEX", "3", "", "R", "DE LA PAIX", "75299", "", "PARIS CEDEX 02"},  // a CEDEX code the table lacks
};

}  // namespace

TEST_CASE("stats count where each placement's commune came from, how its street matched and how far to trust it; the low ones are listed for review") {
    TempDir dir;
    const auto db = dir / "x.db";
    import(db, dir / "extract.txt", kIssue8Sites);
    const json report = run_json({"geocode", "--db", db.string(), "--ban",
                                  ban_fixture("adresses-75-arrondissements-slice.csv"), "--json"});
    CHECK(report["basis"]["confidence"]["low"] == 1);
    const json stats = run_json({"stats", "--db", db.string(), "--json"})["geocoding"];
    CHECK(stats["commune_from"]["code"] == 3);
    CHECK(stats["commune_from"]["postcode"] == 1);
    CHECK(stats["commune_from"]["label"] == 1);
    CHECK(stats["commune_from"]["neighbour"] == 1);
    CHECK(stats["street_match"]["exact"] == 4);
    CHECK(stats["street_match"]["name"] == 1);
    CHECK(stats["street_match"]["ambiguous"] == 1);
    CHECK(stats["confidence"]["high"] == 3);
    CHECK(stats["confidence"]["medium"] == 2);
    CHECK(stats["confidence"]["low"] == 1);

    const auto sites = positions(db);
    const auto& next_door = sites.at("R8NEXT");
    CHECK(next_door.insee == "75111");
    CHECK(next_door.named_insee == "75120");
    CHECK(next_door.commune_source == "neighbour");
    CHECK(next_door.reason.find("postcode 75020 names Paris 20e Arrondissement, but") == 0);
    CHECK(sites.at("R8CEDEX").insee == "75102");
    CHECK(sites.at("R8CEDEX").commune_source == "label");
    CHECK(sites.at("R8NOISE").lat.value() == doctest::Approx(sites.at("R8EXACT").lat.value()));

    annuaire::store::Database database(db.string(), annuaire::store::OpenMode::read_only);
    annuaire::store::AddressStore store(database);
    const auto review = store.sites_to_review(10);
    REQUIRE(review.size() == 1);
    CHECK(review.front().site_key == "R8AMBIG");
    CHECK(review.front().precision == "street");
    CHECK(review.front().street_match == "ambiguous");
    CHECK(review.front().reason.find("ambiguous: ") == 0);
    CHECK(review.front().address == "14 REUILLY, 75012 PARIS");
}

TEST_CASE("a pinned site leaves the review list and counts as placed by hand") {
    TempDir dir;
    const auto db = dir / "x.db";
    import(db, dir / "extract.txt", kIssue8Sites);
    run_json({"geocode", "--db", db.string(), "--ban", ban_fixture("adresses-75-arrondissements-slice.csv"), "--json"});
    const std::string id = std::to_string(positions(db).at("R8AMBIG").id);
    run_json({"pin", "--db", db.string(), "--site", id, "--lat", "48.8390", "--lon", "2.3910", "--json"});
    const json stats = run_json({"stats", "--db", db.string(), "--json"})["geocoding"];
    CHECK(stats["confidence"]["low"] == 0);
    CHECK(stats["commune_from"]["manual"] == 1);
    annuaire::store::Database database(db.string(), annuaire::store::OpenMode::read_only);
    annuaire::store::AddressStore store(database);
    CHECK(store.sites_to_review(10).empty());
}

TEST_CASE("the commune of every real RPPS fixture row in France is resolved, from its code, postcode, town or CEDEX code") {
    TempDir dir;
    const auto db = dir / "x.db";
    for (const char* file : {"PS_LibreAcces_Personne_activite_sample_2022.txt", "PS_LibreAcces_Personne_activite_extra_rows_2021.txt",
                             "PS_LibreAcces_Personne_activite_56cols_partial_rows_2026.txt"}) {
        const auto result = run_annuaire({"import", "--db", db.string(), "--no-progress",
                                          source_dir() + "/data/fixtures/rpps/" + file});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    }
    annuaire::store::Database database(db.string(), annuaire::store::OpenMode::read_only);
    auto sites = database.prepare("SELECT coalesce(cedex_office, ''), coalesce(resolved_insee, '') FROM site");
    std::map<std::string, std::string> resolved;
    while (sites.step()) resolved[sites.column_text(0)] = sites.column_text(1);
    // Rows without a commune code, which only the national tables resolve.
    CHECK(resolved.at("75015 PARIS") == "75115");
    CHECK(resolved.at("25300 DOUBS") == "25204");  // a postcode of several communes: the town named
    CHECK(resolved.at("01390 MIONNAY") == "01248");
    CHECK(resolved.at("02600 VILLERS-COTTERETS") == "02810");
    CHECK(resolved.at("62950 NOYELLES GODAULT") == "62624");
    CHECK(resolved.at("GL 5O 2QJ CHELTENHAM").empty());  // abroad
    std::size_t french = 0, found = 0;
    for (const auto& [office, insee] : resolved) {
        if (office.starts_with("GL ")) continue;
        ++french;
        if (!insee.empty()) ++found;
    }
    CHECK(french == found);
}

TEST_CASE("a database of schema version 2 gains the columns that say why a site is where it is") {
    TempDir dir;
    const auto db = dir / "x.db";
    import(db, dir / "extract.txt", kSites);
    {
        annuaire::store::Database database(db.string(), annuaire::store::OpenMode::read_write);
        database.execute(
            "ALTER TABLE site_geocode DROP COLUMN commune_source; ALTER TABLE site_geocode DROP COLUMN street_match;"
            "ALTER TABLE site_geocode DROP COLUMN confidence; ALTER TABLE site_geocode DROP COLUMN named_insee;"
            "PRAGMA user_version = 2;");
        annuaire::testing::drop_owner_editing(database);   // version 4
    }
    const auto refused = run_annuaire({"stats", "--db", db.string()});
    CHECK(refused.exit_code != 0);
    CHECK(refused.err.find("has schema version 2, older than this program") != std::string::npos);
    run_json({"geocode", "--db", db.string(), "--ban", ban_fixture("adresses-75-slice.csv"), "--json"});
    const json stats = run_json({"stats", "--db", db.string(), "--json"});
    CHECK(stats["geocoding"]["confidence"]["high"] == 2);  // a house number and a short interpolation
    CHECK(positions(db).at("R1HOUSE").commune_source == "code");
}
