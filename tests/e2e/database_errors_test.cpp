// Every command, given a database it cannot use, names the file and says what is wrong
// in plain words, never with SQL, and leaves the file as it was. (The refusals that
// depend on permissions run as nobody: least_privilege_test.cpp.)
#include "cli_checks.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"

#include <doctest/doctest.h>

using namespace annuaire::testing;

namespace {

void import_valid_extract(const std::filesystem::path& db) {
    const auto imported = run_annuaire({"import", "--db", db.string(), "--no-progress",
                                        source_dir() + "/tests/fixtures/rpps/valid-56.txt"});
    REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);
}

}  // namespace

TEST_CASE("every command refuses a file that is not an SQLite database, naming it, and leaves it as it was") {
    TempDir dir;
    const auto file = dir / "notes.db";
    const std::string content(4096, 'x');
    write_file(file, "These are notes, not a database.\n" + content);
    for (const auto& command : every_command(file)) {
        check_refusal(command, run_annuaire(command.args, kRefusalTimeout), file.string(), "it is not an SQLite database");
    }
    CHECK(read_file(file) == "These are notes, not a database.\n" + content);
}

TEST_CASE("every command refuses a directory given as the database, saying it is one") {
    TempDir dir;
    const auto directory = dir / "annuaire.db";
    std::filesystem::create_directory(directory);
    for (const auto& command : every_command(directory)) {
        check_refusal(command, run_annuaire(command.args, kRefusalTimeout), directory.string(),
                      "it is a directory, not a database file");
    }
    CHECK(std::filesystem::is_empty(directory));
}

TEST_CASE("the commands that need an existing database refuse a missing one, and create nothing") {
    TempDir dir;
    const auto missing = dir / "missing.db";
    for (const auto& command : every_command(missing)) {
        // import and geocode create the database they are given.
        if (command.name == "import" || command.name == "geocode") continue;
        check_refusal(command, run_annuaire(command.args, kRefusalTimeout), missing.string(), "does not exist");
    }
    CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("every command refuses a database of a newer schema version, saying to upgrade annuaire, and leaves it as it was") {
    TempDir dir;
    const auto db = dir / "annuaire.db";
    import_valid_extract(db);
    {
        annuaire::store::Database database(db.string(), annuaire::store::OpenMode::read_write);
        database.execute("PRAGMA user_version = 99");
    }
    const auto before = read_file(db);
    for (const auto& command : every_command(db)) {
        check_refusal(command, run_annuaire(command.args, kRefusalTimeout), db.string(),
                      "has schema version 99, newer than this program (" +
                          std::to_string(annuaire::store::kSchemaVersion) + "): upgrade annuaire");
    }
    CHECK(read_file(db) == before);
}

TEST_CASE("the commands that only read say what an empty, a foreign or an older database is") {
    TempDir dir;
    const auto empty = dir / "empty.db";
    write_file(empty, "");
    const auto foreign = dir / "foreign.db";
    {
        annuaire::store::Database database(foreign.string(), annuaire::store::OpenMode::read_write);
        database.execute("CREATE TABLE recipes(name TEXT)");
    }
    const auto older = dir / "older.db";
    import_valid_extract(older);
    {
        annuaire::store::Database database(older.string(), annuaire::store::OpenMode::read_write);
        database.execute("PRAGMA user_version = 1");
    }
    for (const auto& [file, cause] : std::vector<std::pair<std::filesystem::path, std::string>>{
             {empty, "is empty: import an RPPS extract into it first"},
             {foreign, "is an SQLite database, but not an annuaire one"},
             {older, "has schema version 1, older than this program (" +
                         std::to_string(annuaire::store::kSchemaVersion) + "): run `annuaire import`"}}) {
        for (const auto& command : every_command(file)) {
            if (command.writes) continue;
            check_refusal(command, run_annuaire(command.args, kRefusalTimeout), file.string(), cause);
        }
    }
    CHECK(read_file(empty).empty());
}
