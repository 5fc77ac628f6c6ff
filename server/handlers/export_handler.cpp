// GET /api/v1/export?format=csv|geojson|gpkg (+ filters) — the matches as a file, streamed:
// the query is checked and the rows chosen here, then the HTTP layer sends the head and lets
// the export write its rows as the client reads them.
#include "handlers/handlers.hpp"

#include "search/export.hpp"
#include "search/query_parser.hpp"

#include <memory>

namespace annuaire::handlers {

http::Response export_file(SearchService& service, const http::Request& request) {
    auto prepared = std::make_shared<search::PreparedExport>(service.prepare_export(search::parse_export_query(request.params)));
    http::Response response;
    response.content_type = prepared->plan().content_type;
    response.cacheable = false;
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + prepared->plan().file_name + "\"");
    response.headers.emplace_back("X-Export-Rows", std::to_string(prepared->plan().rows));
    response.stream = [prepared](search::ByteSink& sink) { prepared->write(sink); };
    return response;
}

}  // namespace annuaire::handlers
