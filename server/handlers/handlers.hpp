// One function per endpoint: parse and validate parameters into a typed query,
// call the search facade, render JSON. Exceptions go up to the HTTP layer.
#pragma once

#include "http/http_types.hpp"
#include "search/search_service.hpp"

#include <string>

namespace annuaire::handlers {

using search::SearchService;

// The base map the page draws under its markers: tiles from a server when one is set (with
// the attribution its licence asks for), always over the offline base map of commune contours.
struct MapPageSettings {
    std::string tiles_url;           // "https://tile.openstreetmap.org/{z}/{x}/{y}.png"; empty: none
    std::string tiles_attribution;   // plain text
    int tiles_max_zoom = 19;
};

http::Response health(SearchService& service, const http::Request& request);
http::Response practitioners(SearchService& service, const http::Request& request);
http::Response practitioner(SearchService& service, const http::Request& request);
http::Response clusters(SearchService& service, const http::Request& request);
http::Response suggest(SearchService& service, const http::Request& request);
http::Response geocode(SearchService& service, const http::Request& request);
http::Response export_file(SearchService& service, const http::Request& request);
http::Response openapi(SearchService& service, const http::Request& request);
http::Response map_settings(SearchService& service, const http::Request& request, const MapPageSettings& settings);
http::Response base_map(SearchService& service, const http::Request& request);

}  // namespace annuaire::handlers
