// A tiny blocking HTTP/1.1 client for end-to-end tests: one GET per connection,
// reads exactly Content-Length bytes (never waits for the server to close).
#pragma once

#include <chrono>
#include <map>
#include <string>

namespace annuaire::testing {

struct HttpResponse {
    int status = 0;
    std::map<std::string, std::string> headers;   // names lower-cased
    std::string body;
    std::string header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

// target is the path and query, already percent-encoded ("/api/v1/health").
// Throws std::runtime_error on a connection or protocol failure.
HttpResponse http_get(int port, const std::string& target, const std::map<std::string, std::string>& headers = {},
                      const std::string& method = "GET");
// Any method, with a body (sent with its Content-Length when not empty).
HttpResponse http_request(int port, const std::string& method, const std::string& target,
                          const std::map<std::string, std::string>& headers, const std::string& body);

// Polls GET /api/v1/health until it answers 200: `annuaire serve` listens at once and answers
// once its index is loaded or built. False when `timeout` ran out first.
bool wait_until_ready(int port, std::chrono::milliseconds timeout);

// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
std::string url_encode(const std::string& value);

}  // namespace annuaire::testing
