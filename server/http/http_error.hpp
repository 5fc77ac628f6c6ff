// A request the HTTP layer refuses before or instead of calling a handler. The status
// and the fixed code go to the client as {"error": {"code", "message"}}; the message
// says what was wrong in words a client developer can act on.
#pragma once

#include <stdexcept>
#include <string>

namespace annuaire::http {

class HttpError : public std::runtime_error {
public:
    HttpError(int status, std::string code, const std::string& message)
        : std::runtime_error(message), status_(status), code_(std::move(code)) {}
    int status() const { return status_; }
    const std::string& code() const { return code_; }

private:
    int status_;
    std::string code_;
};

}  // namespace annuaire::http
