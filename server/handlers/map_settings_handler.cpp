// GET /api/v1/map-settings — what the map page starts from: territories, the box of the
// located practices, the default exercise modes, the tile server and its attribution.
#include "handlers/handlers.hpp"

#include "search/query_parser.hpp"

namespace annuaire::handlers {

http::Response map_settings(SearchService& service, const http::Request& request, const MapPageSettings& settings) {
    search::refuse_parameters(request.params);
    auto body = service.page_settings();
    if (settings.tiles_url.empty()) {
        body["tiles"] = nullptr;
    } else {
        body["tiles"] = {{"url", settings.tiles_url},
                         {"attribution", settings.tiles_attribution},
                         {"max_zoom", settings.tiles_max_zoom}};
    }
    return http::json_response(body);
}

}  // namespace annuaire::handlers
