#include "http/responses.hpp"

#include "http/gzip.hpp"
#include "http/http_error.hpp"
#include "search/search_query.hpp"
#include "owner/owner_error.hpp"
#include "search/search_service.hpp"

#include <algorithm>
#include <ctime>
#include <iostream>

namespace annuaire::http {

namespace {

// Bodies smaller than this gain nothing from compression.
constexpr std::size_t kMinCompressedSize = 1024;

std::string http_date() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[40];
    std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    return buffer;
}

bool is_html(const std::string& content_type) { return content_type.rfind("text/html", 0) == 0; }

bool origin_allowed(const HeaderPolicy& policy, const std::string& origin) {
    if (origin.empty()) return false;
    return std::any_of(policy.cors_origins.begin(), policy.cors_origins.end(),
                       [&](const std::string& allowed) { return allowed == "*" || allowed == origin; });
}

bool wildcard_cors(const HeaderPolicy& policy) {
    return std::find(policy.cors_origins.begin(), policy.cors_origins.end(), "*") != policy.cors_origins.end();
}

// True when an If-None-Match list names the tag (weak comparison, RFC 9110 13.1.2).
bool none_match_hit(const std::string& if_none_match, const std::string& quoted_tag) {
    if (if_none_match.empty()) return false;
    std::size_t start = 0;
    while (start <= if_none_match.size()) {
        auto end = if_none_match.find(',', start);
        if (end == std::string::npos) end = if_none_match.size();
        std::string_view tag(if_none_match.data() + start, end - start);
        start = end + 1;
        while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
        while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
        if (tag == "*") return true;
        if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
        if (tag == quoted_tag) return true;
    }
    return false;
}

void header(std::string& out, std::string_view name, std::string_view value) {
    out.append(name);
    out.append(": ");
    out.append(value);
    out.append("\r\n");
}

// The headers every answer gets: date, connection, security and CORS.
void common_headers(std::string& out, const Exchange& exchange, const Response& response, const HeaderPolicy& policy,
                    bool keep_alive) {
    header(out, "Date", http_date());
    if (!keep_alive) {
        header(out, "Connection", "close");
    } else if (exchange.minor_version == 0) {
        header(out, "Connection", "keep-alive");
    }
    header(out, "X-Content-Type-Options", "nosniff");
    header(out, "Referrer-Policy", "strict-origin-when-cross-origin");
    if (is_html(response.content_type)) {
        header(out, "Content-Security-Policy", policy.page_csp);
        // X-Frame-Options cannot name other sites: it is only sent when the CSP allows no one else.
        if (policy.cors_origins.empty()) header(out, "X-Frame-Options", "SAMEORIGIN");
    } else {
        header(out, "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        header(out, "X-Frame-Options", "DENY");
    }
    if (exchange.api && !policy.cors_origins.empty()) {
        if (origin_allowed(policy, exchange.origin)) {
            header(out, "Access-Control-Allow-Origin", wildcard_cors(policy) ? "*" : exchange.origin);
            header(out, "Access-Control-Expose-Headers", "ETag, Content-Disposition, Retry-After");
        }
        if (!wildcard_cors(policy)) header(out, "Vary", "Origin");
    }
    for (const auto& [name, value] : response.headers) header(out, name, value);
}

}  // namespace

std::string_view reason_phrase(int status) {
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    case 507: return "Insufficient Storage";
    default: return "Unknown";
    }
}

Response error_response(int status, const std::string& code, const std::string& message, int retry_after_seconds) {
    Response response = json_response({{"error", {{"code", code}, {"message", message}}}}, status);
    response.cacheable = false;
    if (retry_after_seconds > 0) response.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
    return response;
}

