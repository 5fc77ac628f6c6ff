// Times as the database stores them: UTC, ISO 8601 to the second ("2025-01-15T09:00:00Z"),
// so that text order is time order.
#pragma once

#include <chrono>
#include <ctime>
#include <string>

namespace annuaire::util {

inline std::string utc_time(std::chrono::system_clock::time_point when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return buffer;
}

inline std::string utc_now() { return utc_time(std::chrono::system_clock::now()); }

// Now plus (or minus) some time.
inline std::string utc_in(std::chrono::seconds from_now) { return utc_time(std::chrono::system_clock::now() + from_now); }

// Seconds from now until an ISO time of utc_time's form (negative when past); 0 when unreadable.
inline long long seconds_until(const std::string& iso) {
    std::tm parts{};
    if (!strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &parts)) return 0;
    const auto when = std::chrono::system_clock::from_time_t(timegm(&parts));
    return std::chrono::duration_cast<std::chrono::seconds>(when - std::chrono::system_clock::now()).count();
}

}  // namespace annuaire::util
