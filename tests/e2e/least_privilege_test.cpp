// Least privilege: the commands run as nobody (through setpriv, so these tests need root;
// tests/CMakeLists.txt reports them skipped otherwise). Those that only read work on a
// database nobody may only read, in a directory nobody may not write to, or on a read-only
// file system; every refusal names the file and the cause, never SQL.
#include "cli_checks.hpp"
#include "search_server.hpp"
#include "store/database.hpp"

#include <doctest/doctest.h>

#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

using namespace annuaire::testing;
namespace fs = std::filesystem;

namespace {

constexpr auto kReadOnly = fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read;
constexpr auto kReadOnlyDirectory = kReadOnly | fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec;

// The m2A sample imported and geocoded by root, as its administrator would.
fs::path sample_database(const TempDir& dir) {
    const auto db = dir / "annuaire.db";
    build_sample_database(db, false, true);
    return db;
}

std::vector<std::string> files_of(const fs::path& db) {
    return {read_file(db), read_file(db.string() + "-wal"), read_file(db.string() + "-shm")};
}

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t count = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
    return count;
}

// A bind mount of `source` at `target`, read-only; unmounted on destruction.
class ReadOnlyMount {
public:
    ReadOnlyMount(const fs::path& source, const fs::path& target) : target_(target) {
        fs::create_directory(target);
        if (::mount(source.c_str(), target.c_str(), nullptr, MS_BIND, nullptr) != 0) {
            error_ = std::strerror(errno);
            return;
        }
        mounted_ = true;
        if (::mount(nullptr, target.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0) {
            error_ = std::strerror(errno);
        }
    }
    ~ReadOnlyMount() {
        if (mounted_) ::umount2(target_.c_str(), MNT_DETACH);
    }
    ReadOnlyMount(const ReadOnlyMount&) = delete;
    ReadOnlyMount& operator=(const ReadOnlyMount&) = delete;
    // Empty when the mount is in place and read-only.
    const std::string& error() const { return error_; }

private:
    fs::path target_;
    bool mounted_ = false;
    std::string error_;
};

}  // namespace

TEST_CASE("as nobody, every command refuses a database it may not read, naming it and why") {
    TempDir dir;
    const auto db = sample_database(dir);
    fs::permissions(db, fs::perms::owner_read | fs::perms::owner_write);
    for (const auto& command : every_command(db)) {
        check_refusal(command, run_annuaire_as_nobody(command.args, kRefusalTimeout), db.string(),
                      "permission denied: the file is not readable by this user");
    }
    const auto closed = dir / "closed";
    fs::create_directory(closed);
    fs::rename(db, closed / "annuaire.db");
    fs::permissions(closed, fs::perms::owner_all);
    for (const auto& command : every_command(closed / "annuaire.db")) {
        check_refusal(command, run_annuaire_as_nobody(command.args, kRefusalTimeout), (closed / "annuaire.db").string(),
                      "permission denied: a directory on its path cannot be entered by this user");
    }
}

TEST_CASE("as nobody, a read-only database in a read-only directory is read, and the commands that write refuse it") {
    TempDir dir;
    const auto db = read_only_copy(sample_database(dir), dir / "read-only");
    const auto before = files_of(db);
    const auto stats = run_annuaire_as_nobody({"stats", "--db", db.string()});
    CHECK_MESSAGE(stats.exit_code == 0, stats.err);
    CHECK(stats.out.find("practitioners: 1535 public") != std::string::npos);
    for (const auto& command : every_command(db)) {
        if (!command.writes) continue;
        check_refusal(command, run_annuaire_as_nobody(command.args, kRefusalTimeout),
                      "cannot write to database '" + db.string() + "'", "permission denied: the file is read-only for this user");
    }
    CHECK(files_of(db) == before);
}

TEST_CASE("as nobody, a database without its -wal and -shm files in a directory it may not write is refused with what to do, which works") {
    TempDir dir;
    const auto source = sample_database(dir);
    const auto bare = dir / "bare";
    fs::create_directory(bare);
    const auto db = bare / "annuaire.db";
    fs::copy_file(source, db);
    fs::permissions(db, kReadOnly);
    fs::permissions(bare, kReadOnlyDirectory);
    for (const auto& command : every_command(db)) {
        if (command.writes) continue;
        check_refusal(command, run_annuaire_as_nobody(command.args, kRefusalTimeout), db.string(),
                      "the directory '" + bare.string() + "' is not writable by this user, and SQLite needs '" +
                          db.string() + "-wal' and '" + db.string() + "-shm' beside this WAL database: run `annuaire stats --db " +
                          db.string() + "` once as a user who can write there");
    }
    // What the message says, done by someone who may write there (root).
    const auto advised = run_annuaire({"stats", "--db", db.string()});
    REQUIRE_MESSAGE(advised.exit_code == 0, advised.err);
    const auto stats = run_annuaire_as_nobody({"stats", "--db", db.string()});
    CHECK_MESSAGE(stats.exit_code == 0, stats.err);
    CHECK(stats.out.find("practitioners: 1535 public") != std::string::npos);
}

