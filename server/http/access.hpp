// Who is calling, and whether they may: the session cookie, the CSRF token every request that
// changes something must carry, and the access level of a route. Cookies are made here.
#pragma once

#include "http/http_types.hpp"
#include "owner/owner_service.hpp"

#include <chrono>
#include <string>

namespace annuaire::http {

inline constexpr const char* kSessionCookie = "annuaire_session";
inline constexpr const char* kCsrfCookie = "annuaire_csrf";
inline constexpr const char* kCsrfHeader = "x-csrf-token";

enum class Access {
    anyone,    // logged in or not (login, claims, the session's own state)
    account,   // a live session
    admin,     // a live session of an admin
};

// The caller of `request` (anonymous without a live session), after the checks of `access`:
// 401 without the session it needs, 403 for a role it lacks; for a method other than GET,
// HEAD and OPTIONS, 403 csrf_failed unless X-CSRF-Token is the session's token (or, without
// a session, the annuaire_csrf cookie's value).
owner::Caller authorize(owner::OwnerService& owner, const Request& request, Access access);

// Set-Cookie values: HttpOnly, SameSite=Strict, Path=/, and Secure when `secure` (served
// over https). A session cookie lasts as long as the session.
std::string session_cookie(const std::string& token, std::chrono::seconds lifetime, bool secure);
std::string expired_session_cookie(bool secure);
std::string csrf_cookie(const std::string& token, bool secure);

}  // namespace annuaire::http
