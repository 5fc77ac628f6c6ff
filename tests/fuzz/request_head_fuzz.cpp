// The HTTP/1.1 request head parser (server/http/request_parser.hpp), which every client's
// bytes go through first. The bytes are parsed whole and in pieces of varied sizes (as a
// socket delivers them, carrying HeadScan; the first request also one byte at a time): all
// must agree, under the default limits and under tight ones. Only HttpError may come out;
// an accepted head is well formed; then, as the server does, its path and query string are
// decoded and the requests pipelined behind it are parsed the same way.
#include "fuzz_support.hpp"

#include "http/http_error.hpp"
#include "http/query_string.hpp"
#include "http/request_parser.hpp"

#include <algorithm>
#include <string>

namespace {

using annuaire::fuzz::require;
using namespace annuaire::http;

struct Outcome {
    int status = 0;           // the HttpError's status, 0 when none was raised
    std::string code;
    bool complete = false;
    std::size_t head_bytes = 0;
    RequestHead head;
};

// Delivers `text` in pieces whose sizes next_piece() gives, as the server's buffer grows.
template <typename NextPiece>
Outcome parse_in_pieces(std::string_view text, const ParserLimits& limits, NextPiece&& next_piece) {
    Outcome outcome;
    HeadScan scan;
    std::size_t received = 0;
    do {
        received = std::min(text.size(), received + next_piece());
        try {
            auto parsed = parse_request_head(text.substr(0, received), scan, limits);
            if (parsed.complete) {
                outcome.complete = true;
                outcome.head_bytes = parsed.head_bytes;
                outcome.head = std::move(parsed.head);
                return outcome;
            }
        } catch (const HttpError& error) {
            outcome.status = error.status();
            outcome.code = error.code();
            require(std::string_view(error.what()).size() <= annuaire::fuzz::kMaxMessageBytes, "the message is short");
            return outcome;
        }
    } while (received < text.size());
    return outcome;
}

bool same(const Outcome& a, const Outcome& b) {
    if (a.status != b.status || a.code != b.code || a.complete != b.complete) return false;
    if (!a.complete) return true;
    return a.head_bytes == b.head_bytes && a.head.method == b.head.method && a.head.path == b.head.path &&
           a.head.query == b.head.query && a.head.minor_version == b.head.minor_version &&
           a.head.headers == b.head.headers && a.head.content_length == b.head.content_length &&
           a.head.keep_alive == b.head.keep_alive && a.head.expect_continue == b.head.expect_continue;
}

bool is_lower_token(std::string_view name) {
    return !name.empty() && std::none_of(name.begin(), name.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte <= 0x20 || byte >= 0x7f || (c >= 'A' && c <= 'Z') || c == ':';
    });
}

