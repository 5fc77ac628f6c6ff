// End-to-end tests of exports at their limits, with SearchService in process over a real
// database: a client that goes away mid-export, no writable temporary directory, more rows
// than an export may hold.
#include "search_server.hpp"

#include "search/export.hpp"
#include "search/search_service.hpp"

#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <filesystem>
#include <optional>

using nlohmann::json;

namespace {

// A service over one database, every other setting at its default.
annuaire::search::ServiceConfig config_for(const std::string& database_path) {
    annuaire::search::ServiceConfig config;
    config.database_path = database_path;
    return config;
}

// A client that goes away after `limit` bytes.
class LeavingClient final : public annuaire::search::ByteSink {
public:
    LeavingClient(std::size_t limit, std::filesystem::path watched) : limit_(limit), watched_(std::move(watched)) {}
    void write(std::string_view bytes) override {
        if (calls_++ == 0) temp_files_at_first_write_ = std::distance(std::filesystem::directory_iterator(watched_), {});
        received_ += bytes.size();
        if (received_ > limit_) throw std::runtime_error("the client has gone away");
    }
    std::size_t received() const { return received_; }
    long temp_files_at_first_write() const { return temp_files_at_first_write_; }

private:
    std::size_t limit_;
    std::filesystem::path watched_;
    std::size_t received_ = 0, calls_ = 0;
    long temp_files_at_first_write_ = -1;
};

class CountingSink final : public annuaire::search::ByteSink {
public:
    void write(std::string_view bytes) override {
        bytes_ += bytes.size();
        largest_ = std::max(largest_, bytes.size());
    }
    std::size_t bytes_ = 0, largest_ = 0;
};

// Sets TMPDIR for the life of the object.
class TmpdirSetting {
public:
    explicit TmpdirSetting(const std::filesystem::path& path) {
        if (const char* old = std::getenv("TMPDIR")) old_ = old;
        setenv("TMPDIR", path.c_str(), 1);
    }
    ~TmpdirSetting() {
        if (old_) setenv("TMPDIR", old_->c_str(), 1);
        else unsetenv("TMPDIR");
    }

private:
    std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("an export whose client goes away stops, leaves no temporary file and gives its connection back") {
    using namespace annuaire::search;
    annuaire::testing::TempDir dir;
    annuaire::testing::build_sample_database(dir / "annuaire.db");
    const auto temp = dir / "tmp";
    std::filesystem::create_directory(temp);
    TmpdirSetting tmpdir(temp);
    SearchService service(config_for((dir / "annuaire.db").string()));
    REQUIRE(service.wait_until_ready(std::chrono::seconds(60)));
    SearchQuery search;
    search.per_page = 1;
    const auto total = json::parse(service.search(search))["total"].get<std::size_t>();
    REQUIRE(total > 1000);

    for (const auto format : {ExportFormat::csv, ExportFormat::geojson, ExportFormat::gpkg}) {
        INFO("format " << static_cast<int>(format));
        ExportQuery query;
        query.format = format;
        for (int round = 0; round < 3; ++round) {   // the same connection is lent again each time
            auto prepared = service.prepare_export(query);
            CHECK(prepared.plan().rows == total);
            LeavingClient client(20000, temp);
            CHECK_THROWS_WITH(prepared.write(client), "the client has gone away");
            CHECK(client.received() < 20000 + 2 * PreparedExport::kChunkBytes);
            CHECK(std::filesystem::is_empty(temp));
            // The GeoPackage is complete before its first byte goes out, and its file already unlinked.
            CHECK(client.temp_files_at_first_write() == 0);
        }
        auto prepared = service.prepare_export(query);
        CountingSink sink;
        prepared.write(sink);
        CHECK(sink.bytes_ > 100000);
        CHECK(sink.largest_ <= PreparedExport::kChunkBytes + 16384);
        CHECK(std::filesystem::is_empty(temp));
    }
    // Nothing of the failed exports is left: the sessions lent to them answer other requests.
    CHECK(service.fiche(json::parse(service.search(search))["items"][0]["id"].get<std::string>()).contains("practices"));
}

TEST_CASE("an export of a GeoPackage without a writable temporary directory is refused before any byte, naming it") {
    using namespace annuaire::search;
    annuaire::testing::TempDir dir;
    annuaire::testing::build_sample_database(dir / "annuaire.db", false, false);
    TmpdirSetting tmpdir(dir / "missing");
    SearchService service(config_for((dir / "annuaire.db").string()));
    REQUIRE(service.wait_until_ready(std::chrono::seconds(60)));
    ExportQuery query;
    query.format = ExportFormat::gpkg;
    auto prepared = service.prepare_export(query);
    CountingSink sink;
    CHECK_THROWS_WITH(prepared.write(sink), doctest::Contains(doctest::String((dir / "missing").c_str())));
    CHECK(sink.bytes_ == 0);
}

TEST_CASE("an export of more rows than the limit is refused before anything is written, naming the count and the limit") {
    using namespace annuaire::search;
    annuaire::testing::TempDir dir;
    const auto src = std::filesystem::path(annuaire::testing::source_dir());
    const auto extract = dir / "national.txt";
    // About 0.79 public practices a line: over the limit of 200,000.
    const auto generated = annuaire::testing::run(
        (std::filesystem::path(annuaire::testing::annuaire_path()).parent_path() / "annuaire-generate").string(),
        {"national", "--lines", "270000", "--seed", "5", "--reference", (src / "data/reference").string(),
         "--out-extract", extract.string(), "--no-check"});
    REQUIRE_MESSAGE(generated.exit_code == 0, generated.err);
    const auto db = dir / "national.db";
    const auto imported = annuaire::testing::run_annuaire({"import", "--db", db.string(), "--no-progress", extract.string()});
    REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);

    SearchService service(config_for(db.string()));
    REQUIRE(service.wait_until_ready(std::chrono::seconds(60)));
    SearchQuery search;
    search.per_page = 1;
    const auto total = json::parse(service.search(search))["total"].get<std::size_t>();
    REQUIRE(total > Limits::max_export_rows);
    ExportQuery all;
    try {
        service.prepare_export(all);
        FAIL("an export of every practice was prepared");
    } catch (const QueryError& error) {
        CHECK(error.code() == "too_many_results");
        CHECK(std::string(error.what()).find(std::to_string(total)) != std::string::npos);
        CHECK(std::string(error.what()).find(std::to_string(Limits::max_export_rows)) != std::string::npos);
    }
    // Under the limit, the same database exports.
    ExportQuery doctors;
    doctors.filters.professions = {"10"};
    search.filters.professions = {"10"};
    const auto doctors_total = json::parse(service.search(search))["total"].get<std::size_t>();
    REQUIRE(doctors_total > 0);
    auto prepared = service.prepare_export(doctors);
    CHECK(prepared.plan().rows == doctors_total);
    CountingSink sink;
    prepared.write(sink);
    CHECK(sink.bytes_ > doctors_total * 100);
}
