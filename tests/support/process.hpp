// Helpers for end-to-end tests: run the built annuaire binary as a user would,
// capture its output, and give each test its own temporary directory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace annuaire::testing {

struct CommandResult {
    int exit_code = -1;   // -signal when killed by a signal
    std::string out;
    std::string err;
};

// Runs program with args, waits for it, captures stdout and stderr.
CommandResult run(const std::string& program, const std::vector<std::string>& args);

// Runs the built annuaire binary (its path is compiled in).
CommandResult run_annuaire(const std::vector<std::string>& args);
std::string annuaire_path();
std::string source_dir();

// A process running in the background; killed (SIGKILL) and reaped on destruction.
class BackgroundProcess {
public:
    BackgroundProcess(const std::string& program, const std::vector<std::string>& args,
                      const std::filesystem::path& stdout_file);
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;
    int pid() const { return pid_; }
    void kill_now(int signal);
    // Waits for the exit; returns the exit code or -signal.
    int wait();
    bool running();

private:
    int pid_ = -1;
    bool reaped_ = false;
    int status_ = 0;
};

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& content);

}  // namespace annuaire::testing
