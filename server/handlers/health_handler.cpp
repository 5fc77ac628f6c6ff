// GET /api/v1/health
#include "handlers/handlers.hpp"

namespace annuaire::handlers {

http::Response health(SearchService& service, const http::Request&) {
    auto health = service.health();
    const bool starting = health["status"] == "starting";
    auto response = http::json_response(std::move(health), starting ? 503 : 200);
    response.cacheable = false;
    if (starting) response.headers.emplace_back("Retry-After", "1");
    return response;
}

}  // namespace annuaire::handlers
