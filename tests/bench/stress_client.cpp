// Clients for the stress benchmark of the HTTP edge (tests/bench/stress.sh):
//
//   annuaire-stress load --port P --pid PID [--seconds 60] [--export-clients 8] [--search-clients 8]
//                        [--export-query QUERY]
//     export clients loop on full-size exports (csv, geojson, gpkg in turn) while search clients
//     loop on searches; reports completed exports, refusals, failures (no answer, cut-short bodies),
//     search latency percentiles, and the server's RSS before, at peak and after.
//
//   annuaire-stress hold --port P --pid PID [--seconds 30] [--idle 1100] [--slowloris 500] [--sources 1]
//                        [--reconnect-per-second 500]
//     holds idle sockets and slowloris connections open from 127.0.0.2.. (reopening those the server
//     closes, at most --reconnect-per-second) while a probe, another user at 127.0.0.1, asks /api/v1/health on
//     a fresh connection every 100 ms; reports the probe's latency and failures, and the server's
//     descriptors and CPU.
#include "raw_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using annuaire::testing::RawConnection;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

struct Options {
    std::string mode;
    int port = 0;
    int pid = 0;
    int seconds = 60;
    int export_clients = 8;
    int search_clients = 8;
    std::string export_query;
    int idle = 1100;
    int slowloris = 500;
    int sources = 1;
    int reconnect_per_second = 500;
};

Options parse(int argc, char** argv) {
    Options options;
    if (argc < 2) throw std::runtime_error("usage: annuaire-stress load|hold --port P --pid PID [options] (see the source)");
    options.mode = argv[1];
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string name = argv[i], value = argv[i + 1];
        if (name == "--port") options.port = std::stoi(value);
        else if (name == "--pid") options.pid = std::stoi(value);
        else if (name == "--seconds") options.seconds = std::stoi(value);
        else if (name == "--export-clients") options.export_clients = std::stoi(value);
        else if (name == "--search-clients") options.search_clients = std::stoi(value);
        else if (name == "--export-query") options.export_query = value;
        else if (name == "--idle") options.idle = std::stoi(value);
        else if (name == "--slowloris") options.slowloris = std::stoi(value);
        else if (name == "--sources") options.sources = std::stoi(value);
        else if (name == "--reconnect-per-second") options.reconnect_per_second = std::stoi(value);
        else throw std::runtime_error("unknown option " + name);
    }
    if (options.port <= 0 || options.pid <= 0) throw std::runtime_error("--port and --pid are required");
    return options;
}

long rss_mb(int pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6)) / 1024;
    }
    return -1;
}

long descriptors(int pid) {
    std::error_code ec;
    long count = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++count;
    }
    return count;
}

