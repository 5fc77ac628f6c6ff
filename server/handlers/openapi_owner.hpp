// The OpenAPI description of the routes of accounts, owners and the admin console, for
// GET /api/v1/openapi.json (openapi_handler.cpp).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace annuaire::handlers {

// Adds each route (path, method, parameters, body, security, answers) to `paths`.
void add_owner_paths(nlohmann::json& paths);
// components.securitySchemes: "session" (the cookie) and "csrf" (the header).
nlohmann::json owner_security_schemes();
// The error codes these routes answer with, besides the search API's.
const std::vector<std::string>& owner_error_codes();

}  // namespace annuaire::handlers
