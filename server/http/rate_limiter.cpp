#include "http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace annuaire::http {

RateLimiter::RateLimiter(RateLimits limits) : limits_(limits) {}

const RateRule& RateLimiter::rule(RateClass kind) const {
    switch (kind) {
    case RateClass::geocode: return limits_.geocode;
    case RateClass::export_file: return limits_.export_file;
    case RateClass::login: return limits_.login;
    case RateClass::account: return limits_.account;
    default: return limits_.api;
    }
}

bool RateLimiter::allow(const std::string& address, RateClass kind, Clock::time_point now, int& retry_after_seconds) {
    if (kind == RateClass::none) return true;
    const auto& limit = rule(kind);
    if (limit.per_second <= 0) return true;
    std::lock_guard lock(mutex_);
    auto found = clients_.find(address);
    if (found == clients_.end()) {
        // A flood of new addresses cannot grow the table without bound: past the cap, drop
        // those that have nothing to remember first.
        if (clients_.size() >= limits_.max_tracked_addresses) {
            for (auto it = clients_.begin(); it != clients_.end();) {
                it = now - it->second.last_seen > std::chrono::seconds(60) ? clients_.erase(it) : std::next(it);
            }
            if (clients_.size() >= limits_.max_tracked_addresses) clients_.erase(clients_.begin());
        }
        found = clients_.emplace(address, Client{}).first;
    }
    auto& client = found->second;
    client.last_seen = now;
    auto& bucket = client.buckets[static_cast<int>(kind)];
    if (bucket.tokens < 0) {
        bucket.tokens = limit.burst;
    } else {
        const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
        bucket.tokens = std::min(limit.burst, bucket.tokens + elapsed * limit.per_second);
    }
    bucket.updated = now;
    if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return true;
    }
    retry_after_seconds = std::max(1, static_cast<int>(std::ceil((1 - bucket.tokens) / limit.per_second)));
    return false;
}

void RateLimiter::forget_idle(Clock::time_point now) {
    std::lock_guard lock(mutex_);
    for (auto it = clients_.begin(); it != clients_.end();) {
        bool idle = true;
        for (int kind = 0; kind < kRateClasses; ++kind) {
            const auto& limit = rule(static_cast<RateClass>(kind));
            const auto& bucket = it->second.buckets[kind];
            if (bucket.tokens < 0 || limit.per_second <= 0) continue;
            const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
            if (bucket.tokens + elapsed * limit.per_second < limit.burst) idle = false;
        }
        it = idle ? clients_.erase(it) : std::next(it);
    }
}

}  // namespace annuaire::http
