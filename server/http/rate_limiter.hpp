// Token buckets per client address: each kind of request has its own rate and burst, so that
// one address can neither flood the search nor monopolise the expensive exports. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace annuaire::http {

// login: logins; account: claims, password resets and link uses (each mails someone or
// spends a token); both per address, on top of the account lock-out.
enum class RateClass { api = 0, geocode = 1, export_file = 2, login = 3, account = 4, none = 5 };
inline constexpr int kRateClasses = 5;

struct RateRule {
    double per_second = 0;   // tokens added per second; 0 turns the limit off
    double burst = 0;        // bucket size: requests allowed at once after a quiet time
};

struct RateLimits {
    RateRule api{30, 120};
    RateRule geocode{5, 20};
    RateRule export_file{0.05, 3};   // 3 at once, then one every 20 s
    RateRule login{10.0 / 60, 10};   // 10 at once, then one every 6 s
    RateRule account{5.0 / 3600, 5}; // 5 at once, then 5 an hour
    std::size_t max_tracked_addresses = 100000;
};

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;
    explicit RateLimiter(RateLimits limits);

    // Takes a token for this address and kind. When none is left returns false and sets
    // retry_after_seconds to when the next one comes.
    bool allow(const std::string& address, RateClass kind, Clock::time_point now, int& retry_after_seconds);

    // Forgets the addresses whose buckets are all full again (nothing to remember).
    void forget_idle(Clock::time_point now);

private:
    struct Bucket {
        double tokens = -1;   // -1: not used yet (full)
        Clock::time_point updated;
    };
    struct Client {
        Bucket buckets[kRateClasses];
        Clock::time_point last_seen;
    };
    const RateRule& rule(RateClass kind) const;

    RateLimits limits_;
    std::mutex mutex_;
    std::unordered_map<std::string, Client> clients_;
};

}  // namespace annuaire::http
