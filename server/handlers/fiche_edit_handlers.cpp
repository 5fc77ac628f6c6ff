// /api/v1/account/fiches/{id}: what an owner edits (GET), and their edit (PATCH): declared
// fields publish at once, in the fiche and in search before the answer returns; corrections
// of RPPS values wait for an admin.
#include "handlers/owner_handlers.hpp"

#include <chrono>

namespace annuaire::handlers {

namespace {

const std::string& practitioner_parameter(const http::Request& r) {
    const auto& id = r.path_params.at("id");
    bool plausible = id.size() == 9 || id.size() == 11;
    for (const char c : id) plausible = plausible && c >= '0' && c <= '9';
    if (!plausible) throw search::QueryError("invalid_parameter", "parameter 'id': expected an RPPS (11 digits) or ADELI (9 digits) identifier");
    return id;
}

}  // namespace

http::Response fiche_for_editing(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    return http::json_response(c.owner->fiche_for_editing(caller, practitioner_parameter(r)));
}

http::Response edit_fiche(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    auto edit = c.owner->edit_fiche(caller, practitioner_parameter(r), r.body);
    // The search index takes the edit without a rebuild; the answer says whether it shows yet
    // (it does within milliseconds unless the index is being rebuilt after an import).
    bool in_search = true;
    if (edit.owner_change > 0 && c.search) {
        in_search = c.search->wait_for_owner_changes(edit.owner_change, std::chrono::milliseconds(1000));
    }
    edit.body["in_search"] = in_search;
    return http::json_response(edit.body);
}

}  // namespace annuaire::handlers
