#include "store/database.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <unistd.h>

using annuaire::store::Database;
using annuaire::store::OpenMode;
using annuaire::store::Statement;

namespace {

struct TempDatabase {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("annuaire-cache-test-" + std::to_string(::getpid()) + ".db");
    TempDatabase() {
        remove();
        Database db(path.string(), OpenMode::read_write);
        db.execute("PRAGMA journal_mode=WAL; CREATE TABLE t(n INTEGER); INSERT INTO t VALUES (1), (2), (3);");
    }
    ~TempDatabase() { remove(); }
    void remove() const {
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    }
};

constexpr const char* kAbove = "SELECT n FROM t WHERE n > ?1 ORDER BY n";

}  // namespace

TEST_CASE("a cached statement comes back unbound and from its first row, whatever its last user left") {
    TempDatabase file;
    Database db(file.path.string(), OpenMode::read_write);
    {
        auto st = db.cached(kAbove);
        st.bind(1, 1);
        REQUIRE(st.step());
        CHECK(st.column_int(0) == 2);   // left in the middle of its rows
    }
    auto again = db.cached(kAbove);
    // Unbound: NULL compares false, no row; bound, it starts over.
    CHECK_FALSE(again.step());
    again.reset();
    again.bind(1, 0);
    REQUIRE(again.step());
    CHECK(again.column_int(0) == 1);
}

TEST_CASE("two holders of the same cached text at once get statements of their own") {
    TempDatabase file;
    Database db(file.path.string(), OpenMode::read_write);
    auto first = db.cached(kAbove);
    auto second = db.cached(kAbove);
    first.bind(1, 2);
    second.bind(1, 0);
    REQUIRE(first.step());
    REQUIRE(second.step());
    CHECK(first.column_int(0) == 3);
    CHECK(second.column_int(0) == 1);
}

TEST_CASE("a cached statement given back ends its read: the next one sees what another connection wrote") {
    TempDatabase file;
    Database reader(file.path.string(), OpenMode::read_only);
    {
        auto st = reader.cached("SELECT count(*) FROM t");
        REQUIRE(st.step());
        CHECK(st.column_int(0) == 3);
    }
    {
        Database writer(file.path.string(), OpenMode::read_write);
        writer.execute("INSERT INTO t VALUES (4)");
        // Were the reader's snapshot still open, a truncating checkpoint could not complete.
        auto checkpoint = writer.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
        REQUIRE(checkpoint.step());
        CHECK(checkpoint.column_int(0) == 0);   // not busy
    }
    auto st = reader.cached("SELECT count(*) FROM t");
    REQUIRE(st.step());
    CHECK(st.column_int(0) == 4);
}

TEST_CASE("a cached statement may outlive its connection") {
    TempDatabase file;
    std::optional<Statement> kept;
    {
        Database db(file.path.string(), OpenMode::read_write);
        kept.emplace(db.cached(kAbove));
        kept->bind(1, 0);
        REQUIRE(kept->step());
    }
    kept.reset();   // finalized on its way back to a closed cache: no leak, no crash
    CHECK_FALSE(kept.has_value());
}
