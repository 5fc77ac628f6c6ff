// End-to-end tests of `annuaire import` and `annuaire stats`: they run the
// built binary on real and malformed extracts, as an admin would.
#include "../support/older_schema.hpp"
#include "../support/process.hpp"
#include "search_server.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

using namespace annuaire::testing;
using nlohmann::json;

namespace {

std::string fixture(const std::string& name) { return source_dir() + "/tests/fixtures/rpps/" + name; }
std::string data_file(const std::string& name) { return source_dir() + "/data/" + name; }

json stats(const std::filesystem::path& db) {
    const auto result = run_annuaire({"stats", "--db", db.string(), "--json"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    return json::parse(result.out);
}

json import_json(const std::filesystem::path& db, const std::string& extract,
                 std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"import", "--db", db.string(), "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(extract);
    const auto result = run_annuaire(args);
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    return json::parse(result.out);
}

// The counts that must not move when an import is refused.
json counts(const json& s) {
    return {s["practitioners"], s["archived"], s["activities"], s["sites"], s["practices"], s["imports"].size()};
}

// The last names the search API finds for q over a database, through a server started on it.
std::set<std::string> last_names_found(const std::filesystem::path& db, const std::string& q) {
    annuaire::testing::SearchServer server(annuaire::testing::SearchServer::Existing{db});
    const auto answer =
        server.get("/api/v1/practitioners?per_page=100&facets=false&q=" + annuaire::testing::url_encode(q));
    REQUIRE(answer["total"].get<int>() <= 100);
    std::set<std::string> names;
    for (const auto& item : answer["items"]) names.insert(item["last_name"].get<std::string>());
    return names;
}

}  // namespace

TEST_CASE("imports the real 52-column rows and counts practitioners with and without a site") {
    TempDir dir;
    const auto report = import_json(dir / "x.db", data_file("fixtures/rpps/PS_LibreAcces_Personne_activite_sample_2022.txt"));
    CHECK(report["header_columns"] == 52);
    CHECK(report["lines"]["read"] == 22);
    CHECK(report["practitioners"]["added"] == 22);
    const json s = stats(dir / "x.db");
    CHECK(s["practitioners"] == 22);
    CHECK(s["practitioners_without_site"] == 9);
    CHECK(s["sites"] == 13);
    CHECK(s["imports"].size() == 1);
    CHECK(s["imports"][0]["sha256"].get<std::string>().size() == 64);
}

TEST_CASE("keeps leading zeros of ADELI identifiers") {
    TempDir dir;
    import_json(dir / "x.db", data_file("fixtures/rpps/PS_LibreAcces_Personne_activite_sample_2022.txt"));
    annuaire::store::Database db((dir / "x.db").string(), annuaire::store::OpenMode::read_only);
    auto row = db.prepare("SELECT id, national_id FROM practitioner WHERE last_name = 'JOLY'");
    REQUIRE(row.step());
    CHECK(row.column_text(0) == "010001949");
    CHECK(row.column_text(1) == "0010001949");
}

TEST_CASE("imports the partial 56-column 2026 rows, whose identifier type is empty") {
    TempDir dir;
    const auto report = import_json(dir / "x.db", data_file("fixtures/rpps/PS_LibreAcces_Personne_activite_56cols_partial_rows_2026.txt"));
    CHECK(report["header_columns"] == 56);
    CHECK(report["practitioners"]["added"] == 2);
}

TEST_CASE("importing the same file twice changes nothing") {
    TempDir dir;
    import_json(dir / "x.db", fixture("valid-56.txt"));
    const json before = stats(dir / "x.db");
    const auto second = import_json(dir / "x.db", fixture("valid-56.txt"));
    CHECK(second["practitioners"]["added"] == 0);
    CHECK(second["practitioners"]["updated"] == 0);
    CHECK(second["practitioners"]["archived"] == 0);
    CHECK(second["practitioners"]["unchanged"] == 5);
    CHECK(second["sites"]["unchanged"] == 5);
    CHECK(second["activities"]["unchanged"] == 6);
    const json after = stats(dir / "x.db");
    CHECK(counts(after)[0] == counts(before)[0]);
    CHECK(after["activities"] == before["activities"]);
    CHECK(after["sites"] == before["sites"]);
    CHECK(after["imports"].size() == 2);
}

TEST_CASE("reads the extract inside the ANS zip without unpacking it") {
    TempDir dir;
    const auto report = import_json(dir / "x.db", fixture("PS_LibreAcces_202611010000.zip"));
    CHECK(report["file"].get<std::string>().find("PS_LibreAcces_Personne_activite_202611010000.txt") != std::string::npos);
    CHECK(report["practitioners"]["added"] == 5);
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) <= 3);  // db, -wal, -shm only
}

