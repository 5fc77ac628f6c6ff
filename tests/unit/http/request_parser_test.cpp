// The HTTP/1.1 request head parser: every malformed or oversized head gets the status that
// fits, and a head split anywhere parses the same.
#include "http/http_error.hpp"
#include "http/request_parser.hpp"

#include <doctest/doctest.h>

#include <string>

using annuaire::http::HeadParse;
using annuaire::http::HeadScan;
using annuaire::http::HttpError;
using annuaire::http::parse_request_head;
using annuaire::http::ParserLimits;

namespace {

HeadParse parse(const std::string& text, ParserLimits limits = {}) {
    HeadScan scan;
    return parse_request_head(text, scan, limits);
}

// The status and code of the HttpError the head raises (0 if it parses or is incomplete).
std::pair<int, std::string> refusal(const std::string& text, ParserLimits limits = {}) {
    try {
        parse(text, limits);
    } catch (const HttpError& error) {
        return {error.status(), error.code()};
    }
    return {0, ""};
}

}  // namespace

TEST_CASE("parses a GET with its path, query, headers and keep-alive") {
    const auto parsed = parse("GET /api/v1/practitioners?q=kine%20mulhouse HTTP/1.1\r\nHost: x\r\nAccept-Encoding:  gzip \r\n\r\nrest");
    REQUIRE(parsed.complete);
    CHECK(parsed.head_bytes == std::string("GET /api/v1/practitioners?q=kine%20mulhouse HTTP/1.1\r\nHost: x\r\nAccept-Encoding:  gzip \r\n\r\n").size());
    CHECK(parsed.head.method == "GET");
    CHECK(parsed.head.path == "/api/v1/practitioners");
    CHECK(parsed.head.query == "q=kine%20mulhouse");
    REQUIRE(parsed.head.header("accept-encoding"));
    CHECK(*parsed.head.header("accept-encoding") == "gzip");
    CHECK(parsed.head.keep_alive);
    CHECK(parsed.head.content_length == 0);
}

