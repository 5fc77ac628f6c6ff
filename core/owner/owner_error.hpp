// Why the owner module refuses a request, in a form both edges can act on: the HTTP layer
// turns the kind into a status and sends the fixed code and the message; the command line
// prints the message.
#pragma once

#include "owner/declarations.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace annuaire::owner {

enum class Refusal {
    invalid,           // 400: the request says something wrong (problems name each field)
    unauthenticated,   // 401: no session, or it ended
    forbidden,         // 403: not this account's to do (not its fiche, not an admin, CSRF)
    not_found,         // 404
    conflict,          // 409: the state does not allow it (a claim decided already, an import running)
    too_many,          // 429: locked out for a while (retry_after)
    unavailable,       // 503: the database cannot be written now (read-only server, an import holds it)
};

class OwnerError : public std::runtime_error {
public:
    OwnerError(Refusal kind, std::string code, const std::string& message, std::vector<DeclarationProblem> problems = {},
               int retry_after_seconds = 0)
        : std::runtime_error(message), kind_(kind), code_(std::move(code)), problems_(std::move(problems)),
          retry_after_(retry_after_seconds) {}
    Refusal kind() const { return kind_; }
    const std::string& code() const { return code_; }
    // For `invalid`: each wrong field with its JSON path (practices[0].phone).
    const std::vector<DeclarationProblem>& problems() const { return problems_; }
    int retry_after_seconds() const { return retry_after_; }

private:
    Refusal kind_;
    std::string code_;
    std::vector<DeclarationProblem> problems_;
    int retry_after_;
};

}  // namespace annuaire::owner
