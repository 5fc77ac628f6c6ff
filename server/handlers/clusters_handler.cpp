// GET /api/v1/clusters?bbox=W,S,E,N&zoom=Z (+ filters) — GeoJSON clusters computed on the server.
#include "handlers/handlers.hpp"

#include "search/query_parser.hpp"

namespace annuaire::handlers {

http::Response clusters(SearchService& service, const http::Request& request) {
    const auto query = search::parse_cluster_query(request.params);
    auto response = http::json_text_response(service.clusters(query));
    response.content_type = "application/geo+json";
    return response;
}

}  // namespace annuaire::handlers
