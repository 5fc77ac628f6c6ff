// What the end-to-end tests of database errors share: every command of the binary, run on
// a given database, and the check that a refusal names the file and its cause, never SQL.
#pragma once

#include "process.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace annuaire::testing {

struct CliCommand {
    std::string name;
    std::vector<std::string> args;
    bool writes;  // import, geocode, declare, pin
};

// Each command as a user would run it on `db`; serve on a free port.
inline std::vector<CliCommand> every_command(const std::filesystem::path& db) {
    const auto src = std::filesystem::path(source_dir());
    const std::string path = db.string();
    return {
        {"stats", {"stats", "--db", path}, false},
        {"serve", {"serve", "--db", path, "--port", "0"}, false},
        {"import", {"import", "--db", path, "--no-progress", (src / "tests/fixtures/rpps/valid-56.txt").string()}, true},
        {"geocode", {"geocode", "--db", path}, true},
        {"declare", {"declare", "--db", path, (src / "data/sample/declarations-m2a-generated.json").string()}, true},
        {"pin", {"pin", "--db", path, "--site", "1", "--lat", "47.75", "--lon", "7.34"}, true},
    };
}

// A server that starts is killed after this long: the refusals come at once.
inline constexpr std::chrono::milliseconds kRefusalTimeout{30000};

// The command failed, and said so naming `file` and `cause` in plain words.
inline void check_refusal(const CliCommand& command, const CommandResult& result, const std::string& file,
                          const std::string& cause) {
    INFO(command.name << ": " << result.err);
    CHECK(result.exit_code > 0);
    CHECK(result.err.find("annuaire " + command.name + ": ") == 0);
    CHECK(result.err.find(file) != std::string::npos);
    CHECK(result.err.find(cause) != std::string::npos);
    for (const char* sql : {"SELECT", "PRAGMA", "INSERT", "CREATE", "UPDATE", "DELETE", " FROM ", "BEGIN", "statement"}) {
        CHECK_MESSAGE(result.err.find(sql) == std::string::npos, "SQL in the message: " << sql);
    }
}

}  // namespace annuaire::testing
