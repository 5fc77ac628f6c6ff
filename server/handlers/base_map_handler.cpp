// GET /api/v1/base-map — the commune contours of the offline base map (GeoJSON): the
// territory outline, the communes and their names, with no tile server at all.
#include "handlers/handlers.hpp"

#include "search/query_parser.hpp"

namespace annuaire::handlers {

http::Response base_map(SearchService& service, const http::Request& request) {
    search::refuse_parameters(request.params);
    auto response = http::json_text_response(service.base_map());
    if (response.body.empty()) throw search::NotFound("this server has no commune contours (serve --contours FILE)");
    response.content_type = "application/geo+json";
    return response;
}

}  // namespace annuaire::handlers
