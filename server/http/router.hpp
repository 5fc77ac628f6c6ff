// The table of routes: which method on which path calls which handler, with the kind of
// rate limit and the pool it runs on. Paths are literal or end with one ":name" segment.
#pragma once

#include "http/http_types.hpp"
#include "http/rate_limiter.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace annuaire::http {

using Handler = std::function<Response(const Request&)>;

// requests: searches and reads; exports: streamed files; writes: every request that changes
// the database, one at a time (SQLite has one writer), so that a write waiting for a lock
// never holds a thread searches need.
enum class Pool { requests, exports, writes };

struct Route {
    std::string method;     // GET also answers HEAD
    std::string pattern;    // "/api/v1/practitioners/:id"
    Handler handler;
    RateClass rate = RateClass::api;
    Pool pool = Pool::requests;
    // Uploads: the body is written to a file as it arrives (Request::body_file), up to the
    // engine's upload limit; `admit` sees the request's head before one byte of the body is
    // kept, and refuses it by throwing (as a handler would).
    bool upload = false;
    std::function<void(const Request&)> admit{};
};

struct RouteMatch {
    const Route* route = nullptr;                    // null: the path is known, not with this method
    std::map<std::string, std::string> path_params;  // raw (still percent-encoded) values
    std::vector<std::string> allowed;                // methods the path answers, for Allow
};

class Router {
public:
    void add(Route route);
    // nullopt when no route has this path.
    std::optional<RouteMatch> match(const std::string& method, const std::string& path) const;

private:
    std::vector<Route> routes_;
};

}  // namespace annuaire::http