TEST_CASE("a territory keeps only its communes, resolving postcodes when the commune code is empty") {
    TempDir dir;
    const auto report = import_json(dir / "x.db", fixture("valid-56.txt"),
                                    {"--territory", data_file("territories/m2a.json")});
    CHECK(report["lines"]["outside_territory"] == 2);  // Pontarlier, and the practitioner without a site
    CHECK(report["territory"] == "m2a");
    annuaire::store::Database db((dir / "x.db").string(), annuaire::store::OpenMode::read_only);
    auto row = db.prepare("SELECT resolved_insee FROM site WHERE postcode = '68390'");
    REQUIRE(row.step());
    CHECK(row.column_text(0) == "68300");  // Sausheim, found from the Bureau cedex town
}

TEST_CASE("once imported, the search API finds the kine of Mulhouse with 'kine mulhouse', and both GPs") {
    TempDir dir;
    import_json(dir / "x.db", fixture("valid-56.txt"));
    CHECK(last_names_found(dir / "x.db", "kine mulhouse") == std::set<std::string>{"MULLER"});
    CHECK(last_names_found(dir / "x.db", "generaliste").size() == 2);
}

TEST_CASE("reports each bad line with its number and reason, and imports the rest") {
    TempDir dir;
    const auto report = import_json(dir / "x.db", fixture("bad-lines-56.txt"));
    CHECK(report["lines"]["rejected"] == 3);
    CHECK(report["lines"]["duplicates"] == 1);
    CHECK(report["lines"]["converted_from_windows_1252"] == 1);
    CHECK(report["rejected_lines"][0]["line"] == 3);
    CHECK(report["rejected_lines"][0]["reason"].get<std::string>().find("too few fields") != std::string::npos);
    CHECK(report["rejected_lines"][1]["reason"].get<std::string>().find("too many fields") != std::string::npos);
    CHECK(report["rejected_lines"][2]["reason"].get<std::string>().find("'1234'") != std::string::npos);
    CHECK(report["duplicate_lines"][0] == json({{"line", 11}, {"duplicate_of", 2}}));
    CHECK(stats(dir / "x.db")["practitioners"] == 6);
    // The Windows-1252 line arrives as UTF-8.
    annuaire::store::Database db((dir / "x.db").string(), annuaire::store::OpenMode::read_only);
    auto row = db.prepare("SELECT first_name FROM practitioner WHERE last_name = 'LEFÈVRE'");
    REQUIRE(row.step());
    CHECK(row.column_text(0) == "Hélène");
}

TEST_CASE("refuses, without touching the database, an extract that lacks a required column") {
    TempDir dir;
    import_json(dir / "x.db", fixture("valid-56.txt"));
    const json before = stats(dir / "x.db");
    const auto result = run_annuaire({"import", "--db", (dir / "x.db").string(), fixture("missing-column.txt")});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("'Nom d'exercice'") != std::string::npos);
    CHECK(counts(stats(dir / "x.db")) == counts(before));
}

