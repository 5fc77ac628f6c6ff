// Helpers for end-to-end tests: run the built annuaire binary as a user would,
// capture its output, and give each test its own temporary directory.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace annuaire::testing {

struct CommandResult {
    int exit_code = -1;   // -signal when killed by a signal
    std::string out;
    std::string err;
};

// Runs program with args, waits for it, captures stdout and stderr. With a timeout, a
// program still running then is killed (exit_code -SIGKILL).
CommandResult run(const std::string& program, const std::vector<std::string>& args,
                  std::chrono::milliseconds timeout = std::chrono::milliseconds::zero());

// Runs the built annuaire binary (its path is compiled in).
CommandResult run_annuaire(const std::vector<std::string>& args,
                           std::chrono::milliseconds timeout = std::chrono::milliseconds::zero());
std::string annuaire_path();
std::string source_dir();

// The unprivileged user the least-privilege tests run the binary as, through setpriv(1):
// that needs root. The binary is a copy nobody may execute, as the build tree may be
// closed to other users.
constexpr int kNobody = 65534;
bool running_as_root();
std::string annuaire_path_for_nobody();
// setpriv's program and arguments that run `program args` as nobody.
std::pair<std::string, std::vector<std::string>> as_nobody(const std::string& program, std::vector<std::string> args);
CommandResult run_annuaire_as_nobody(const std::vector<std::string>& args,
                                     std::chrono::milliseconds timeout = std::chrono::milliseconds::zero());

// When set (by the end-to-end tests' --as-nobody option), every server the tests start runs
// as nobody, on a copy of its database that nobody may only read, in a directory nobody
// may not write to.
void set_servers_run_as_nobody(bool on);
bool servers_run_as_nobody();

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
