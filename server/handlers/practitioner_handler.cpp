// GET /api/v1/practitioners/{id} — the whole fiche with the provenance of each value.
#include "handlers/handlers.hpp"

namespace annuaire::handlers {

http::Response practitioner(SearchService& service, const http::Request& request) {
    if (!request.params.empty()) {
        throw search::QueryError("unknown_parameter", "parameter '" + request.params.begin()->first.substr(0, 40) +
                                                          "' is not known here");
    }
    const auto& id = request.path_params.at("id");
    bool plausible = !id.empty() && id.size() <= 20;
    for (char c : id) plausible = plausible && ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'));
    if (!plausible) throw search::QueryError("invalid_parameter", "parameter 'id': expected an RPPS or ADELI identifier");
    return http::json_response(service.fiche(id));
}

}  // namespace annuaire::handlers