TEST_CASE("as nobody, a writer that may write the database but not what SQLite needs beside it says which file is in the way") {
    TempDir dir;
    const auto db = sample_database(dir);
    REQUIRE(::chown(db.c_str(), kNobody, kNobody) == 0);
    const auto declare = every_command(db)[4];
    REQUIRE(declare.name == "declare");
    // The -wal and -shm left by root's import: there, but nobody may not write them.
    check_refusal(declare, run_annuaire_as_nobody(declare.args, kRefusalTimeout), "cannot write to database '" + db.string() + "'",
                  "permission denied: '" + db.string() + "-wal' is not writable by this user");
    // Without them, in a directory nobody may not write to.
    fs::remove(db.string() + "-wal");
    fs::remove(db.string() + "-shm");
    check_refusal(declare, run_annuaire_as_nobody(declare.args, kRefusalTimeout), db.string(),
                  "the directory '" + dir.path().string() + "' is not writable by this user, and SQLite needs");
}

TEST_CASE("as nobody, the commands that create a database refuse a directory nobody may not write to, and create nothing") {
    TempDir dir;
    const auto db = dir / "new.db";
    for (const auto& command : every_command(db)) {
        if (command.name != "import" && command.name != "geocode") continue;
        check_refusal(command, run_annuaire_as_nobody(command.args, kRefusalTimeout), "cannot create database '" + db.string(),
                      "the directory '" + dir.path().string() + "' is not writable by this user");
    }
    CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("as nobody, a server on a read-only copy rebuilds its index only when a commit shows") {
    SearchServer server;
    const auto version_before = server.get("/api/v1/health")["version"];
    // Until the copy's file times are old enough to be trusted, reloads are allowed.
    std::this_thread::sleep_for(std::chrono::milliseconds(3500));
    const auto settled = count_of(server.log(), "index rebuilt");
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    CHECK(count_of(server.log(), "index rebuilt") == settled);

    const auto file = server.dir() / "corrections.json";
    write_file(file, R"({"declared_at": "2025-02-01T10:00:00Z", "declared_by": "test",
                         "corrections": [{"site_id": 1, "field": "phone", "value": "03 89 00 00 09"}]})");
    const auto declared = run_annuaire({"declare", "--db", server.db().string(), file.string()});
    REQUIRE_MESSAGE(declared.exit_code == 0, declared.err);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (server.get("/api/v1/health")["version"] == version_before && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(server.get("/api/v1/health")["version"] != version_before);
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));
    CHECK(count_of(server.log(), "index rebuilt") == settled + 1);
}

TEST_CASE("on a read-only file system, the commands that only read open the database with or without its -wal and -shm files") {
    TempDir dir;
    const auto db = sample_database(dir);
    const auto source = dir / "source";
    for (const std::string name : {"bare", "with-wal-files", "wal-without-shm"}) fs::create_directories(source / name);
    fs::copy_file(db, source / "bare/annuaire.db");
    for (const std::string suffix : {"", "-wal", "-shm"}) {
        fs::copy_file(db.string() + suffix, (source / "with-wal-files/annuaire.db").string() + suffix);
    }
    {
        // A -wal holding a commit the database file lacks: a reader keeps the last writer
        // from folding it into the database when it closes.
        annuaire::store::Database reader(db.string(), annuaire::store::OpenMode::read_only);
        const auto declared = run_annuaire(every_command(db)[4].args);
        REQUIRE_MESSAGE(declared.exit_code == 0, declared.err);
    }
    REQUIRE(fs::file_size(db.string() + "-wal") > 32);
    for (const std::string suffix : {"", "-wal"}) {
        fs::copy_file(db.string() + suffix, (source / "wal-without-shm/annuaire.db").string() + suffix);
    }

    const ReadOnlyMount mount(source, dir / "mounted");
    if (!mount.error().empty()) {
        std::cout << "skipped: cannot mount a read-only file system here (" << mount.error() << ")\n";
        return;
    }
    for (const std::string name : {"bare", "with-wal-files"}) {
        const auto mounted = dir / "mounted" / name / "annuaire.db";
        INFO(name);
        for (const bool as_nobody : {false, true}) {
            const auto stats = as_nobody ? run_annuaire_as_nobody({"stats", "--db", mounted.string()})
                                         : run_annuaire({"stats", "--db", mounted.string()});
            CHECK_MESSAGE(stats.exit_code == 0, stats.err);
            CHECK(stats.out.find("practitioners: 1535 public") != std::string::npos);
        }
        for (const auto& command : every_command(mounted)) {
            if (!command.writes) continue;
            check_refusal(command, run_annuaire(command.args, kRefusalTimeout), "cannot write to database '" + mounted.string() + "'",
                          "the file system is mounted read-only");
        }
    }
    {
        SearchServer server(SearchServer::Existing{dir / "mounted/bare/annuaire.db"});
        CHECK(server.get("/api/v1/health")["counts"]["practices"] == 1838);
        CHECK(server.get("/api/v1/practitioners?q=mulhouse")["total"].get<int>() > 0);
    }
    const auto holding = dir / "mounted/wal-without-shm/annuaire.db";
    for (const auto& command : every_command(holding)) {
        if (command.writes) continue;
        check_refusal(command, run_annuaire(command.args, kRefusalTimeout), holding.string(),
                      "the file system is mounted read-only, and SQLite needs '" + holding.string() + "-shm' beside this WAL database: '" +
                          holding.string() + "-wal' holds changes the database file lacks");
    }
}
