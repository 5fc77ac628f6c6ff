// Owner edits per second while searches run, and how soon an edit shows in search
// (tests/bench/owner-edits.sh runs it against `annuaire serve` on the national database):
//
//   annuaire-owner-bench --port P --token TOKEN --practices FILE --probes FILE [--seconds 20]
//                        [--search-clients 4]
//
// TOKEN: a link's token from `annuaire user add --admin` (the bench sets the password and
// logs in: an admin may edit every fiche). FILEs: lines "practitioner_id|site_id|last_name";
// the probes' last names are borne by no one else, so that a search by name finds them.
// One editor changes the téléconsultation of practice after practice with PATCH
// /api/v1/account/fiches/{id}, as fast as the server takes them, while the search clients
// loop on searches with filters; then, with the searches still running, it measures the
// delay from sending an edit to the first search by another client that sees it.
#include "http_client.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using annuaire::testing::http_request;
using annuaire::testing::HttpResponse;
using annuaire::testing::url_encode;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

namespace {

struct Practice {
    std::string practitioner_id;
    long long site_id = 0;
    std::string last_name;
};

struct Session {
    std::string cookie, csrf;
};

std::string cookie_value(const HttpResponse& response) {
    const auto set = response.header("set-cookie");
    return set.substr(0, set.find(';'));
}

// Sets the admin's password from the link's token, as the console's page does.
Session log_in(int port, const std::string& token) {
    const auto anonymous = http_request(port, "GET", "/api/v1/session", {}, "");
    const auto csrf_cookie = cookie_value(anonymous);
    const auto csrf = json::parse(anonymous.body)["csrf_token"].get<std::string>();
    const auto set = http_request(port, "POST", "/api/v1/password",
                                  {{"Cookie", csrf_cookie}, {"X-CSRF-Token", csrf}, {"Content-Type", "application/json"}},
                                  json{{"token", token}, {"password", "le banc d'essai des propriétaires"}}.dump());
    if (set.status != 200) throw std::runtime_error("setting the password failed: " + set.body);
    return {cookie_value(set), json::parse(set.body)["csrf_token"].get<std::string>()};
}

HttpResponse edit(int port, const Session& session, const Practice& practice, bool teleconsultation) {
    const json body = {{"practices", {{{"site_id", practice.site_id}, {"teleconsultation", teleconsultation}}}}};
    return http_request(port, "PATCH", "/api/v1/account/fiches/" + practice.practitioner_id,
                        {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}, {"Content-Type", "application/json"}},
                        body.dump());
}

