// Time and memory of one export, in process (run by tests/bench/export.sh):
//
//   [REPEAT=N] export-bench DB FORMAT [NAME=VALUE...]
//
// Loads the search service on DB (as `annuaire serve` does), prepares the export of
// the filters (the parameters of GET /api/v1/export), writes it to a sink that only
// counts bytes, and prints the rows, bytes, seconds and memory: resident size before
// the export, its peak during the export (the peak is reset first), and after it.
// REPEAT=N runs the same export N times over (the first run reads the database from
// disk, the next ones mostly from the page cache).
#include "search/export.hpp"
#include "search/query_parser.hpp"
#include "search/search_service.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include <sys/resource.h>

namespace {

// VmRSS or VmHWM of this process, in MB.
double status_mb(const std::string& key) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(key + ":", 0) == 0) return std::stod(line.substr(key.size() + 1)) / 1024.0;
    }
    return -1;
}

class CountingSink final : public annuaire::search::ByteSink {
public:
    void write(std::string_view bytes) override {
        bytes_ += bytes.size();
        ++writes_;
    }
    std::size_t bytes_ = 0, writes_ = 0;
};

// User and system CPU seconds of this process so far (the wall clock of a busy machine
// says less about the export itself).
double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: export-bench DB csv|geojson|gpkg [NAME=VALUE...]\n";
        return 2;
    }
    using namespace annuaire::search;
    try {
        Params params{{"format", argv[2]}};
        for (int i = 3; i < argc; ++i) {
            const std::string arg = argv[i];
            const auto equals = arg.find('=');
            if (equals == std::string::npos) throw std::invalid_argument("expected NAME=VALUE, got '" + arg + "'");
            params[arg.substr(0, equals)] = arg.substr(equals + 1);
        }
        const auto query = parse_export_query(params);
        ServiceConfig config;
        config.database_path = argv[1];
        SearchService service(config);
        if (!service.wait_until_ready(std::chrono::minutes(10))) throw std::runtime_error("the index took over 10 minutes");
        const char* repeat = std::getenv("REPEAT");
        const int runs = repeat ? std::max(1, std::atoi(repeat)) : 1;
        for (int run = 0; run < runs; ++run) {
            const double rss_before = status_mb("VmRSS");
            std::ofstream("/proc/self/clear_refs") << "5";   // resets VmHWM to the current size
            const auto start = std::chrono::steady_clock::now();
            const double cpu_start = cpu_seconds();
            CountingSink sink;
            double prepare_s = 0;
            std::size_t rows = 0;
            {
                auto prepared = service.prepare_export(query);
                prepare_s = seconds_since(start);
                rows = prepared.plan().rows;
                prepared.write(sink);
            }
            const double total_s = seconds_since(start);
            const double cpu_s = cpu_seconds() - cpu_start;
            std::cout << argv[2] << ": " << rows << " rows, " << sink.bytes_ / 1e6 << " MB in " << sink.writes_
                      << " writes; " << total_s << " s (prepare " << prepare_s << " s), CPU " << cpu_s << " s; RSS " << rss_before
                      << " MB before, peak " << status_mb("VmHWM") << " MB, after " << status_mb("VmRSS") << " MB"
                      << std::endl;
        }
    } catch (const std::exception& error) {
        std::cerr << "export-bench: " << error.what() << "\n";
        return 1;
    }
}
