// The m2A sample, imported as a CPTS admin would: the figures the README promises.
#include "../support/process.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace annuaire::testing;
using nlohmann::json;

namespace {

const std::string kSample = source_dir() + "/data/sample/PS_LibreAcces_Personne_activite_m2a_sample.txt";
const std::string kTerritory = source_dir() + "/data/territories/m2a.json";

json stats(const std::filesystem::path& db) {
    const auto result = run_annuaire({"stats", "--db", db.string(), "--json"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    return json::parse(result.out);
}

}  // namespace

TEST_CASE("the m2A sample gives at least 1,500 practitioners, and a second import changes no count") {
    TempDir dir;
    const auto db = (dir / "m2a.db").string();
    const auto first = run_annuaire({"import", "--db", db, "--territory", kTerritory, "--json", kSample});
    REQUIRE_MESSAGE(first.exit_code == 0, first.err);
    const json report = json::parse(first.out);
    CHECK(report["lines"]["rejected"] == 0);
    CHECK(report["lines"]["outside_territory"].get<int>() > 0);
    const json before = stats(dir / "m2a.db");
    CHECK(before["practitioners"].get<int>() >= 1500);
    CHECK(before["sites"].get<int>() > 500);

    const auto second = run_annuaire({"import", "--db", db, "--territory", kTerritory, "--json", kSample});
    REQUIRE_MESSAGE(second.exit_code == 0, second.err);
    const json again = json::parse(second.out);
    CHECK(again["practitioners"]["added"] == 0);
    CHECK(again["practitioners"]["updated"] == 0);
    CHECK(again["practitioners"]["archived"] == 0);
    const json after = stats(dir / "m2a.db");
    for (const char* key : {"practitioners", "activities", "sites", "practices", "archived"}) {
        CAPTURE(key);
        CHECK(after[key] == before[key]);
    }

    // An extract without "Nom d'exercice" is refused, naming it, and nothing moves.
    std::string content = read_file(kSample);
    const std::string column = "Nom d'exercice|";
    content.erase(content.find(column), column.size());
    write_file(dir / "broken.txt", content);
    const auto broken = run_annuaire({"import", "--db", db, "--territory", kTerritory, (dir / "broken.txt").string()});
    CHECK(broken.exit_code != 0);
    CHECK(broken.err.find("Nom d'exercice") != std::string::npos);
    const json unchanged = stats(dir / "m2a.db");
    CHECK(unchanged["practitioners"] == before["practitioners"]);
    CHECK(unchanged["imports"].size() == 2);
}
