#include "http/access.hpp"

#include "owner/owner_error.hpp"
#include "owner/secrets.hpp"

namespace annuaire::http {

namespace {

bool changes_something(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

std::string attributes(bool secure) { return std::string("; Path=/; HttpOnly; SameSite=Strict") + (secure ? "; Secure" : ""); }

}  // namespace

owner::Caller authorize(owner::OwnerService& owner, const Request& request, Access access) {
    owner::Caller caller;
    caller.client_address = request.client_address;
    std::string csrf_expected;
    if (const auto token = request.cookie(kSessionCookie); !token.empty()) {
        if (auto session = owner.session(token)) {
            caller.account = std::move(session->account);
            caller.session_token_hash = session->session.token_hash;
            caller.csrf_token = session->session.csrf_token;
            csrf_expected = session->session.csrf_token;
        }
    }
    if (access != Access::anyone && !caller.account) {
        throw owner::OwnerError(owner::Refusal::unauthenticated, "not_logged_in",
                                "log in first (no session, or it has ended)");
    }
    if (access == Access::admin && !caller.admin()) {
        throw owner::OwnerError(owner::Refusal::forbidden, "forbidden", "this is for admins only");
    }
    if (changes_something(request.method)) {
        // Without a session, the token a GET /api/v1/session put in the annuaire_csrf cookie.
        if (csrf_expected.empty()) csrf_expected = request.cookie(kCsrfCookie);
        const auto* sent = request.header(kCsrfHeader);
        if (csrf_expected.size() < 32 || !sent || !owner::equal_in_constant_time(*sent, csrf_expected)) {
            throw owner::OwnerError(owner::Refusal::forbidden, "csrf_failed",
                                    "missing or wrong X-CSRF-Token header: take the token GET /api/v1/session gives");
        }
    }
    return caller;
}

std::string session_cookie(const std::string& token, std::chrono::seconds lifetime, bool secure) {
    return std::string(kSessionCookie) + "=" + token + "; Max-Age=" + std::to_string(lifetime.count()) + attributes(secure);
}

std::string expired_session_cookie(bool secure) { return std::string(kSessionCookie) + "=; Max-Age=0" + attributes(secure); }

std::string csrf_cookie(const std::string& token, bool secure) { return std::string(kCsrfCookie) + "=" + token + attributes(secure); }

}  // namespace annuaire::http
