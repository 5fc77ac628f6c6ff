// GET /api/v1/export?format=csv|geojson|gpkg (+ filters) — a file written with GDAL.
#include "handlers/handlers.hpp"

#include "search/query_parser.hpp"

namespace annuaire::handlers {

http::Response export_file(SearchService& service, const http::Request& request) {
    const auto query = search::parse_export_query(request.params);
    auto file = service.export_matches(query);
    http::Response response;
    response.content_type = file.content_type;
    response.body = std::move(file.bytes);
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file.file_name + "\"");
    return response;
}

}  // namespace annuaire::handlers