TEST_CASE("refuses empty, header-only, wrong-separator and truncated-zip extracts with a clear message") {
    TempDir dir;
    import_json(dir / "x.db", fixture("valid-56.txt"));
    const json before = stats(dir / "x.db");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"empty.txt", "is empty"},
        {"header-only.txt", "no data line"},
        {"wrong-separator.txt", "uses ';'"},
        {"PS_LibreAcces_truncated.zip", "truncated or corrupt"},
        {"does-not-exist.txt", "does not exist"},
    };
    for (const auto& [file, message] : cases) {
        CAPTURE(file);
        const auto result = run_annuaire({"import", "--db", (dir / "x.db").string(), fixture(file)});
        CHECK(result.exit_code == 1);
        CHECK(result.err.find(message) != std::string::npos);
    }
    CHECK(counts(stats(dir / "x.db")) == counts(before));
}

TEST_CASE("aborts and keeps the previous data when too many lines are rejected") {
    TempDir dir;
    import_json(dir / "x.db", fixture("valid-56.txt"));
    const json before = stats(dir / "x.db");
    // 20 good lines then 20 lines of garbage: 50 % rejected.
    std::string content;
    std::ifstream in(fixture("valid-56.txt"));
    std::string line;
    std::getline(in, line);
    content += line + "\n";
    std::vector<std::string> rows;
    while (std::getline(in, line)) rows.push_back(line);
    for (int i = 0; i < 20; ++i) content += rows[i % rows.size()] + "\n";
    for (int i = 0; i < 20; ++i) content += "garbage|line|\n";
    write_file(dir / "half-bad.txt", content);
    const auto result = run_annuaire({"import", "--db", (dir / "x.db").string(), (dir / "half-bad.txt").string()});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("above the 1 % threshold") != std::string::npos);
    CHECK(counts(stats(dir / "x.db")) == counts(before));
}

TEST_CASE("a practitioner who leaves the extract is archived with their declared data, and restored when back") {
    TempDir dir;
    const auto db_path = (dir / "x.db").string();
    import_json(dir / "x.db", fixture("valid-56.txt"));
    {
        annuaire::store::Database db(db_path, annuaire::store::OpenMode::read_write);
        db.execute(
            "INSERT INTO declared_practice(practitioner_id, site_id, phone, carte_vitale, declared_at) "
            "SELECT '10000000012', id, '0389000000', 1, '2026-11-01T10:00:00Z' FROM site "
            "WHERE site_key = 'R10000000000012'");
    }
    // The same extract without SCHMITT.
    std::ifstream in(fixture("valid-56.txt"));
    std::string content, line;
    while (std::getline(in, line)) {
        if (line.find("|10000000012|") == std::string::npos) content += line + "\n";
    }
    write_file(dir / "without.txt", content);
    const auto second = import_json(dir / "x.db", (dir / "without.txt").string());
    CHECK(second["practitioners"]["archived"] == 1);
    CHECK(second["practitioners"]["unchanged"] == 4);
    json s = stats(dir / "x.db");
    CHECK(s["practitioners"] == 4);
    CHECK(s["archived"] == 1);
    {
        annuaire::store::Database db(db_path, annuaire::store::OpenMode::read_only);
        auto hidden = db.prepare(
            "SELECT count(*) FROM practice WHERE practitioner_id = '10000000012' AND archived_import_id IS NULL");
        hidden.step();
        CHECK(hidden.column_int(0) == 0);
        auto kept = db.prepare("SELECT phone FROM declared_practice WHERE practitioner_id = '10000000012'");
        REQUIRE(kept.step());
        CHECK(kept.column_text(0) == "0389000000");
    }
    const auto third = import_json(dir / "x.db", fixture("valid-56.txt"));
    CHECK(third["practitioners"]["restored"] == 1);
    s = stats(dir / "x.db");
    CHECK(s["practitioners"] == 5);
    CHECK(s["archived"] == 0);
}

