// How an answer becomes bytes: the status line and every header the server sends (caching,
// compression, CORS, security, connection), decided here and only here; and the one mapping
// from errors to HTTP statuses and JSON bodies.
#pragma once

#include "http/http_types.hpp"

#include <exception>
#include <string>
#include <vector>

namespace annuaire::http {

// What the answer depends on in the request.
struct Exchange {
    std::string method;
    int minor_version = 1;
    bool accepts_gzip = false;
    std::string origin;           // Origin header, if any
    std::string if_none_match;    // If-None-Match header, if any
    bool api = true;              // under /api/ (CORS applies), else a page or asset
};

struct HeaderPolicy {
    std::vector<std::string> cors_origins;   // exact origins allowed to read the API; "*" for any
    std::string page_csp;                    // Content-Security-Policy of HTML pages
    int max_age_seconds = 30;                // Cache-Control max-age of tagged answers
};

// {"error": {"code", "message"}} with no-store; retry_after_seconds > 0 adds Retry-After.
Response error_response(int status, const std::string& code, const std::string& message, int retry_after_seconds = 0);

// The answer for an exception a handler threw: its own status for the errors of the API
// (400, 404, 503...), a generic 500 for anything else (whose text is logged, never sent).
Response response_for_exception(std::exception_ptr error, const std::string& path);

// The whole response (head and body; the head alone for HEAD and 304). A 200 whose ETag the
// client already has becomes a 304; a body worth it is compressed when the client accepts gzip
// (gzip_body, when given, is a ready compressed form of the body).
std::string render_response(const Exchange& exchange, const Response& response, const HeaderPolicy& policy,
                            bool keep_alive, const std::string* gzip_body = nullptr);

// The head of a streamed 200: chunked (HTTP/1.1) or ended by closing (HTTP/1.0).
std::string render_stream_head(const Exchange& exchange, const Response& response, const HeaderPolicy& policy,
                               bool keep_alive, bool chunked, bool gzip);

// The answer to OPTIONS: Allow, and for an allowed Origin the CORS preflight headers.
Response options_response(const Exchange& exchange, const std::vector<std::string>& allowed_methods,
                          const std::string* requested_method, const std::string* requested_headers,
                          const HeaderPolicy& policy);

std::string_view reason_phrase(int status);

}  // namespace annuaire::http
