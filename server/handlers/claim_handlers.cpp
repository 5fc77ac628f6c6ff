// /api/v1/claims ("Je suis ce professionnel") and /api/v1/admin/claims (the queue).
#include "handlers/owner_handlers.hpp"

#include "owner/owner_error.hpp"

namespace annuaire::handlers {

http::Response create_claim(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    return http::json_response(c.owner->claim(r.body, caller.client_address), 202);
}

http::Response claim_status(OwnerContext& c, const http::Request& r, const owner::Caller&) {
    only_parameters(r, {});
    nlohmann::json body;
    try {
        body = nlohmann::json::parse(r.body);
    } catch (const nlohmann::json::exception&) {
    }
    if (!body.is_object() || body.size() != 1 || !body.contains("token") || !body["token"].is_string()) {
        throw owner::OwnerError(owner::Refusal::invalid, "invalid_request", "expected {\"token\": \"...\"} (the link's token)",
                                {{"token", "required (a string)"}});
    }
    return http::json_response(c.owner->claim_status(body["token"]));
}

http::Response admin_claims(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {"status"});
    return http::json_response(c.owner->claims(caller, parameter(r, "status")));
}

http::Response approve_claim(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    return http::json_response(c.owner->approve_claim(caller, id_parameter(r)));
}

http::Response reject_claim(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    return http::json_response(c.owner->reject_claim(caller, id_parameter(r), r.body));
}

}  // namespace annuaire::handlers