void check_head(const Outcome& outcome, std::string_view text, const ParserLimits& limits) {
    const RequestHead& head = outcome.head;
    require(outcome.head_bytes > 0 && outcome.head_bytes <= text.size(), "the head lies inside the bytes received");
    require(outcome.head_bytes <= limits.max_head + 8, "the head respects the limit (and a few empty lines)");
    require(!head.method.empty(), "a head has a method");
    require(head.path == "*" || (!head.path.empty() && head.path.front() == '/'), "the path is '*' or begins with '/'");
    require(head.minor_version == 0 || head.minor_version == 1, "HTTP/1.0 or HTTP/1.1");
    require(head.headers.size() <= limits.max_header_count, "the header count respects the limit");
    for (const auto& [name, value] : head.headers) {
        require(is_lower_token(name), "header names are lower-case tokens");
        require(value.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos, "header values hold no CR, LF or NUL");
        require(value.empty() || (value.front() != ' ' && value.back() != ' '), "header values are trimmed");
    }
    require(head.content_length <= limits.max_body, "the body length respects the limit");
    require(!head.expect_continue || head.content_length > 0, "100-continue only for a body");

    // Framing and connection, read again from the headers (RFC 9112 6.1, 6.3, 9.3, 9.6).
    int hosts = 0;
    bool close = false, keep_alive_option = false, expects = false;
    std::size_t length = 0;
    for (const auto& [name, value] : head.headers) {
        require(name != "transfer-encoding", "a head with Transfer-Encoding is refused");
        if (name == "host") ++hosts;
        if (name == "expect") expects = true;
        if (name == "content-length") {
            const auto digits = value.substr(std::min(value.find_first_not_of('0'), value.size()));
            require(digits.size() <= 18, "an accepted Content-Length is small");
            length = digits.empty() ? 0 : std::stoull(digits);
        }
        if (name == "connection") {
            std::size_t start = 0;
            while (start <= value.size()) {
                const auto end = std::min(value.find(',', start), value.size());
                std::string option = value.substr(start, end - start);
                start = end + 1;
                option.erase(0, option.find_first_not_of(" \t"));
                option.erase(option.find_last_not_of(" \t") + 1);
                std::transform(option.begin(), option.end(), option.begin(),
                               [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
                close = close || option == "close";
                keep_alive_option = keep_alive_option || option == "keep-alive";
            }
        }
    }
    require(head.minor_version == 0 || hosts == 1, "an HTTP/1.1 head has exactly one Host");
    require(head.content_length == length, "the body length is the Content-Length");
    require(head.expect_continue == (expects && head.content_length > 0), "100-continue when asked, for a body");
    require(head.keep_alive == (!close && (head.minor_version == 1 || keep_alive_option)),
            "the connection stays open unless the client closes it (1.1) or unless it asks so (1.0)");
}

// What the server does with an accepted head before routing it.
void decode_target(const RequestHead& head) {
    if (head.path == "*") return;
    try {
        (void)percent_decode(head.path, false, "the path");
        (void)parse_query_string(head.query);
    } catch (const HttpError& error) {
        require(error.status() == 400, "a bad target is a 400");
    }
}

std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    return hash;
}

void check_request_stream(std::string_view text, const ParserLimits& limits, bool one_byte_at_a_time) {
    HeadScan whole_scan;
    Outcome whole;
    try {
        auto parsed = parse_request_head(text, whole_scan, limits);
        whole.complete = parsed.complete;
        whole.head_bytes = parsed.head_bytes;
        whole.head = std::move(parsed.head);
    } catch (const HttpError& error) {
        whole.status = error.status();
        whole.code = error.code();
        require(error.status() >= 400 && error.status() <= 505, "a refusal has an error status");
        require(std::string_view(error.what()).size() <= annuaire::fuzz::kMaxMessageBytes, "the message is short");
    }

    if (one_byte_at_a_time) {
        const Outcome byte_by_byte = parse_in_pieces(text, limits, [] { return std::size_t{1}; });
        require(same(whole, byte_by_byte), "a head sent one byte at a time parses like the whole");
    }
    // Piece sizes from the bytes themselves: the same input always splits the same way.
    std::uint64_t state = fnv1a(text);
    const Outcome pieces = parse_in_pieces(text, limits, [&state] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return static_cast<std::size_t>(state % 8 == 0 ? 1 + state % 512 : 1 + state % 16);
    });
    require(same(whole, pieces), "a head sent in pieces parses like the whole");
    if (!whole.complete) return;
    check_head(whole, text, limits);
    decode_target(whole.head);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = annuaire::fuzz::as_text(data, size);
    ParserLimits tight;
    tight.max_request_line = 64;
    tight.max_head = 256;
    tight.max_header_count = 4;
    tight.max_body = 16;
    for (const ParserLimits& limits : {ParserLimits{}, tight}) {
        // Pipelined requests: each one's head and body, then the next, as the server reads them.
        std::string_view rest = text;
        for (int request = 0; request < 32 && !rest.empty(); ++request) {
            check_request_stream(rest, limits, request == 0);
            HeadScan scan;
            HeadParse parsed;
            try {
                parsed = parse_request_head(rest, scan, limits);
            } catch (const HttpError&) {
                break;
            }
            if (!parsed.complete) break;
            const std::size_t needed = parsed.head_bytes + parsed.head.content_length;
            if (needed > rest.size()) break;
            rest.remove_prefix(needed);
        }
    }
    return 0;
}