TEST_CASE("a changed address updates the site, not the practitioner") {
    TempDir dir;
    import_json(dir / "x.db", fixture("valid-56.txt"));
    std::string content = read_file(fixture("valid-56.txt"));
    const std::string from = "|DU SAUVAGE|", to = "|DU SAUVAGE PROLONGEE|";
    content.replace(content.find(from), from.size(), to);
    write_file(dir / "moved.txt", content);
    const auto report = import_json(dir / "x.db", (dir / "moved.txt").string());
    CHECK(report["sites"]["updated"] == 1);
    CHECK(report["practitioners"]["updated"] == 0);
    CHECK(report["practitioners"]["unchanged"] == 5);
}

TEST_CASE("killing an import with SIGKILL at any moment leaves the previous data intact and usable") {
    TempDir dir;
    const auto db_path = (dir / "x.db").string();
    import_json(dir / "x.db", fixture("valid-56.txt"));
    const json before = stats(dir / "x.db");

    // A large extract: the valid rows repeated under fresh identifiers.
    std::ifstream in(fixture("valid-56.txt"));
    std::string header, line;
    std::getline(in, header);
    std::vector<std::string> rows;
    while (std::getline(in, line)) {
        if (line.rfind("8|", 0) == 0) rows.push_back(line);  // rows with 11-digit RPPS identifiers
    }
    REQUIRE(rows.size() >= 3);
    {
        std::ofstream big(dir / "big.txt");
        big << header << "\n";
        for (int i = 0; i < 200000; ++i) {
            std::string row = rows[i % rows.size()];
            const auto start = row.find('|') + 1;
            char id[12];
            std::snprintf(id, sizeof id, "10%09d", 100 + i);
            row.replace(start, 11, id);
            big << row << "\n";
        }
    }
    // The kills land at fractions of a whole import's time on this machine, measured first on a
    // copy: fixed delays fall after the commit on a fast machine and prove nothing there.
    const auto copy = dir / "copy.db";
    import_json(copy, fixture("valid-56.txt"));
    const auto began = std::chrono::steady_clock::now();
    import_json(copy, (dir / "big.txt").string(), {"--allow-mass-archive"});
    const auto whole_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began).count();
    const json complete = stats(copy);
    int killed_before_commit = 0;
    for (const double share : {0.02, 0.25, 0.5, 0.75}) {
        const auto delay_ms = static_cast<int>(share * static_cast<double>(whole_ms));
        CAPTURE(whole_ms);
        CAPTURE(delay_ms);
        BackgroundProcess import(annuaire_path(),
                                 {"import", "--db", db_path, "--allow-mass-archive", (dir / "big.txt").string()},
                                 dir / "import.out");
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        const bool was_running = import.running();
        import.kill_now(SIGKILL);
        const int code = import.wait();
        if (was_running) CHECK(code == -SIGKILL);
        const json after = stats(dir / "x.db");
        // All or nothing: the previous data, or (killed after its commit, while it reported) the
        // whole import; never a part of it.
        if (code == -SIGKILL) CHECK((counts(after) == counts(before) || counts(after) == counts(complete)));
        if (code == -SIGKILL && counts(after) == counts(before)) ++killed_before_commit;
        annuaire::store::Database db(db_path, annuaire::store::OpenMode::read_only);
        auto check = db.prepare("PRAGMA integrity_check");
        REQUIRE(check.step());
        CHECK(check.column_text(0) == "ok");
    }
    CHECK(killed_before_commit >= 2);   // the test proves something only if kills hit the import
    // The database still takes an import.
    const bool untouched = counts(stats(dir / "x.db")) == counts(before);
    const auto again = import_json(dir / "x.db", fixture("valid-56.txt"), {"--allow-mass-archive"});
    CHECK(again["practitioners"][untouched ? "unchanged" : "restored"] == 5);
}

TEST_CASE("every subcommand answers --help, and a usage error exits with 2") {
    for (const std::string command : {"import", "stats"}) {
        CAPTURE(command);
        const auto help = run_annuaire({command, "--help"});
        CHECK(help.exit_code == 0);
        CHECK(help.out.find("Usage: annuaire " + command) != std::string::npos);
    }
    CHECK(run_annuaire({"import", "--bogus"}).exit_code == 2);
    CHECK(run_annuaire({"import", "x.txt"}).exit_code == 2);  // no --db
    CHECK(run_annuaire({"frobnicate"}).exit_code == 2);
}

