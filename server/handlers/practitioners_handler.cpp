// GET /api/v1/practitioners — filtered, full-text and geographic search.
#include "handlers/handlers.hpp"

#include "search/query_parser.hpp"

namespace annuaire::handlers {

http::Response practitioners(SearchService& service, const http::Request& request) {
    const auto query = search::parse_search_query(request.params);
    return http::json_text_response(service.search(query));
}

}  // namespace annuaire::handlers
