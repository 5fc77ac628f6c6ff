// A server over the m2A sample, built the real way: annuaire import + geocode +
// declare, then `annuaire serve --port 0` in its own temporary directory.
#pragma once

#include "http_client.hpp"
#include "process.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>

namespace annuaire::testing {

// Without addresses, the BAN file is never loaded: no address index, sites not located.
inline void build_sample_database(const std::filesystem::path& db, bool with_declarations = true,
                                  bool with_addresses = true) {
    const auto src = std::filesystem::path(source_dir());
    auto imported = run_annuaire({"import", "--db", db.string(), "--no-progress", "--territory",
                              (src / "data/territories/m2a.json").string(),
                              (src / "data/sample/PS_LibreAcces_Personne_activite_m2a_sample.txt").string()});
    REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);
    if (with_addresses) {
        auto geocoded = run_annuaire({"geocode", "--db", db.string(), "--ban", (src / "data/sample/adresses-68-m2a-generated.csv.gz").string()});
        REQUIRE_MESSAGE(geocoded.exit_code == 0, geocoded.err);
    }
    if (with_declarations) {
        auto declared = run_annuaire({"declare", "--db", db.string(), (src / "data/sample/declarations-m2a-generated.json").string()});
        REQUIRE_MESSAGE(declared.exit_code == 0, declared.err);
    }
}

// What the server as nobody is given (servers_run_as_nobody()): the database, its -wal
// and -shm files, all read-only, in a directory nobody may not write to. Returns the copy.
inline std::filesystem::path read_only_copy(const std::filesystem::path& db, const std::filesystem::path& directory) {
    namespace fs = std::filesystem;
    fs::create_directories(directory);
    const auto copy = directory / db.filename();
    for (const std::string suffix : {"", "-wal", "-shm"}) {
        fs::copy_file(db.string() + suffix, copy.string() + suffix);
        fs::permissions(copy.string() + suffix, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    }
    fs::permissions(directory, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                   fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    return copy;
}

// `annuaire serve` on its own database. As nobody, db() is the read-only copy it serves:
// what the tests write there as root (imports, declarations) the server must still see.
class SearchServer {
public:
    explicit SearchServer(std::vector<std::string> extra_args = {}, bool build = true, bool with_addresses = true) {
        db_ = dir_ / "annuaire.db";
        if (build) build_sample_database(db_, true, with_addresses);
        if (servers_run_as_nobody()) db_ = read_only_copy(db_, dir_ / "read-only");
        start(std::move(extra_args));
    }
    // Serves `db` as it is: no copy, even as nobody.
    struct Existing {
        std::filesystem::path db;
    };
    explicit SearchServer(Existing existing) {
        db_ = std::move(existing.db);
        start({});
    }
    SearchServer(const SearchServer&) = delete;
    SearchServer& operator=(const SearchServer&) = delete;

    void start(std::vector<std::string> extra_args) {
        std::vector<std::string> args = {"serve", "--db", db_.string(), "--port", "0"};
        // These tests check answers, not the per-address rate limits (tests/e2e/http_edge_test.cpp does).
        if (std::find(extra_args.begin(), extra_args.end(), "--rate-limit") == extra_args.end()) {
            args.insert(args.end(), {"--rate-limit", "0"});
        }
        args.insert(args.end(), extra_args.begin(), extra_args.end());
        const auto out = dir_ / "serve.out";
        if (servers_run_as_nobody()) {
            auto [program, full] = as_nobody(annuaire_path_for_nobody(), args);
            process_ = std::make_unique<BackgroundProcess>(program, full, out);
        } else {
            process_ = std::make_unique<BackgroundProcess>(annuaire_path(), args, out);
        }
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < deadline) {
            const auto text = std::filesystem::exists(out) ? read_file(out) : std::string();
            const auto at = text.find("listening on http://127.0.0.1:");
            if (at != std::string::npos && text.find('\n', at) != std::string::npos) {
                port_ = std::stoi(text.substr(at + 30));
                REQUIRE_MESSAGE(wait_until_ready(port_, std::chrono::seconds(30)), "annuaire serve never got ready: " << log());
                if (servers_run_as_nobody()) {
                    const auto status = read_file("/proc/" + std::to_string(process_->pid()) + "/status");
                    const auto uid = "Uid:\t" + std::to_string(kNobody) + "\t";
                    REQUIRE_MESSAGE(status.find(uid) != std::string::npos, "the server does not run as nobody: " << status);
                }
                return;
            }
            REQUIRE_MESSAGE(process_->running(), "annuaire serve exited: " << text);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        FAIL("annuaire serve did not start");
    }

    int port() const { return port_; }
    // What the server wrote to stderr so far.
    std::string log() const { return read_file(dir_ / "serve.out.err"); }
    const std::filesystem::path& db() const { return db_; }
    const TempDir& dir() const { return dir_; }

    HttpResponse raw(const std::string& target, const std::map<std::string, std::string>& headers = {}) const {
        return http_get(port_, target, headers);
    }
    // GET that must answer 200 with JSON.
    nlohmann::json get(const std::string& target) const {
        const auto response = raw(target);
        INFO(target);
        INFO(response.body.substr(0, 400));
        REQUIRE(response.status == 200);
        return nlohmann::json::parse(response.body);
    }

private:
    TempDir dir_;
    std::filesystem::path db_;
    std::unique_ptr<BackgroundProcess> process_;
    int port_ = 0;
};

}  // namespace annuaire::testing