namespace {

// practitioner id, site key, profession -> the name and specialties search shows for that
// public practice.
std::map<std::string, std::string> public_practices(const std::filesystem::path& db_path) {
    annuaire::store::Database db(db_path.string(), annuaire::store::OpenMode::read_only);
    auto rows = db.prepare(
        "SELECT p.practitioner_id || '/' || s.site_key || '/' || p.profession_code, "
        "coalesce(pr.first_name, '') || ' ' || pr.last_name || '|' || coalesce((SELECT group_concat(code, ' ') "
        "FROM (SELECT code FROM practitioner_specialty WHERE practitioner_id = p.practitioner_id ORDER BY code)), '') "
        "FROM practice p JOIN site s ON s.id = p.site_id JOIN practitioner pr ON pr.id = p.practitioner_id "
        "WHERE p.archived_import_id IS NULL");
    std::map<std::string, std::string> practices;
    while (rows.step()) practices[rows.column_text(0)] = rows.column_text(1);
    return practices;
}

}  // namespace

TEST_CASE("a first import makes every practice a re-import makes, even when a practitioner's lines are apart") {
    TempDir dir;
    // The m2A sample with the last line of every practitioner who has several moved to the end.
    std::istringstream sample(read_file(data_file("sample/PS_LibreAcces_Personne_activite_m2a_sample.txt")));
    std::string header, line;
    std::getline(sample, header);
    std::vector<std::string> lines;
    while (std::getline(sample, line)) lines.push_back(line);
    const auto id_of = [](const std::string& l) {
        const auto start = l.find('|') + 1;
        return l.substr(start, l.find('|', start) - start);
    };
    std::string kept, moved;
    int moved_lines = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const bool last_of_several = i > 0 && id_of(lines[i]) == id_of(lines[i - 1]) &&
                                     (i + 1 == lines.size() || id_of(lines[i + 1]) != id_of(lines[i]));
        (last_of_several ? moved : kept) += lines[i] + "\n";
        moved_lines += last_of_several;
    }
    REQUIRE(moved_lines > 50);
    write_file(dir / "scattered.txt", header + "\n" + kept + moved);

    // A: first import into a new database. B: the same extract as a re-import over other data.
    import_json(dir / "a.db", (dir / "scattered.txt").string());
    import_json(dir / "b.db", fixture("valid-56.txt"));
    import_json(dir / "b.db", (dir / "scattered.txt").string(), {"--allow-mass-archive"});

    const auto first = public_practices(dir / "a.db");
    const auto again = public_practices(dir / "b.db");
    CHECK(first.size() > 1500);
    CHECK(first == again);
}

namespace {

// The m2A sample's lines split into fields, to change some before writing them back.
struct SampleExtract {
    std::string header;
    std::vector<std::vector<std::string>> lines;
    std::map<std::string, std::size_t> column;

    SampleExtract() {
        std::istringstream in(read_file(data_file("sample/PS_LibreAcces_Personne_activite_m2a_sample.txt")));
        std::getline(in, header);
        const auto split = [](const std::string& line) {
            std::vector<std::string> fields;
            std::size_t start = 0;
            for (std::size_t bar; (bar = line.find('|', start)) != std::string::npos; start = bar + 1) {
                fields.push_back(line.substr(start, bar - start));
            }
            return fields;
        };
        const auto names = split(header);
        for (std::size_t i = 0; i < names.size(); ++i) column[names[i]] = i;
        std::string line;
        while (std::getline(in, line)) lines.push_back(split(line));
    }
    std::string& field(std::size_t line, const std::string& name) { return lines[line].at(column.at(name)); }
    void write(const std::filesystem::path& path) const {
        std::string text = header + "\n";
        for (const auto& fields : lines) {
            for (const auto& f : fields) text += f + "|";
            text += "\n";
        }
        write_file(path, text);
    }
};

}  // namespace

