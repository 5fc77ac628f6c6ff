#include "http/request_parser.hpp"

#include "http/http_error.hpp"

#include <algorithm>
#include <array>

namespace annuaire::http {

namespace {

[[noreturn]] void bad_request(const std::string& message) { throw HttpError(400, "bad_request", message); }

bool is_tchar(char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

bool is_token(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_tchar);
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = lower(c);
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim_ows(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// Calls fn(element) for each element of a comma-separated header list, trimmed, skipping empty ones.
template <typename Fn>
void for_each_list_element(std::string_view value, Fn&& fn) {
    std::size_t start = 0;
    while (start <= value.size()) {
        auto end = value.find(',', start);
        if (end == std::string_view::npos) end = value.size();
        const auto element = trim_ows(value.substr(start, end - start));
        if (!element.empty()) fn(element);
        start = end + 1;
    }
}

constexpr std::array<std::string_view, 7> kImplementedMethods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

// Lines end with CRLF, or a bare LF (which RFC 9112 lets a recipient accept).
std::string_view strip_line_end(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

void parse_request_line(std::string_view line, RequestHead& head) {
    const auto first_space = line.find(' ');
    const auto last_space = line.rfind(' ');
    if (first_space == std::string_view::npos || first_space == last_space) {
        bad_request("the request line must be 'METHOD TARGET HTTP/1.1'");
    }
    const auto method = line.substr(0, first_space);
    const auto target = line.substr(first_space + 1, last_space - first_space - 1);
    const auto version = line.substr(last_space + 1);
    if (!is_token(method)) bad_request("the request method is not a valid token");
    if (target.empty()) bad_request("the request target is empty");
    for (const char c : target) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f) {
            bad_request("the request target holds a space, a control character or a non-ASCII byte (percent-encode it)");
        }
        if (c == '#') bad_request("the request target holds a fragment ('#')");
    }
    if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' || version[5] < '0' ||
        version[5] > '9' || version[7] < '0' || version[7] > '9') {
        bad_request("the request line must end with the protocol version, e.g. HTTP/1.1");
    }
    if (version[5] != '1') {
        throw HttpError(505, "http_version_not_supported", "only HTTP/1.0 and HTTP/1.1 are supported");
    }
    head.minor_version = version[7] == '0' ? 0 : 1;
    head.method = std::string(method);
    if (std::find(kImplementedMethods.begin(), kImplementedMethods.end(), method) == kImplementedMethods.end()) {
        throw HttpError(501, "not_implemented", "method " + head.method.substr(0, 20) + " is not implemented by this server");
    }

    std::string_view path_and_query;
    if (target.front() == '/') {
        path_and_query = target;
    } else if (target == "*") {
        if (method != "OPTIONS") bad_request("the target '*' is only for OPTIONS");
        head.path.assign(1, '*');
        return;
    } else {
        // absolute-form (RFC 9112 3.2.2): a server must accept it; only its path and query matter here.
        const auto scheme_end = target.find("://");
        if (scheme_end == std::string_view::npos ||
            !(iequals(target.substr(0, scheme_end), "http") || iequals(target.substr(0, scheme_end), "https"))) {
            bad_request("the request target must be a path beginning with '/'");
        }
        const auto path_start = target.find_first_of("/?", scheme_end + 3);
        if (path_start == scheme_end + 3) bad_request("the request target has no host");
        path_and_query = path_start == std::string_view::npos ? std::string_view("/") : target.substr(path_start);
        if (path_and_query.front() == '?') {
            head.path.assign(1, '/');
            head.query = std::string(path_and_query.substr(1));
            return;
        }
    }
    const auto question = path_and_query.find('?');
    head.path = std::string(path_and_query.substr(0, question));
    if (question != std::string_view::npos) head.query = std::string(path_and_query.substr(question + 1));
}

void parse_header_line(std::string_view line, RequestHead& head) {
    if (line.front() == ' ' || line.front() == '\t') bad_request("obsolete header line folding is not accepted");
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) bad_request("a header line has no ':'");
    const auto name = line.substr(0, colon);
    if (!is_token(name)) bad_request("a header name is not a valid token (no space before ':')");
    const auto value = trim_ows(line.substr(colon + 1));
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t') || byte == 0x7f) {
            bad_request("header " + lowered(name).substr(0, 40) + " holds a control character");
        }
    }
    head.headers.emplace_back(lowered(name), std::string(value));
}