TEST_CASE("keep-alive follows the version and the Connection header") {
    CHECK_FALSE(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").head.keep_alive);
    CHECK_FALSE(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: Keep-Alive, CLOSE\r\n\r\n").head.keep_alive);
    CHECK_FALSE(parse("GET / HTTP/1.0\r\n\r\n").head.keep_alive);
    CHECK(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").head.keep_alive);
}

TEST_CASE("a head that arrives one byte at a time parses like a whole one") {
    const std::string text = "GET /a?b=c HTTP/1.1\r\nHost: example\r\nX-One: 1\r\n\r\n";
    std::string buffer;
    HeadScan scan;
    HeadParse parsed;
    for (std::size_t i = 0; i < text.size(); ++i) {
        buffer += text[i];
        parsed = parse_request_head(buffer, scan, {});
        CHECK(parsed.complete == (i + 1 == text.size()));
    }
    CHECK(parsed.head.path == "/a");
    CHECK(parsed.head.headers.size() == 2);
    CHECK(parsed.head_bytes == text.size());
}

TEST_CASE("bare LF line ends and empty lines before the request are accepted") {
    const auto parsed = parse("\r\n\r\nGET / HTTP/1.1\nHost: x\n\n");
    REQUIRE(parsed.complete);
    CHECK(parsed.head.path == "/");
    CHECK(parsed.head_bytes == 4 + std::string("GET / HTTP/1.1\nHost: x\n\n").size());
}

TEST_CASE("an empty or malformed request line is a 400") {
    CHECK(refusal("GET  HTTP/1.1\r\nHost: x\r\n\r\n") == std::pair<int, std::string>{400, "bad_request"});
    CHECK(refusal("GET /\r\n\r\n").first == 400);
    CHECK(refusal("GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n").first == 400);
    CHECK(refusal("GET / HTTPS/1.1\r\nHost: x\r\n\r\n").first == 400);
    CHECK(refusal("G(T / HTTP/1.1\r\nHost: x\r\n\r\n").first == 400);
    CHECK(refusal("GET /a#frag HTTP/1.1\r\nHost: x\r\n\r\n").first == 400);
    CHECK(refusal("GET /\xC3\xA9 HTTP/1.1\r\nHost: x\r\n\r\n").first == 400);
    CHECK(refusal("GET relative HTTP/1.1\r\nHost: x\r\n\r\n").first == 400);
    // Refused as soon as the request line is complete, without waiting for the headers.
    CHECK(refusal("GET  HTTP/1.1\r\n").first == 400);
    // Binary bytes are refused before any line ends.
    CHECK(refusal(std::string("\x16\x03\x01\x02\x00", 5)).first == 400);
    CHECK(refusal(std::string(40, 'G')).first == 400);
    CHECK(refusal("GE").first == 0);
}

TEST_CASE("unknown methods are 501 and other versions 505") {
    CHECK(refusal("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n") == std::pair<int, std::string>{501, "not_implemented"});
    CHECK(refusal("get / HTTP/1.1\r\nHost: x\r\n\r\n").first == 501);
    CHECK(refusal("GET / HTTP/2.0\r\nHost: x\r\n\r\n") == std::pair<int, std::string>{505, "http_version_not_supported"});
    CHECK(parse("GET / HTTP/1.2\r\nHost: x\r\n\r\n").head.minor_version == 1);
}

TEST_CASE("Content-Length must be digits, agree with itself and fit the body limit") {
    CHECK(refusal("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") == std::pair<int, std::string>{400, "bad_request"});
    CHECK(refusal("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1e3\r\n\r\n").first == 400);
    CHECK(refusal("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\n").first == 400);
    CHECK(refusal("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n").first == 400);
    CHECK(refusal("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 18446744073709551616\r\n\r\n") ==
          std::pair<int, std::string>{413, "payload_too_large"});
    CHECK(refusal("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9223372036854775807\r\n\r\n").first == 413);
    CHECK(refusal("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 65537\r\n\r\n").first == 413);
    CHECK(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0065536\r\n\r\n").head.content_length == 65536);
    CHECK(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\nContent-Length: 7\r\n\r\n").head.content_length == 7);
}

TEST_CASE("request bodies need a Content-Length, both framings at once are refused") {
    CHECK(refusal("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n") ==
          std::pair<int, std::string>{411, "length_required"});
    CHECK(refusal("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n").first == 501);
    CHECK(refusal("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n").first == 400);
    CHECK(refusal("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n").first == 400);
}

TEST_CASE("HTTP/1.1 needs exactly one Host") {
    CHECK(refusal("GET / HTTP/1.1\r\n\r\n").first == 400);
    CHECK(refusal("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").first == 400);
    CHECK(parse("GET / HTTP/1.0\r\n\r\n").complete);
}

TEST_CASE("malformed header lines are a 400") {
    CHECK(refusal("GET / HTTP/1.1\r\nHost: x\r\nX-A : 1\r\n\r\n").first == 400);
    CHECK(refusal("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n").first == 400);
    CHECK(refusal("GET / HTTP/1.1\r\nHost: x\r\nNo colon\r\n\r\n").first == 400);
    CHECK(refusal(std::string("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", 37)).first == 400);
    CHECK(refusal("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x1b[31m\r\n\r\n").first == 400);
    CHECK(refusal("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n").first == 400);
}

TEST_CASE("a request line over the limit is a 414, even before it ends, big heads are 431") {
    ParserLimits limits;
    limits.max_request_line = 100;
    limits.max_head = 300;
    limits.max_header_count = 3;
    CHECK(refusal("GET /" + std::string(200, 'a'), limits) == std::pair<int, std::string>{414, "uri_too_long"});
    CHECK(refusal("GET /" + std::string(200, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", limits).first == 414);
    CHECK(refusal("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(400, 'b'), limits) ==
          std::pair<int, std::string>{431, "headers_too_large"});
    CHECK(refusal("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits).first == 431);
    CHECK_FALSE(parse("GET / HTTP/1.1\r\nHost: x\r\nA: 1", limits).complete);
}

TEST_CASE("absolute-form and asterisk-form targets") {
    const auto absolute = parse("GET http://annuaire.example:8080/api/v1/health?x=1 HTTP/1.1\r\nHost: annuaire.example\r\n\r\n");
    CHECK(absolute.head.path == "/api/v1/health");
    CHECK(absolute.head.query == "x=1");
    CHECK(parse("GET https://annuaire.example HTTP/1.1\r\nHost: a\r\n\r\n").head.path == "/");
    CHECK(parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").head.path == "*");
    CHECK(refusal("GET * HTTP/1.1\r\nHost: a\r\n\r\n").first == 400);
    CHECK(refusal("GET ftp://a/b HTTP/1.1\r\nHost: a\r\n\r\n").first == 400);
}

TEST_CASE("Expect: 100-continue is understood, other expectations are 417") {
    CHECK(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n").head.expect_continue);
    CHECK_FALSE(parse("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n").head.expect_continue);
    CHECK(refusal("POST / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n") == std::pair<int, std::string>{417, "expectation_failed"});
}
