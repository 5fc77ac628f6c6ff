// /api/v1/session, /api/v1/password, /api/v1/account: logging in and out, setting a
// password from a link, the caller's own account.
#include "handlers/owner_handlers.hpp"

#include "http/access.hpp"
#include "owner/declared_values.hpp"
#include "owner/owner_error.hpp"
#include "owner/secrets.hpp"

namespace annuaire::handlers {

namespace {

using nlohmann::json;

// {"email", "password"} or {"token", "password"}: read here, as the passwords must not go
// through the generic body reader's messages.
json small_body(const http::Request& r, std::initializer_list<const char*> fields) {
    json body;
    try {
        body = json::parse(r.body);
    } catch (const json::exception&) {
        throw owner::OwnerError(owner::Refusal::invalid, "invalid_request", "document: not valid JSON", {{"document", "not valid JSON"}});
    }
    if (!body.is_object()) {
        throw owner::OwnerError(owner::Refusal::invalid, "invalid_request", "document: expected a JSON object",
                                {{"document", "expected a JSON object"}});
    }
    std::vector<owner::DeclarationProblem> problems;
    for (const auto& [key, value] : body.items()) {
        if (std::find_if(fields.begin(), fields.end(), [&](const char* f) { return key == f; }) == fields.end()) {
            problems.push_back({owner::escaped(key), "unknown field"});
        }
    }
    for (const char* field : fields) {
        if (!body.contains(field) || !body[field].is_string()) problems.push_back({field, "required (a string)"});
    }
    if (!problems.empty()) {
        std::string message;
        for (const auto& p : problems) message += (message.empty() ? "" : "; ") + p.path + ": " + p.fault;
        throw owner::OwnerError(owner::Refusal::invalid, "invalid_request", message, problems);
    }
    return body;
}

http::Response logged_in(OwnerContext& c, const owner::OwnerService::Login& login, int status) {
    auto response = http::json_response(login.me, status);
    response.headers.emplace_back("Set-Cookie",
                                  http::session_cookie(login.token, c.owner->config().session_lifetime, c.secure_cookies));
    return response;
}

}  // namespace

http::Response session_state(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    auto state = c.owner->me(caller);
    http::Response response;
    if (caller.account) {
        state["csrf_token"] = caller.csrf_token;
        response = http::json_response(state);
    } else {
        // Anonymous requests that change something (login, claim) prove they come from a page
        // of this site with this token, which only such a page can read.
        auto token = r.cookie(http::kCsrfCookie);
        const bool fresh = token.size() != 43;
        if (fresh) token = owner::random_token();
        state["csrf_token"] = token;
        response = http::json_response(state);
        if (fresh) response.headers.emplace_back("Set-Cookie", http::csrf_cookie(token, c.secure_cookies));
    }
    return response;
}

http::Response login(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    const auto body = small_body(r, {"email", "password"});
    return logged_in(c, c.owner->login(body["email"], body["password"], caller.client_address), 200);
}

http::Response logout(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    c.owner->logout(caller);
    auto response = http::json_response({{"authenticated", false}});
    response.headers.emplace_back("Set-Cookie", http::expired_session_cookie(c.secure_cookies));
    return response;
}

http::Response set_password(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    const auto body = small_body(r, {"token", "password"});
    return logged_in(c, c.owner->set_password(body["token"], body["password"], caller.client_address), 200);
}

http::Response request_password_reset(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    const auto body = small_body(r, {"email"});
    c.owner->request_password_reset(body["email"], caller.client_address);
    // The same answer whether the address has an account or not.
    return http::json_response({{"status", "sent_if_known"}}, 202);
}

http::Response account(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    return http::json_response(c.owner->me(caller));
}

http::Response revoke_sessions(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    auto response = http::json_response(c.owner->revoke_my_sessions(caller));
    response.headers.emplace_back("Set-Cookie", http::expired_session_cookie(c.secure_cookies));
    return response;
}

}  // namespace annuaire::handlers
