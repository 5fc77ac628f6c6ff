// GET /api/v1/suggest?q= — autocomplete over names, professions, specialties and communes.
#include "handlers/handlers.hpp"

#include "search/query_parser.hpp"
#include "text/normalize.hpp"

namespace annuaire::handlers {

http::Response suggest(SearchService& service, const http::Request& request) {
    std::string q;
    for (const auto& [name, value] : request.params) {
        if (name != "q") throw search::QueryError("unknown_parameter", "parameter '" + name.substr(0, 40) + "' is not known here");
        q = value;
    }
    if (q.size() > search::Limits::max_q_bytes) {
        throw search::QueryError("invalid_parameter", "parameter 'q': longer than " + std::to_string(search::Limits::max_q_bytes) + " bytes");
    }
    if (!text::is_valid_utf8(q)) throw search::QueryError("invalid_parameter", "parameter 'q': not valid UTF-8");
    search::check_searchable(q);
    return http::json_response(service.suggest(q, 10));
}

}  // namespace annuaire::handlers