bool search_lists(int port, const Practice& practice, bool teleconsultation) {
    const auto answer = http_request(port, "GET",
                                     "/api/v1/practitioners?facets=false&per_page=100&q=" + url_encode(practice.last_name) +
                                         "&teleconsultation=" + (teleconsultation ? "true" : "false"),
                                     {}, "");
    if (answer.status != 200) throw std::runtime_error("search failed: " + answer.body.substr(0, 200));
    const auto body = json::parse(answer.body);   // a loop over parse(...)["items"] would outlive the parsed value
    for (const auto& item : body["items"]) {
        if (item["id"] == practice.practitioner_id) return true;
    }
    return false;
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    int port = 0, seconds = 20, search_clients = 4;
    std::string token, practices_file, probes_file;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string name = argv[i], value = argv[i + 1];
        if (name == "--port") port = std::stoi(value);
        else if (name == "--token") token = value;
        else if (name == "--practices") practices_file = value;
        else if (name == "--probes") probes_file = value;
        else if (name == "--seconds") seconds = std::stoi(value);
        else if (name == "--search-clients") search_clients = std::stoi(value);
        else {
            std::cerr << "unknown option " << name << "\n";
            return 2;
        }
    }
    const auto read_practices = [](const std::string& path) {
        std::vector<Practice> out;
        std::ifstream in(path);
        for (std::string line; std::getline(in, line);) {
            const auto a = line.find('|'), b = line.find('|', a + 1);
            if (a == std::string::npos || b == std::string::npos) continue;
            out.push_back({line.substr(0, a), std::stoll(line.substr(a + 1, b - a - 1)), line.substr(b + 1)});
        }
        return out;
    };
    const auto practices = read_practices(practices_file);
    const auto probes = read_practices(probes_file);
    if (port == 0 || token.empty() || practices.empty() || probes.empty()) {
        std::cerr << "usage: annuaire-owner-bench --port P --token TOKEN --practices FILE --probes FILE\n";
        return 2;
    }
    try {
        const auto session = log_in(port, token);

        // Searches with filters on declared fields, all along.
        std::atomic<bool> stop{false};
        std::mutex latencies_mutex;
        std::vector<double> search_ms;
        std::atomic<long> searches{0}, search_failures{0};
        const std::vector<std::string> queries = {
            "/api/v1/practitioners?q=kine&teleconsultation=true", "/api/v1/practitioners?q=medecin&carte_vitale=true",
            "/api/v1/practitioners?profession=10&teleconsultation=true&per_page=50",
            "/api/v1/practitioners?q=infirmier&open_at=2026-03-02T10:00", "/api/v1/practitioners?q=dentiste&tiers_payant=true"};
        std::vector<std::thread> clients;
        for (int c = 0; c < search_clients; ++c) {
            clients.emplace_back([&, c] {
                std::vector<double> mine;
                for (std::size_t n = static_cast<std::size_t>(c); !stop; ++n) {
                    const auto start = Clock::now();
                    try {
                        if (http_request(port, "GET", queries[n % queries.size()], {}, "").status != 200) ++search_failures;
                    } catch (const std::exception&) {
                        ++search_failures;
                    }
                    mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
                    ++searches;
                }
                std::lock_guard lock(latencies_mutex);
                search_ms.insert(search_ms.end(), mine.begin(), mine.end());
            });
        }

        // 1. Edits as fast as they are taken.
        std::vector<double> edit_ms;
        long refused = 0, not_in_search = 0;
        const auto begin = Clock::now();
        const auto end = begin + std::chrono::seconds(seconds);
        std::size_t next = 0;
        while (Clock::now() < end) {
            const auto& practice = practices[next];
            next = (next + 1) % practices.size();
            const auto start = Clock::now();
            const auto answer = edit(port, session, practice, next % 2 == 0);
            edit_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            if (answer.status != 200) {
                if (++refused <= 3) std::cerr << "edit refused: " << answer.status << " " << answer.body.substr(0, 200) << "\n";
                continue;
            }
            if (json::parse(answer.body)["in_search"] != true) ++not_in_search;
        }
        const double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
        const long searches_during_edits = searches.load();

        // 2. Delay until another client's search sees an edit.
        std::vector<double> visible_ms;
        int unseen = 0;
        for (const auto& practice : probes) {
            edit(port, session, practice, false);
            if (search_lists(port, practice, true)) continue;   // another practice of theirs has it: not a clean probe
            std::atomic<bool> seen{false};
            Clock::time_point seen_at;
            const auto sent = Clock::now();
            std::thread watcher([&] {
                while (!seen && Clock::now() - sent < std::chrono::seconds(5)) {
                    if (search_lists(port, practice, true)) {
                        seen_at = Clock::now();
                        seen = true;
                    }
                }
            });
            edit(port, session, practice, true);
            watcher.join();
            if (seen) visible_ms.push_back(std::chrono::duration<double, std::milli>(seen_at - sent).count());
            else ++unseen;
        }
        stop = true;
        for (auto& client : clients) client.join();

        std::printf("edits: %zu in %.1f s = %.0f edits/s (p50 %.1f ms, p99 %.1f ms), %ld refused, %ld answered before search had them\n",
                    edit_ms.size(), elapsed, static_cast<double>(edit_ms.size()) / elapsed, percentile(edit_ms, 0.5),
                    percentile(edit_ms, 0.99), refused, not_in_search);
        std::printf("searches meanwhile: %ld by %d clients = %.0f/s (p50 %.1f ms, p99 %.1f ms), %ld failed\n", searches_during_edits,
                    search_clients, static_cast<double>(searches_during_edits) / elapsed, percentile(search_ms, 0.5),
                    percentile(search_ms, 0.99), search_failures.load());
        std::printf("edit visible in another client's search after: p50 %.1f ms, max %.1f ms (%zu probes, %d unseen after 5 s)\n",
                    percentile(visible_ms, 0.5), visible_ms.empty() ? 0.0 : *std::max_element(visible_ms.begin(), visible_ms.end()),
                    visible_ms.size(), unseen);
    } catch (const std::exception& error) {
        std::cerr << "annuaire-owner-bench: " << error.what() << "\n";
        return 1;
    }
    return 0;
}
