// The parts of the HTTP layer that decide from values alone: gzip negotiation, rate buckets,
// routes, and how a response is written (ETag and 304, compression, CORS, security headers).
#include "http/gzip.hpp"
#include "http/rate_limiter.hpp"
#include "http/responses.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

#include <doctest/doctest.h>

#include <zlib.h>

using namespace annuaire::http;

// Literals are assigned as std::string(...): GCC 12 warns (-Wrestrict, a false positive) when
// short literals are assigned to strings in these inlined test bodies.

namespace {

std::string gunzip(const std::string& data) {
    z_stream stream{};
    inflateInit2(&stream, 15 + 16);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buffer[4096];
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        status = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - stream.avail_out);
    }
    inflateEnd(&stream);
    REQUIRE(status == Z_STREAM_END);
    return out;
}

std::string header_of(const std::string& response, const std::string& name) {
    const auto at = response.find("\r\n" + name + ": ");
    if (at == std::string::npos) return {};
    const auto start = at + name.size() + 4;
    return response.substr(start, response.find("\r\n", start) - start);
}

}  // namespace

TEST_CASE("Accept-Encoding: gzip is accepted unless its q-value is zero") {
    CHECK(accepts_gzip("gzip, deflate, br"));
    CHECK(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
    CHECK(accepts_gzip("*"));
    CHECK_FALSE(accepts_gzip("gzip;q=0"));
    CHECK_FALSE(accepts_gzip("gzip;q=0.000, deflate"));
    CHECK_FALSE(accepts_gzip("deflate, br"));
    CHECK_FALSE(accepts_gzip(""));
}

TEST_CASE("gzip bodies and streams decompress to what went in") {
    const std::string text(100000, 'x');
    CHECK(gunzip(gzip_compress(text)) == text);
    GzipStream stream;
    std::string compressed;
    for (int i = 0; i < 100; ++i) compressed += stream.write(text.substr(0, 1000));
    compressed += stream.finish();
    CHECK(gunzip(compressed) == text);
}

TEST_CASE("a token bucket allows its burst, then one request per interval") {
    RateLimits limits;
    limits.api = {2, 3};
    RateLimiter limiter(limits);
    const auto start = RateLimiter::Clock::now();
    int retry = 0;
    for (int i = 0; i < 3; ++i) CHECK(limiter.allow("192.0.2.1", RateClass::api, start, retry));
    CHECK_FALSE(limiter.allow("192.0.2.1", RateClass::api, start, retry));
    CHECK(retry == 1);
    CHECK(limiter.allow("192.0.2.2", RateClass::api, start, retry));   // another address has its own bucket
    CHECK(limiter.allow("192.0.2.1", RateClass::api, start + std::chrono::milliseconds(600), retry));
    CHECK(limiter.allow("192.0.2.1", RateClass::none, start, retry));
    limits.api = {0, 1};
    RateLimiter unlimited(limits);
    for (int i = 0; i < 1000; ++i) CHECK(unlimited.allow("192.0.2.1", RateClass::api, start, retry));
}

TEST_CASE("routes match literal paths and one named segment, and list the methods of a path") {
    Router router;
    const auto handler = [](const Request&) { return Response{}; };
    router.add({"GET", "/api/v1/practitioners", handler});
    router.add({"GET", "/api/v1/practitioners/:id", handler});
    router.add({"POST", "/api/v1/practitioners/:id", handler});
    const auto fiche = router.match("HEAD", "/api/v1/practitioners/10001");
    REQUIRE(fiche);
    REQUIRE(fiche->route);
    CHECK(fiche->path_params.at("id") == "10001");
    CHECK(fiche->allowed == std::vector<std::string>{"GET", "HEAD", "OPTIONS", "POST"});
    const auto wrong = router.match("DELETE", "/api/v1/practitioners/10001");
    REQUIRE(wrong);
    CHECK(wrong->route == nullptr);
    CHECK_FALSE(router.match("GET", "/api/v1/practitioners/"));
    CHECK_FALSE(router.match("GET", "/api/v1/practitioners/1/2"));
    CHECK_FALSE(router.match("GET", "/api/v1/practitionersX"));
}

TEST_CASE("a tagged 200 becomes a 304 for a client that has it, errors never do") {
    HeaderPolicy policy;
    Exchange exchange;
    exchange.method = std::string("GET");
    exchange.if_none_match = std::string("W/\"v1\", \"v2\"");
    Response ok;
    ok.body = std::string("{}");
    ok.etag = std::string("v2");
    CHECK(render_response(exchange, ok, policy, true).rfind("HTTP/1.1 304 Not Modified\r\n", 0) == 0);
    ok.etag = std::string("v3");
    CHECK(render_response(exchange, ok, policy, true).rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    auto missing = error_response(404, "not_found", "no such practitioner");
    missing.etag = std::string("v2");
    exchange.if_none_match = std::string("*");
    const auto answer = render_response(exchange, missing, policy, true);
    CHECK(answer.rfind("HTTP/1.1 404 Not Found\r\n", 0) == 0);
    CHECK(header_of(answer, "Cache-Control") == "no-store");
    CHECK(header_of(answer, "ETag").empty());
}

TEST_CASE("bodies are compressed only for clients that accept gzip, HEAD sends the length, no body") {
    HeaderPolicy policy;
    Exchange exchange;
    exchange.method = std::string("GET");
    exchange.accepts_gzip = true;
    Response big;
    big.body = std::string(5000, 'a');
    big.etag = std::string("v1");
    const auto compressed = render_response(exchange, big, policy, true);
    CHECK(header_of(compressed, "Content-Encoding") == "gzip");
    CHECK(header_of(compressed, "ETag") == "\"v1-gz\"");
    CHECK(gunzip(compressed.substr(compressed.find("\r\n\r\n") + 4)) == big.body);
    exchange.accepts_gzip = false;
    exchange.method = std::string("HEAD");
    const auto head = render_response(exchange, big, policy, false);
    CHECK(header_of(head, "Content-Length") == "5000");
    CHECK(header_of(head, "Connection") == "close");
    CHECK(head.substr(head.size() - 4) == "\r\n\r\n");
}

TEST_CASE("CORS headers only for the configured origins, security headers always") {
    HeaderPolicy policy;
    policy.cors_origins = {"https://cpts.example"};
    policy.page_csp = std::string("default-src 'self'");
    Exchange exchange;
    exchange.method = std::string("GET");
    exchange.origin = std::string("https://cpts.example");
    Response json;
    json.body = std::string("{}");
    auto answer = render_response(exchange, json, policy, true);
    CHECK(header_of(answer, "Access-Control-Allow-Origin") == "https://cpts.example");
    CHECK(header_of(answer, "X-Content-Type-Options") == "nosniff");
    CHECK(header_of(answer, "Content-Security-Policy") == "default-src 'none'; frame-ancestors 'none'");
    exchange.origin = std::string("https://evil.example");
    answer = render_response(exchange, json, policy, true);
    CHECK(header_of(answer, "Access-Control-Allow-Origin").empty());
    Response page;
    page.content_type = std::string("text/html; charset=utf-8");
    exchange.api = false;
    CHECK(header_of(render_response(exchange, page, policy, true), "Content-Security-Policy") == "default-src 'self'");

    exchange.api = true;
    exchange.origin = std::string("https://cpts.example");
    const std::string method = "GET", headers = "Content-Type, X-Evil";
    const auto preflight = options_response(exchange, {"GET", "HEAD", "OPTIONS"}, &method, nullptr, policy);
    CHECK(preflight.status == 204);
    const auto rendered = render_response(exchange, preflight, policy, true);
    CHECK(header_of(rendered, "Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS");
    CHECK(header_of(rendered, "Allow") == "GET, HEAD, OPTIONS");
    const auto unsafe = render_response(exchange, options_response(exchange, {"GET"}, &method, &headers, policy), policy, true);
    CHECK(header_of(unsafe, "Access-Control-Allow-Headers").empty());
}

TEST_CASE("a built asset named after its content is kept for good, the page is revalidated at each visit") {
    CHECK(is_content_hashed(std::string("/assets/index-B3xk_9aZ.js")));
    CHECK(is_content_hashed(std::string("/assets/layers-2x-Bpkbi35X.png")));
    CHECK(is_content_hashed(std::string("/assets/index-CI-JZHvt.js")));   // a hash holding '-'
    CHECK(!is_content_hashed(std::string("/assets/-B3xk_9aZ.js")));      // a hash and no name
    CHECK(!is_content_hashed(std::string("/assets/index.js")));        // no hash
    CHECK(!is_content_hashed(std::string("/index-B3xk_9aZ.js")));      // not a build asset
    CHECK(!is_content_hashed(std::string("/assets/a-b.c/x-B3xk_9aZ")));   // no extension after the hash
    CHECK(!is_content_hashed(std::string("/assets/index-B3x!_9aZ.js"))); // not a hash

    Exchange exchange;
    exchange.method = std::string("GET");
    HeaderPolicy policy;
    policy.max_age_seconds = 30;
    Response response;
    response.content_type = std::string("text/javascript; charset=utf-8");
    response.body = std::string("export const x = 1;");
    response.etag = std::string("abc");
    response.lifetime = Response::Lifetime::immutable;
    CHECK(header_of(render_response(exchange, response, policy, true), "Cache-Control") == "public, max-age=31536000, immutable");
    response.lifetime = Response::Lifetime::revalidate;
    CHECK(header_of(render_response(exchange, response, policy, true), "Cache-Control") == "no-cache");
    response.lifetime = Response::Lifetime::static_file;
    CHECK(header_of(render_response(exchange, response, policy, true), "Cache-Control") == "public, max-age=3600");
    response.lifetime = Response::Lifetime::api;
    CHECK(header_of(render_response(exchange, response, policy, true), "Cache-Control") == "public, max-age=30");
    // Untagged: never stored, whatever its lifetime.
    response.etag.clear();
    response.lifetime = Response::Lifetime::immutable;
    CHECK(header_of(render_response(exchange, response, policy, true), "Cache-Control") == "no-store");
}
