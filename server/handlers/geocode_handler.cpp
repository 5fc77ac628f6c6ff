// GET /api/v1/geocode?q= — forward geocoding of an address, for "near this address".
#include "handlers/handlers.hpp"

#include "text/normalize.hpp"

namespace annuaire::handlers {

http::Response geocode(SearchService& service, const http::Request& request) {
    std::string q;
    for (const auto& [name, value] : request.params) {
        if (name != "q") throw search::QueryError("unknown_parameter", "parameter '" + name.substr(0, 40) + "' is not known here");
        q = value;
    }
    if (q.empty()) throw search::QueryError("invalid_parameter", "parameter 'q': required (an address)");
    if (q.size() > search::Limits::max_q_bytes) {
        throw search::QueryError("invalid_parameter", "parameter 'q': longer than " + std::to_string(search::Limits::max_q_bytes) + " bytes");
    }
    if (!text::is_valid_utf8(q)) throw search::QueryError("invalid_parameter", "parameter 'q': not valid UTF-8");
    if (text::words(q).empty()) throw search::QueryError("invalid_parameter", "parameter 'q': no word or number in it");
    return http::json_response(service.geocode(q, 5));
}

}  // namespace annuaire::handlers