TEST_CASE("after a re-import the search API finds what changed (names, street, specialties) and no longer the old text") {
    TempDir dir;
    SampleExtract extract;
    REQUIRE(extract.lines.size() > 1500);
    import_json(dir / "x.db", data_file("sample/PS_LibreAcces_Personne_activite_m2a_sample.txt"));
    CHECK(last_names_found(dir / "x.db", "quasimodo").empty());

    // Renamed practitioners, a renamed street (every line of a structure), changed and new
    // specialties, and practitioners who left.
    std::set<std::string> renamed_ids, removed_ids;
    std::string renamed_structure;
    for (std::size_t i = 0; i < extract.lines.size(); ++i) {
        const std::string id = extract.field(i, "Identifiant PP");
        if (i % 97 == 5) renamed_ids.insert(id);
        if (i % 89 == 11 && !renamed_ids.count(id)) removed_ids.insert(id);
        const std::string& structure = extract.field(i, "Identifiant technique de la structure");
        if (renamed_structure.empty() && i > 200 && !structure.empty()) renamed_structure = structure;
    }
    int specialties_changed = 0;
    std::vector<std::vector<std::string>> kept;
    for (std::size_t i = 0; i < extract.lines.size(); ++i) {
        const std::string id = extract.field(i, "Identifiant PP");
        if (removed_ids.count(id)) continue;
        if (renamed_ids.count(id)) extract.field(i, "Nom d'exercice") = "QUASIMODO";
        if (extract.field(i, "Identifiant technique de la structure") == renamed_structure) {
            extract.field(i, "Libellé Voie (coord. structure)") = "DES GLYCINES ODORANTES";
        }
        if (i % 61 == 7) {
            extract.field(i, "Code type savoir-faire") = "S";
            extract.field(i, "Libellé type savoir-faire") = "Spécialité ordinale";
            extract.field(i, "Code savoir-faire") = "SM99";
            extract.field(i, "Libellé savoir-faire") = "Xénobiologie appliquée";
            ++specialties_changed;
        }
        kept.push_back(extract.lines[i]);
    }
    REQUIRE(renamed_ids.size() >= 10);
    REQUIRE(removed_ids.size() >= 10);
    REQUIRE_FALSE(renamed_structure.empty());
    REQUIRE(specialties_changed >= 10);
    extract.lines = kept;
    extract.write(dir / "changed.txt");

    const auto changed = import_json(dir / "x.db", (dir / "changed.txt").string());
    CHECK(changed["practitioners"]["updated"].get<int>() >= 10);
    CHECK(changed["practitioners"]["archived"].get<int>() >= 10);
    CHECK(changed["sites"]["updated"].get<int>() >= 1);
    CHECK(last_names_found(dir / "x.db", "quasimodo") == std::set<std::string>{"QUASIMODO"});
    CHECK(last_names_found(dir / "x.db", "glycines odorantes").size() >= 1);
    // A savoir-faire the reference tables do not know is found by its code and the extract's label.
    CHECK(last_names_found(dir / "x.db", "sm99").size() >= 1);
    CHECK(last_names_found(dir / "x.db", "xenobiologie appliquee") == last_names_found(dir / "x.db", "sm99"));

    // Back to the original: names, street and specialties as they were; the others restored.
    const auto restored = import_json(dir / "x.db", data_file("sample/PS_LibreAcces_Personne_activite_m2a_sample.txt"));
    CHECK(restored["practitioners"]["restored"].get<int>() >= 10);
    CHECK(last_names_found(dir / "x.db", "quasimodo").empty());
    CHECK(last_names_found(dir / "x.db", "glycines").empty());
    CHECK(last_names_found(dir / "x.db", "sm99").empty());
    CHECK(last_names_found(dir / "x.db", "xenobiologie").empty());
}