// CPU seconds (user + system) the process has used.
double cpu_seconds(int pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close == std::string::npos) return 0;
    std::vector<std::string> fields;
    std::string field;
    for (std::size_t i = close + 2; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == ' ') {
            fields.push_back(field);
            field.clear();
        } else {
            field += text[i];
        }
    }
    if (fields.size() < 13) return 0;
    return (std::stod(fields[11]) + std::stod(fields[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

bool alive(int pid) { return kill(pid, 0) == 0; }

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

void raise_own_descriptor_limit() {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
}

// ---- load -----------------------------------------------------------------------------------

struct LoadTotals {
    std::mutex mutex;
    std::map<std::string, int> exports_done;      // format -> complete 200s
    std::map<std::string, double> export_bytes;
    std::map<int, int> export_statuses;
    std::map<int, int> search_statuses;
    std::vector<double> search_ms;
    int failures = 0;                             // no answer, empty reply, cut-short body
    std::vector<std::string> failure_notes;
};

void note_failure(LoadTotals& totals, const std::string& what) {
    std::lock_guard lock(totals.mutex);
    ++totals.failures;
    if (totals.failure_notes.size() < 10) totals.failure_notes.push_back(what);
}

void export_client(const Options& options, int index, Clock::time_point end, LoadTotals& totals) {
    const char* formats[] = {"csv", "geojson", "gpkg"};
    std::unique_ptr<RawConnection> connection;
    for (int round = index; Clock::now() < end; ++round) {
        const std::string format = formats[round % 3];
        const std::string target = "/api/v1/export?format=" + format + (options.export_query.empty() ? "" : "&" + options.export_query);
        try {
            if (!connection) connection = std::make_unique<RawConnection>(options.port);
            if (!connection->send("GET " + target + " HTTP/1.1\r\nHost: stress\r\nAccept-Encoding: gzip\r\n\r\n")) {
                throw std::runtime_error("send failed");
            }
            const auto response = connection->read_response(180s);
            if (!response) throw std::runtime_error("no answer to " + target);
            {
                std::lock_guard lock(totals.mutex);
                ++totals.export_statuses[response->status];
                if (response->status == 200) {
                    if (response->body.empty()) throw std::runtime_error("empty export body");
                    ++totals.exports_done[format];
                    totals.export_bytes[format] += static_cast<double>(response->body.size());
                }
            }
            if (response->header("connection") == "close") connection.reset();
            if (response->status == 503 || response->status == 429) std::this_thread::sleep_for(250ms);
        } catch (const std::exception& error) {
            note_failure(totals, std::string("export: ") + error.what());
            connection.reset();
        }
    }
}

void search_client(const Options& options, int index, Clock::time_point end, LoadTotals& totals) {
    const std::vector<std::string> targets = {
        "/api/v1/practitioners?q=martin", "/api/v1/practitioners?q=kine%20lyon",
        "/api/v1/practitioners?bbox=7.25,47.70,7.40,47.80&profession=10",
        "/api/v1/practitioners?near=48.8566,2.3522&radius_km=5&sort=distance", "/api/v1/practitioners?q=pharmacien%20paris",
        "/api/v1/clusters?bbox=-5,41,10,51.5&zoom=6", "/api/v1/clusters?bbox=7.28,47.72,7.38,47.78&zoom=14",
        "/api/v1/suggest?q=dup", "/api/v1/practitioners?q=dentiste&carte_vitale=true",
        "/api/v1/practitioners?q=infirmier%20marseille&per_page=50"};
    std::unique_ptr<RawConnection> connection;
    std::vector<double> latencies;
    std::map<int, int> statuses;
    for (std::size_t i = static_cast<std::size_t>(index); Clock::now() < end; ++i) {
        const auto& target = targets[i % targets.size()];
        try {
            if (!connection) connection = std::make_unique<RawConnection>(options.port);
            const auto start = Clock::now();
            if (!connection->send("GET " + target + " HTTP/1.1\r\nHost: stress\r\n\r\n")) throw std::runtime_error("send failed");
            const auto response = connection->read_response(30s);
            if (!response) throw std::runtime_error("no answer to " + target);
            if (response->body.empty()) throw std::runtime_error("empty body for " + target);
            latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            ++statuses[response->status];
            if (response->header("connection") == "close") connection.reset();
        } catch (const std::exception& error) {
            note_failure(totals, std::string("search: ") + error.what());
            connection.reset();
        }
    }
    std::lock_guard lock(totals.mutex);
    totals.search_ms.insert(totals.search_ms.end(), latencies.begin(), latencies.end());
    for (const auto& [status, count] : statuses) totals.search_statuses[status] += count;
}

int run_load(const Options& options) {
    const long idle_rss = rss_mb(options.pid);
    LoadTotals totals;
    const auto end = Clock::now() + std::chrono::seconds(options.seconds);
    std::vector<std::thread> clients;
    for (int i = 0; i < options.export_clients; ++i) clients.emplace_back(export_client, std::cref(options), i, end, std::ref(totals));
    for (int i = 0; i < options.search_clients; ++i) clients.emplace_back(search_client, std::cref(options), i, end, std::ref(totals));
    long peak_rss = idle_rss;
    while (Clock::now() < end) {
        peak_rss = std::max(peak_rss, rss_mb(options.pid));
        std::this_thread::sleep_for(250ms);
    }
    for (auto& client : clients) client.join();
    // Exports in flight when the clock ran out are not waited for by the server: give it a moment.
    long after_rss = rss_mb(options.pid);
    for (int i = 0; i < 20; ++i) {
        std::this_thread::sleep_for(500ms);
        after_rss = rss_mb(options.pid);
    }
    const bool server_alive = alive(options.pid);
    bool health = false;
    try {
        const auto response = annuaire::testing::raw_exchange(options.port, "GET /api/v1/health HTTP/1.1\r\nHost: s\r\n\r\n", 5s);
        health = response && response->status == 200;
    } catch (...) {
    }

    std::printf("exports: ");
    for (const auto& [format, count] : totals.exports_done) {
        std::printf("%s %d (%.0f MB each) ", format.c_str(), count, totals.export_bytes[format] / count / 1e6);
    }
    std::printf("| statuses:");
    for (const auto& [status, count] : totals.export_statuses) std::printf(" %d x%d", status, count);
    std::printf("\nsearches: %zu answers, statuses:", totals.search_ms.size());
    for (const auto& [status, count] : totals.search_statuses) std::printf(" %d x%d", status, count);
    std::printf(" | latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n", percentile(totals.search_ms, 50),
                percentile(totals.search_ms, 90), percentile(totals.search_ms, 99), percentile(totals.search_ms, 100));
    std::printf("failures (no answer, empty reply, cut-short body): %d\n", totals.failures);
    for (const auto& note : totals.failure_notes) std::printf("  %s\n", note.c_str());
    std::printf("server RSS: idle %ld MB, peak %ld MB, 10 s after %ld MB (%.2fx idle); alive %s, /health %s\n", idle_rss,
                peak_rss, after_rss, static_cast<double>(after_rss) / static_cast<double>(idle_rss),
                server_alive ? "yes" : "NO", health ? "200" : "FAILED");
    return server_alive && health && totals.failures == 0 ? 0 : 1;
}

// ---- hold -----------------------------------------------------------------------------------

int open_socket(int port, const std::string& source) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    if (!source.empty()) {
        sockaddr_in local{};
        local.sin_family = AF_INET;
        inet_pton(AF_INET, source.c_str(), &local.sin_addr);
        ::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 && errno != EINPROGRESS) {
        ::close(fd);
        return -1;
    }
    return fd;
}

int run_hold(const Options& options) {
    raise_own_descriptor_limit();
    struct Held {
        int fd = -1;
        bool slow = false;
        Clock::time_point next_byte;
        std::size_t sent = 0;
    };
    const std::string slow_request = "GET /api/v1/health HTTP/1.1\r\nHost: slow\r\n";
    std::vector<Held> held(static_cast<std::size_t>(options.idle + options.slowloris));
    // The attack comes from 127.0.0.2 onwards; the probe, another user, from 127.0.0.1.
    const auto source_of = [&](std::size_t i) {
        return "127.0.0." + std::to_string(2 + i % static_cast<std::size_t>(std::max(1, options.sources)));
    };
    std::atomic<bool> stop{false};
    std::atomic<long> reopened{0}, alive_sockets{0};
    const auto attack_start = Clock::now();
    std::thread attacker([&] {
        for (std::size_t i = 0; i < held.size(); ++i) held[i].slow = i >= static_cast<std::size_t>(options.idle);
        std::vector<pollfd> polled;
        while (!stop) {
            const auto now = Clock::now();
            long open = 0;
            // Sockets the server closed are opened again, at a bounded rate (a connection flood
            // at full speed is another attack: --reconnect-per-second 0 lifts the bound).
            const auto elapsed = std::chrono::duration<double>(now - attack_start).count();
            const double allowed = options.reconnect_per_second > 0
                                       ? static_cast<double>(held.size()) + elapsed * options.reconnect_per_second
                                       : 1e18;
            for (std::size_t i = 0; i < held.size(); ++i) {
                auto& h = held[i];
                if (h.fd < 0) {
                    if (static_cast<double>(reopened.load()) >= allowed) continue;
                    h.fd = open_socket(options.port, source_of(i));
                    h.sent = 0;
                    h.next_byte = now + 200ms;
                    if (h.fd >= 0) ++reopened;
                    continue;
                }
                ++open;
                if (h.slow && now >= h.next_byte) {
                    // A slowloris trickles its head one byte at a time, a header line never ending it.
                    const char byte = h.sent < slow_request.size() ? slow_request[h.sent] : (h.sent % 9 == 8 ? '\n' : 'x');
                    if (::send(h.fd, &byte, 1, MSG_NOSIGNAL) == 1) ++h.sent;
                    h.next_byte = now + 1s;
                }
            }
            alive_sockets = open;
            // Notice the sockets the server closed: they are opened again at the next pass.
            polled.clear();
            for (const auto& h : held) polled.push_back({h.fd, POLLIN, 0});
            ::poll(polled.data(), polled.size(), 100);
            for (std::size_t i = 0; i < held.size(); ++i) {
                if (held[i].fd >= 0 && (polled[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                    char sink[4096];
                    const auto n = ::recv(held[i].fd, sink, sizeof sink, MSG_DONTWAIT);
                    if (n <= 0 || polled[i].revents & (POLLHUP | POLLERR)) {
                        ::close(held[i].fd);
                        held[i].fd = -1;
                    }
                }
            }
        }
        for (auto& h : held) {
            if (h.fd >= 0) ::close(h.fd);
        }
    });

    std::this_thread::sleep_for(3s);   // let the attack reach its size
    const double cpu_before = cpu_seconds(options.pid);
    const auto probe_start = Clock::now();
    const auto end = probe_start + std::chrono::seconds(options.seconds);
    std::vector<double> latencies;
    int failures = 0;
    long max_fds = 0, min_alive = 1 << 30;
    while (Clock::now() < end) {
        const auto start = Clock::now();
        try {
            const auto response = annuaire::testing::raw_exchange(options.port, "GET /api/v1/health HTTP/1.1\r\nHost: probe\r\n\r\n", 2s);
            if (response && response->status == 200) {
                latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            } else {
                ++failures;
            }
        } catch (...) {
            ++failures;
        }
        max_fds = std::max(max_fds, descriptors(options.pid));
        min_alive = std::min(min_alive, alive_sockets.load());
        std::this_thread::sleep_until(start + 100ms);
    }
    const double cpu = cpu_seconds(options.pid) - cpu_before;
    const double wall = std::chrono::duration<double>(Clock::now() - probe_start).count();
    stop = true;
    attacker.join();
    std::printf("held: %d idle + %d slowloris sockets from %d address(es); open at once: at least %ld; "
                "opened %ld times (reopening at most %d/s)\n",
                options.idle, options.slowloris, options.sources, min_alive, reopened.load(), options.reconnect_per_second);
    std::printf("/health probe: %zu answers, %d failures; p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", latencies.size(), failures,
                percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 100));
    std::printf("server: at most %ld descriptors open, CPU %.0f %% of one core, alive %s\n", max_fds, 100.0 * cpu / wall,
                alive(options.pid) ? "yes" : "NO");
    return failures == 0 && alive(options.pid) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const auto options = parse(argc, argv);
        if (options.mode == "load") return run_load(options);
        if (options.mode == "hold") return run_hold(options);
        throw std::runtime_error("unknown mode " + options.mode + " (load or hold)");
    } catch (const std::exception& error) {
        std::cerr << "annuaire-stress: " << error.what() << "\n";
        return 2;
    }
}
