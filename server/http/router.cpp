#include "http/router.hpp"

#include <algorithm>

namespace annuaire::http {

namespace {

// Matches pattern against path; a ":name" segment takes one non-empty segment.
bool matches(const std::string& pattern, const std::string& path, std::map<std::string, std::string>& params) {
    std::size_t p = 0, q = 0;
    while (p < pattern.size() && q < path.size()) {
        if (pattern[p] == ':') {
            const auto name_end = pattern.find('/', p);
            const auto value_end = path.find('/', q);
            const auto name = pattern.substr(p + 1, name_end == std::string::npos ? std::string::npos : name_end - p - 1);
            const auto value = path.substr(q, value_end == std::string::npos ? std::string::npos : value_end - q);
            if (value.empty()) return false;
            params[name] = value;
            p = name_end == std::string::npos ? pattern.size() : name_end;
            q = value_end == std::string::npos ? path.size() : value_end;
            continue;
        }
        if (pattern[p] != path[q]) return false;
        ++p;
        ++q;
    }
    return p == pattern.size() && q == path.size();
}

}  // namespace

void Router::add(Route route) { routes_.push_back(std::move(route)); }

std::optional<RouteMatch> Router::match(const std::string& method, const std::string& path) const {
    std::optional<RouteMatch> found;
    for (const auto& route : routes_) {
        std::map<std::string, std::string> params;
        if (!matches(route.pattern, path, params)) continue;
        if (!found) found.emplace();
        found->allowed.push_back(route.method);
        if (route.method == "GET") found->allowed.push_back("HEAD");
        const bool same = route.method == method || (method == "HEAD" && route.method == "GET");
        if (same && !found->route) {
            found->route = &route;
            found->path_params = std::move(params);
        }
    }
    if (found) {
        found->allowed.push_back("OPTIONS");
        std::sort(found->allowed.begin(), found->allowed.end());
        found->allowed.erase(std::unique(found->allowed.begin(), found->allowed.end()), found->allowed.end());
    }
    return found;
}

}  // namespace annuaire::http
