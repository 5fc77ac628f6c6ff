// GET /api/v1/health
#include "handlers/handlers.hpp"

namespace annuaire::handlers {

http::Response health(SearchService& service, const http::Request&) {
    auto response = http::json_response(service.health());
    response.cacheable = false;
    return response;
}

}  // namespace annuaire::handlers