Response response_for_exception(std::exception_ptr error, const std::string& path) {
    try {
        std::rethrow_exception(error);
    } catch (const HttpError& e) {
        return error_response(e.status(), e.code(), e.what());
    } catch (const search::QueryError& e) {
        return error_response(400, e.code(), e.what());
    } catch (const search::NotFound& e) {
        return error_response(404, "not_found", e.what());
    } catch (const search::Starting& e) {
        return error_response(503, "starting", e.what(), 1);
    } catch (const search::Unavailable& e) {
        return error_response(503, "unavailable", e.what(), 60);
    } catch (const owner::OwnerError& e) {
        const int status = e.kind() == owner::Refusal::invalid           ? 400
                           : e.kind() == owner::Refusal::unauthenticated ? 401
                           : e.kind() == owner::Refusal::forbidden       ? 403
                           : e.kind() == owner::Refusal::not_found       ? 404
                           : e.kind() == owner::Refusal::conflict        ? 409
                           : e.kind() == owner::Refusal::too_many        ? 429
                                                                         : 503;
        auto response = error_response(status, e.code(), e.what(), e.retry_after_seconds());
        if (!e.problems().empty()) {
            // Each field at fault with its JSON path, so that a page can show the message beside it.
            auto body = nlohmann::json::parse(response.body);
            auto& problems = body["error"]["problems"] = nlohmann::json::array();
            for (const auto& problem : e.problems()) problems.push_back({{"path", problem.path}, {"fault", problem.fault}});
            response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
        return response;
    } catch (const std::exception& e) {
        std::cerr << "annuaire serve: " << path.substr(0, 200) << ": " << e.what() << std::endl;
    } catch (...) {
        std::cerr << "annuaire serve: " << path.substr(0, 200) << ": unknown exception" << std::endl;
    }
    return error_response(500, "internal_error", "the server could not answer this request");
}

std::string render_response(const Exchange& exchange, const Response& response, const HeaderPolicy& policy,
                            bool keep_alive, const std::string* gzip_body) {
    int status = response.status;
    const bool tagged = status == 200 && response.cacheable && !response.etag.empty();
    const bool compressible = is_compressible(response.content_type);
    const bool compress = exchange.accepts_gzip && compressible &&
                          (gzip_body ? !gzip_body->empty() : response.body.size() >= kMinCompressedSize);
    const std::string quoted_tag = tagged ? "\"" + response.etag + (compress ? "-gz\"" : "\"") : std::string();
    if (tagged && none_match_hit(exchange.if_none_match, quoted_tag)) status = 304;
    const bool bodiless = status == 304 || status == 204 || (status >= 100 && status < 200);

    std::string compressed;
    const std::string* body = &response.body;
    if (compress && !bodiless) {
        if (gzip_body) {
            body = gzip_body;
        } else {
            compressed = gzip_compress(response.body, 5);
            body = &compressed;
        }
    }

    std::string out;
    out.reserve(512 + (exchange.method == "HEAD" || bodiless ? 0 : body->size()));
    out.append("HTTP/1.1 ");
    out.append(std::to_string(status));
    out.push_back(' ');
    out.append(reason_phrase(status));
    out.append("\r\n");
    if (!bodiless) {
        header(out, "Content-Type", response.content_type);
        header(out, "Content-Length", std::to_string(body->size()));
        if (compress) header(out, "Content-Encoding", "gzip");
    }
    if (compressible) header(out, "Vary", "Accept-Encoding");
    if (tagged) {
        header(out, "ETag", quoted_tag);
        switch (response.lifetime) {
            case Response::Lifetime::api:
                header(out, "Cache-Control", "public, max-age=" + std::to_string(policy.max_age_seconds));
                break;
            case Response::Lifetime::revalidate: header(out, "Cache-Control", "no-cache"); break;
            case Response::Lifetime::static_file: header(out, "Cache-Control", "public, max-age=3600"); break;
            case Response::Lifetime::immutable: header(out, "Cache-Control", "public, max-age=31536000, immutable"); break;
        }
    } else {
        header(out, "Cache-Control", "no-store");
    }
    common_headers(out, exchange, response, policy, keep_alive);
    out.append("\r\n");
    if (!bodiless && exchange.method != "HEAD") out.append(*body);
    return out;
}

std::string render_stream_head(const Exchange& exchange, const Response& response, const HeaderPolicy& policy,
                               bool keep_alive, bool chunked, bool gzip) {
    std::string out = "HTTP/1.1 200 OK\r\n";
    header(out, "Content-Type", response.content_type);
    if (chunked) header(out, "Transfer-Encoding", "chunked");
    if (gzip) header(out, "Content-Encoding", "gzip");
    if (is_compressible(response.content_type)) header(out, "Vary", "Accept-Encoding");
    header(out, "Cache-Control", "no-store");
    common_headers(out, exchange, response, policy, keep_alive);
    out.append("\r\n");
    return out;
}

Response options_response(const Exchange& exchange, const std::vector<std::string>& allowed_methods,
                          const std::string* requested_method, const std::string* requested_headers,
                          const HeaderPolicy& policy) {
    Response response;
    response.status = 204;
    response.content_type.clear();
    response.cacheable = false;
    std::string allow;
    for (const auto& method : allowed_methods) allow += (allow.empty() ? "" : ", ") + method;
    response.headers.emplace_back("Allow", allow);
    const bool preflight = exchange.api && requested_method && origin_allowed(policy, exchange.origin);
    if (preflight && std::find(allowed_methods.begin(), allowed_methods.end(), *requested_method) != allowed_methods.end()) {
        response.headers.emplace_back("Access-Control-Allow-Methods", allow);
        // Only headers a client of this API has a reason to send are allowed.
        static const std::vector<std::string> safe = {"accept", "accept-language", "content-language", "content-type",
                                                      "if-none-match", "x-csrf-token"};
        std::string granted;
        bool all_safe = true;
        if (requested_headers) {
            std::size_t start = 0;
            while (start <= requested_headers->size()) {
                auto end = requested_headers->find(',', start);
                if (end == std::string::npos) end = requested_headers->size();
                std::string name = requested_headers->substr(start, end - start);
                start = end + 1;
                name.erase(0, name.find_first_not_of(" \t"));
                name.erase(name.find_last_not_of(" \t") + 1);
                if (name.empty()) continue;
                for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                if (std::find(safe.begin(), safe.end(), name) == safe.end()) all_safe = false;
                granted += (granted.empty() ? "" : ", ") + name;
            }
        }
        if (all_safe && !granted.empty()) response.headers.emplace_back("Access-Control-Allow-Headers", granted);
        response.headers.emplace_back("Access-Control-Max-Age", "600");
    }
    return response;
}

}  // namespace annuaire::http
