// The HTTP/1.1 request head (RFC 9112), parsed from the bytes a connection received.
// Pure: no sockets, no Pistache, so that it can be unit-tested and fuzzed. Everything
// a client can get wrong is an HttpError with the status that fits (400, 411, 413,
// 414, 417, 431, 501, 505), never a C++ exception text.
#pragma once

#include <cstddef>
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace annuaire::http {

struct ParserLimits {
    std::size_t max_request_line = 8 * 1024;   // beyond: 414
    std::size_t max_head = 16 * 1024;          // request line and headers; beyond: 431
    std::size_t max_header_count = 100;        // beyond: 431
    std::size_t max_body = 64 * 1024;          // Content-Length beyond: 413
    // Paths (as sent) whose body is streamed to a file rather than held (uploads), and their
    // own limit; beyond: 413.
    std::vector<std::string> upload_paths;
    std::size_t max_upload_body = 0;
};

struct RequestHead {
    std::string method;        // as sent (methods are case-sensitive)
    std::string path;          // the target's path, still percent-encoded; "*" for OPTIONS *
    std::string query;         // the target's query without '?', still percent-encoded
    int minor_version = 1;     // HTTP/1.0 or HTTP/1.1
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, values trimmed
    std::size_t content_length = 0;
    bool keep_alive = true;    // what the client asked (Connection header and version)
    bool expect_continue = false;

    // The value of the first header of that (lower-case) name, or nullptr.
    const std::string* header(std::string_view lower_name) const;
};

struct HeadParse {
    bool complete = false;
    std::size_t head_bytes = 0;   // when complete: bytes up to and including the blank line
    RequestHead head;
};

// What a parse of an incomplete head learnt, carried to the next call on the same, grown
// buffer so that a head sent one byte at a time costs linear time. Reset it (= {}) once
// the request is consumed.
struct HeadScan {
    std::size_t scanned = 0;                           // bytes of the buffer already looked at
    std::size_t line_end = std::string_view::npos;     // the request line's '\n', once seen and checked
};

// Parses the request head at the start of `buffer` (empty lines before it are skipped, as
// RFC 9112 allows). Returns complete = false while the head has not fully arrived, and
// throws HttpError as soon as the bytes so far cannot become a valid head or exceed a limit.
HeadParse parse_request_head(std::string_view buffer, HeadScan& scan, const ParserLimits& limits);

}  // namespace annuaire::http