// The meaning of the headers this layer acts on: Host, Content-Length, Transfer-Encoding,
// Connection, Expect.
void interpret_headers(RequestHead& head, const ParserLimits& limits) {
    int hosts = 0;
    const std::string* length = nullptr;
    bool has_transfer_encoding = false;
    std::string_view last_coding;
    bool close = false, keep_alive_asked = false;
    for (const auto& [name, value] : head.headers) {
        if (name == "host") {
            ++hosts;
        } else if (name == "content-length") {
            if (value.empty() || !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                bad_request("Content-Length must be a non-negative decimal number");
            }
            if (length && *length != value) bad_request("the request has two different Content-Length headers");
            length = &value;
        } else if (name == "transfer-encoding") {
            has_transfer_encoding = true;
            for_each_list_element(value, [&](std::string_view coding) { last_coding = coding; });
        } else if (name == "connection") {
            for_each_list_element(value, [&](std::string_view option) {
                close = close || iequals(option, "close");
                keep_alive_asked = keep_alive_asked || iequals(option, "keep-alive");
            });
        } else if (name == "expect") {
            if (!iequals(value, "100-continue")) {
                throw HttpError(417, "expectation_failed", "only the expectation 100-continue is supported");
            }
            head.expect_continue = true;
        }
    }
    // "close" wins over "keep-alive", wherever each is listed (RFC 9112 9.6).
    if (close) head.keep_alive = false;
    else if (keep_alive_asked && head.minor_version == 0) head.keep_alive = true;
    if (head.minor_version == 1 && hosts != 1) bad_request("an HTTP/1.1 request must have exactly one Host header");
    if (has_transfer_encoding) {
        // Both framings at once is how requests are smuggled: refuse (RFC 9112 6.1).
        if (length) bad_request("the request has both Transfer-Encoding and Content-Length");
        if (head.minor_version == 0) bad_request("Transfer-Encoding is not allowed in an HTTP/1.0 request");
        if (iequals(last_coding, "chunked")) {
            throw HttpError(411, "length_required", "send the request body with a Content-Length, not chunked");
        }
        throw HttpError(501, "not_implemented", "this server accepts no transfer coding of request bodies");
    }
    if (length) {
        const auto digits = length->find_first_not_of('0') == std::string::npos ? std::string_view("0")
                                                                                 : std::string_view(*length).substr(length->find_first_not_of('0'));
        const bool upload = std::find(limits.upload_paths.begin(), limits.upload_paths.end(), head.path) != limits.upload_paths.end();
        const std::size_t max_body = upload ? limits.max_upload_body : limits.max_body;
        std::size_t value = 0;
        bool too_large = digits.size() > 18;
        if (!too_large) {
            for (const char c : digits) value = value * 10 + static_cast<std::size_t>(c - '0');
            too_large = value > max_body;
        }
        if (too_large) {
            throw HttpError(413, "payload_too_large",
                            "the request body is larger than " + std::to_string(max_body) + " bytes");
        }
        head.content_length = value;
    }
    if (head.content_length == 0) head.expect_continue = false;
}

}  // namespace

const std::string* RequestHead::header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_name) return &value;
    }
    return nullptr;
}

HeadParse parse_request_head(std::string_view buffer, HeadScan& scan, const ParserLimits& limits) {
    // Empty lines before the request line are skipped (a client may send one after a body).
    std::size_t start = 0;
    while (start < buffer.size() && (buffer[start] == '\r' || buffer[start] == '\n')) {
        if (start >= 8) bad_request("the request begins with empty lines");
        ++start;
    }
    HeadParse result;
    RequestHead& head = result.head;
    const auto request = buffer.substr(start);

    // Look at the new bytes only: for the request line's end, then for the first empty line
    // ("\n\r\n" or "\n\n"), which ends the head.
    const std::size_t from = scan.scanned > start ? scan.scanned - start : 0;
    if (scan.line_end == std::string_view::npos) {
        const auto line_end = request.find('\n', from);
        if (line_end == std::string_view::npos) {
            // Bytes that cannot begin a method (binary data, a TLS handshake on the plain port)
            // are refused at once rather than when the request line times out.
            const auto method_end = std::min(request.find(' '), request.size());
            const auto method = request.substr(0, method_end);
            if (!std::all_of(method.begin(), method.end(), is_tchar) || method.size() > 32) {
                bad_request("the request does not begin with an HTTP method (TLS sent to a plain HTTP port?)");
            }
            scan.scanned = buffer.size();
            if (request.size() > limits.max_request_line) {
                throw HttpError(414, "uri_too_long",
                                "the request line is longer than " + std::to_string(limits.max_request_line) + " bytes");
            }
            return result;
        }
        if (line_end > limits.max_request_line) {
            throw HttpError(414, "uri_too_long", "the request line is longer than " + std::to_string(limits.max_request_line) + " bytes");
        }
        // Refuse a bad request line at once rather than after the client sent its headers.
        parse_request_line(strip_line_end(request.substr(0, line_end)), head);
        scan.line_end = line_end;
    }
    std::size_t head_end = std::string_view::npos;
    const std::size_t search_from = std::max(scan.line_end, from >= 2 ? from - 2 : 0);
    for (auto newline = request.find('\n', search_from); newline != std::string_view::npos;
         newline = request.find('\n', newline + 1)) {
        if (newline + 1 < request.size() && request[newline + 1] == '\n') { head_end = newline + 2; break; }
        if (newline + 2 < request.size() && request[newline + 1] == '\r' && request[newline + 2] == '\n') {
            head_end = newline + 3;
            break;
        }
    }
    if (head_end == std::string_view::npos) {
        scan.scanned = buffer.size();
        if (request.size() > limits.max_head) {
            throw HttpError(431, "headers_too_large", "the request headers are larger than " + std::to_string(limits.max_head) + " bytes");
        }
        return result;
    }
    if (head_end > limits.max_head) {
        throw HttpError(431, "headers_too_large", "the request headers are larger than " + std::to_string(limits.max_head) + " bytes");
    }
    const auto head_text = request.substr(0, head_end);
    if (head_text.find('\0') != std::string_view::npos) bad_request("the request head holds a NUL byte");

    head = RequestHead{};
    parse_request_line(strip_line_end(head_text.substr(0, scan.line_end)), head);
    head.keep_alive = head.minor_version == 1;
    std::size_t position = scan.line_end + 1;
    while (true) {
        const auto next = head_text.find('\n', position);
        const auto line = strip_line_end(head_text.substr(position, next - position));
        if (line.empty()) break;
        if (line.find('\r') != std::string_view::npos) bad_request("a header line holds a bare carriage return");
        if (head.headers.size() >= limits.max_header_count) {
            throw HttpError(431, "headers_too_large", "the request has more than " + std::to_string(limits.max_header_count) + " headers");
        }
        parse_header_line(line, head);
        position = next + 1;
    }
    interpret_headers(head, limits);
    result.complete = true;
    result.head_bytes = start + head_end;
    return result;
}

}  // namespace annuaire::http