TEST_CASE("an import upgrades a version 1 database, whose FTS5 index kept a copy of its text: both dropped") {
    TempDir dir;
    const auto db_path = dir / "x.db";
    import_json(db_path, fixture("valid-56.txt"));
    {
        // Version 1 as it was: an FTS5 table with its own copy of the text, two more indexes.
        annuaire::store::Database db(db_path.string(), annuaire::store::OpenMode::read_write);
        annuaire::testing::add_full_text_index_of_version_4(db);
        db.execute(
            "CREATE TABLE old_text AS SELECT * FROM practice_text;"
            "DROP TABLE practice_fts; DROP VIEW practice_text;"
            "CREATE VIRTUAL TABLE practice_fts USING fts5(name, profession, specialties, site, commune, "
            "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', detail = column);"
            "INSERT INTO practice_fts(rowid, name, profession, specialties, site, commune) SELECT * FROM old_text;"
            "DROP TABLE old_text;"
            "CREATE INDEX site_resolved_insee ON site(resolved_insee);"
            "PRAGMA user_version = 1;");
        // Nor had it the tables of owner editing (version 4).
        annuaire::testing::drop_owner_editing(db);
    }
    std::string content = read_file(fixture("valid-56.txt"));
    const std::string from = "|DU SAUVAGE|", to = "|DES TILLEULS ARGENTES|";
    content.replace(content.find(from), from.size(), to);
    write_file(dir / "moved.txt", content);
    const auto report = import_json(db_path, (dir / "moved.txt").string());
    CHECK(report["sites"]["updated"] == 1);

    annuaire::store::Database db(db_path.string(), annuaire::store::OpenMode::read_write);
    auto version = db.prepare("PRAGMA user_version");
    REQUIRE(version.step());
    CHECK(version.column_int(0) == annuaire::store::kSchemaVersion);
    version.reset();
    auto left = db.prepare(
        "SELECT count(*) FROM sqlite_master WHERE name = 'site_resolved_insee' OR name GLOB 'practice_fts*' "
        "OR name = 'practice_text'");
    REQUIRE(left.step());
    CHECK(left.column_int(0) == 0);
    left.reset();
    CHECK(last_names_found(db_path, "tilleuls").size() == 1);
    CHECK(last_names_found(db_path, "sauvage").empty());
}

TEST_CASE("an import upgrades a version 4 database: its FTS5 index, which nothing read, is dropped, the data kept") {
    TempDir dir;
    const auto db_path = dir / "x.db";
    import_json(db_path, fixture("valid-56.txt"));
    const json before = stats(db_path);
    {
        annuaire::store::Database db(db_path.string(), annuaire::store::OpenMode::read_write);
        annuaire::testing::add_full_text_index_of_version_4(db);
        db.execute("PRAGMA user_version = 4");
        auto indexed = db.prepare("SELECT count(*) FROM practice_fts WHERE practice_fts MATCH 'mulhouse'");
        REQUIRE(indexed.step());
        REQUIRE(indexed.column_int(0) > 0);  // the old index is really there
    }
    const auto report = import_json(db_path, fixture("valid-56.txt"));
    CHECK(report["practitioners"]["unchanged"] == 5);

    annuaire::store::Database db(db_path.string(), annuaire::store::OpenMode::read_only);
    auto version = db.prepare("PRAGMA user_version");
    REQUIRE(version.step());
    CHECK(version.column_int(0) == annuaire::store::kSchemaVersion);
    auto left = db.prepare(
        "SELECT count(*) FROM sqlite_master WHERE name GLOB 'practice_fts*' OR name = 'practice_text'");
    REQUIRE(left.step());
    CHECK(left.column_int(0) == 0);
    const json after = stats(db_path);
    CHECK(counts(after)[0] == counts(before)[0]);
    CHECK(after["practices"] == before["practices"]);
    CHECK(last_names_found(db_path, "kine mulhouse") == std::set<std::string>{"MULLER"});
}
