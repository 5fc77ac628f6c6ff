// The HTTP edge, tried with raw sockets as a hostile or careless client would: pipelining,
// keep-alive, malformed and oversized requests, slow clients, floods. Each case checks the
// answer (status, JSON error, honest Connection header) and that /api/v1/health still answers.
#include "raw_http.hpp"
#include "search_server.hpp"

#include <sys/socket.h>

#include <thread>

using annuaire::testing::raw_exchange;
using annuaire::testing::RawConnection;
using annuaire::testing::RawResponse;
using annuaire::testing::SearchServer;
using namespace std::chrono_literals;

namespace {

const std::string kHealth = "GET /api/v1/health HTTP/1.1\r\nHost: annuaire\r\n\r\n";

// No C++ or library text ever reaches a client.
void check_no_internals(const std::string& body) {
    for (const char* leak : {"std::", "basic_string", "stoull", "stoi", "bad_alloc", "what()", "Assertion", "terminate",
                             "exception", "sqlite", "SELECT"}) {
        INFO(leak);
        CHECK(body.find(leak) == std::string::npos);
    }
}

// A JSON error with the fixed code, a message, no-store.
void check_error(const std::optional<RawResponse>& response, int status, const std::string& code) {
    REQUIRE(response);
    INFO(response->status_line << "\n" << response->body);
    CHECK(response->status == status);
    CHECK(response->header("content-type") == "application/json");
    CHECK(response->header("cache-control") == "no-store");
    const auto body = nlohmann::json::parse(response->body);
    CHECK(body["error"]["code"] == code);
    CHECK(!body["error"]["message"].get<std::string>().empty());
    check_no_internals(response->body);
}

void check_healthy(const SearchServer& server) {
    const auto start = std::chrono::steady_clock::now();
    const auto response = raw_exchange(server.port(), kHealth, 5s);
    REQUIRE_MESSAGE(response, "the server stopped answering /api/v1/health");
    CHECK(response->status == 200);
    CHECK(std::chrono::steady_clock::now() - start < 2s);
}

// A request refused on a fresh connection: the answer, then the connection closes.
void check_refused(const SearchServer& server, const std::string& request, int status, const std::string& code) {
    INFO(request.substr(0, 200));
    RawConnection connection(server.port());
    connection.send(request);
    const auto response = connection.read_response(5s);
    check_error(response, status, code);
    CHECK(response->header("connection") == "close");
    CHECK(connection.closed_within(3s));
    check_healthy(server);
}

SearchServer edge_server(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--header-timeout", "1", "--idle-timeout", "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    return SearchServer(args);
}

}  // namespace

TEST_CASE("ten pipelined requests get ten answers, in order, on a connection kept open") {
    SearchServer server = edge_server();
    const std::string id = server.get("/api/v1/practitioners?per_page=1")["items"][0]["id"];
    RawConnection connection(server.port());
    std::string pipeline;
    const std::vector<std::pair<std::string, int>> requests = {
        {"/api/v1/health", 200}, {"/api/v1/practitioners/" + id, 200}, {"/api/v1/nothing", 404},
        {"/api/v1/practitioners?q=kine&per_page=1", 200}, {"/api/v1/practitioners?colour=blue", 400},
        {"/api/v1/health", 200}, {"/api/v1/clusters?bbox=7.2,47.7,7.45,47.8&zoom=13", 200},
        {"/api/v1/practitioners/0", 404}, {"/api/v1/suggest?q=mul", 200}, {"/api/v1/health", 200}};
    for (const auto& [target, status] : requests) pipeline += "GET " + target + " HTTP/1.1\r\nHost: annuaire\r\n\r\n";
    REQUIRE(connection.send(pipeline));
    for (const auto& [target, status] : requests) {
        INFO(target);
        const auto response = connection.read_response(5s);
        REQUIRE(response);
        CHECK(response->status == status);
        CHECK_FALSE(response->has_header("connection"));   // kept alive, and saying so by omission (HTTP/1.1)
        if (target == "/api/v1/practitioners/" + id) CHECK(nlohmann::json::parse(response->body)["id"] == id);
    }
    // The same connection takes more requests, then the idle time-out closes it.
    REQUIRE(connection.send(kHealth));
    CHECK(connection.read_response(5s)->status == 200);
    CHECK(connection.closed_within(5s));
    check_healthy(server);
}

TEST_CASE("Connection: close is honoured at once, and HTTP/1.0 keeps alive only when asked") {
    SearchServer server = edge_server();
    {
        RawConnection connection(server.port());
        connection.send("GET /api/v1/health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        const auto response = connection.read_response(5s);
        REQUIRE(response);
        CHECK(response->header("connection") == "close");
        const auto start = std::chrono::steady_clock::now();
        CHECK(connection.closed_within(1s));
        CHECK(std::chrono::steady_clock::now() - start < 500ms);
    }
    {
        RawConnection connection(server.port());
        connection.send("GET /api/v1/health HTTP/1.0\r\n\r\n");
        CHECK(connection.read_response(5s)->header("connection") == "close");
        CHECK(connection.closed_within(1s));
    }
    {
        RawConnection connection(server.port());
        connection.send("GET /api/v1/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        CHECK(connection.read_response(5s)->header("connection") == "keep-alive");
        connection.send("GET /api/v1/health HTTP/1.0\r\n\r\n");
        CHECK(connection.read_response(5s)->status == 200);
        CHECK(connection.closed_within(1s));
    }
    check_healthy(server);
}

TEST_CASE("after a 413 the rest of the request is never read as a new one") {
    SearchServer server = edge_server();
    RawConnection connection(server.port());
    connection.send("POST /api/v1/health HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n" +
                    std::string(2000, 'x') + "GET /api/v1/health HTTP/1.1\r\nHost: a\r\n\r\n");
    check_error(connection.read_response(5s), 413, "payload_too_large");
    CHECK(connection.closed_within(3s));
    CHECK(connection.pending().find("HTTP/1.1") == std::string::npos);
    check_healthy(server);
}

TEST_CASE("a body sent to a route that takes none is read and the next request answered") {
    SearchServer server = edge_server();
    RawConnection connection(server.port());
    connection.send("POST /api/v1/health HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello" + kHealth);
    const auto refused = connection.read_response(5s);
    check_error(refused, 405, "method_not_allowed");
    CHECK(refused->header("allow") == "GET, HEAD, OPTIONS");
    CHECK(connection.read_response(5s)->status == 200);
    check_healthy(server);
}

TEST_CASE("protocol errors answer a fitting status with a JSON error, never C++ text") {
    SearchServer server = edge_server();
    const std::string host = "Host: a\r\n";
    check_refused(server, "GET /api/v1/health HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n", 400, "bad_request");
    check_refused(server, "GET /api/v1/health HTTP/1.1\r\n" + host + "Content-Length: 18446744073709551616\r\n\r\n", 413,
                  "payload_too_large");
    check_refused(server, "GET /api/v1/health HTTP/1.1\r\n" + host + "Content-Length: 9223372036854775807\r\n\r\n", 413,
                  "payload_too_large");
    check_refused(server, "GET  HTTP/1.1\r\n" + host + "\r\n", 400, "bad_request");
    check_refused(server, "GET /api/v1/health HTTP/1.1\r\n\r\n", 400, "bad_request");
    check_refused(server, "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n" + host + "\r\n", 414, "uri_too_long");
    check_refused(server, "GET / HTTP/1.1\r\n" + host + "X-Big: " + std::string(20000, 'b') + "\r\n\r\n", 431,
                  "headers_too_large");
    std::string many_headers = "GET / HTTP/1.1\r\n" + host;
    for (int i = 0; i < 150; ++i) many_headers += "X-" + std::to_string(i) + ": 1\r\n";
    check_refused(server, many_headers + "\r\n", 431, "headers_too_large");
    check_refused(server, "POST /api/v1/health HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 411,
                  "length_required");
    check_refused(server, "POST /api/v1/health HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc",
                  400, "bad_request");
    check_refused(server, "BREW /pot HTTP/1.1\r\n" + host + "\r\n", 501, "not_implemented");
    check_refused(server, "GET / HTTP/2.0\r\n" + host + "\r\n", 505, "http_version_not_supported");
    check_refused(server, "GET / HTTP/1.1\r\n" + host + "Bad Header: x\r\n\r\n", 400, "bad_request");
    check_refused(server, std::string("GET /api/v1/health HTTP/1.1\r\nHost: a\0b\r\n\r\n", 43), 400, "bad_request");
    // The start of a TLS ClientHello, as a browser sends it to https:// on this plain port.
    check_refused(server, std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11), 400, "bad_request");
    // Errors of the query string stay on a kept-alive connection: the request itself was well framed.
    for (const std::string target : {"/api/v1/practitioners?q=%zz", "/api/v1/practitioners?q=50%",
                                      "/api/v1/practitioners?profession=10&profession=70"}) {
        INFO(target);
        const auto response = raw_exchange(server.port(), "GET " + target + " HTTP/1.1\r\n" + host + "\r\n");
        check_error(response, 400, target.find("profession=70") != std::string::npos ? "invalid_parameter" : "bad_request");
    }
    check_healthy(server);
}

TEST_CASE("a client that sends its request too slowly gets a 408, a silent one is closed") {
    SearchServer server = edge_server();
    RawConnection slow(server.port());
    slow.send("GET /api/v1/health HTTP/1.1\r\nHost: a\r\n");
    const auto start = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(600ms);
    slow.send("X-Slow: 1\r\n");   // trickling bytes does not extend the time-out
    check_error(slow.read_response(5s), 408, "request_timeout");
    CHECK(std::chrono::steady_clock::now() - start < 3s);
    CHECK(slow.closed_within(3s));

    RawConnection silent(server.port());
    CHECK(silent.closed_within(4s));
    CHECK(silent.pending().empty());
    check_healthy(server);
}

TEST_CASE("If-None-Match gets a 304 only where the answer would be a tagged 200") {
    SearchServer server = edge_server();
    const std::string host = "Host: a\r\nIf-None-Match: *\r\n";
    const auto missing = raw_exchange(server.port(), "GET /api/v1/practitioners/0 HTTP/1.1\r\n" + host + "\r\n");
    check_error(missing, 404, "not_found");
    const auto bad = raw_exchange(server.port(), "GET /api/v1/practitioners?bbox=1 HTTP/1.1\r\n" + host + "\r\n");
    check_error(bad, 400, "invalid_parameter");
    const auto health = raw_exchange(server.port(), "GET /api/v1/health HTTP/1.1\r\n" + host + "\r\n");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(health->header("etag").empty());
    CHECK(health->header("cache-control") == "no-store");
    const auto tagged = raw_exchange(server.port(), "GET /api/v1/practitioners?q=kine HTTP/1.1\r\n" + host + "\r\n");
    REQUIRE(tagged);
    CHECK(tagged->status == 304);
    CHECK(tagged->body.empty());
    check_healthy(server);
}

TEST_CASE("HEAD answers the GET's headers without a body, OPTIONS lists the methods") {
    SearchServer server = edge_server({"--cors-origin", "https://cpts.example"});
    RawConnection connection(server.port());
    connection.send("HEAD /api/v1/practitioners?q=kine HTTP/1.1\r\nHost: a\r\n\r\n" + kHealth);
    const auto head = connection.read_response(5s, true);
    REQUIRE(head);
    CHECK(head->status == 200);
    const auto get = raw_exchange(server.port(), "GET /api/v1/practitioners?q=kine HTTP/1.1\r\nHost: a\r\n\r\n");
    CHECK(head->header("content-length") == std::to_string(get->body.size()));
    CHECK(head->header("etag") == get->header("etag"));
    CHECK(connection.read_response(5s)->status == 200);   // the HEAD left no body behind

    const auto options = raw_exchange(server.port(), "OPTIONS /api/v1/practitioners HTTP/1.1\r\nHost: a\r\n\r\n");
    REQUIRE(options);
    CHECK(options->status == 204);
    CHECK(options->header("allow") == "GET, HEAD, OPTIONS");
    CHECK_FALSE(options->has_header("access-control-allow-origin"));
    const auto preflight = raw_exchange(server.port(),
                                        "OPTIONS /api/v1/practitioners HTTP/1.1\r\nHost: a\r\nOrigin: https://cpts.example\r\n"
                                        "Access-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: if-none-match\r\n\r\n");
    CHECK(preflight->header("access-control-allow-origin") == "https://cpts.example");
    CHECK(preflight->header("access-control-allow-methods") == "GET, HEAD, OPTIONS");
    CHECK(preflight->header("access-control-allow-headers") == "if-none-match");
    const auto other = raw_exchange(server.port(),
                                    "GET /api/v1/health HTTP/1.1\r\nHost: a\r\nOrigin: https://evil.example\r\n\r\n");
    CHECK_FALSE(other->has_header("access-control-allow-origin"));
    const auto allowed = raw_exchange(server.port(),
                                      "GET /api/v1/health HTTP/1.1\r\nHost: a\r\nOrigin: https://cpts.example\r\n\r\n");
    CHECK(allowed->header("access-control-allow-origin") == "https://cpts.example");
    CHECK(raw_exchange(server.port(), "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")->status == 204);
    check_healthy(server);
}

TEST_CASE("answers are compressed for clients that accept gzip and carry security headers") {
    SearchServer server = edge_server();
    const auto plain = raw_exchange(server.port(), "GET /api/v1/practitioners?q=kine HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto gzipped = raw_exchange(server.port(),
                                      "GET /api/v1/practitioners?q=kine HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip, br\r\n\r\n");
    REQUIRE(plain);
    REQUIRE(gzipped);
    CHECK_FALSE(plain->has_header("content-encoding"));
    CHECK(gzipped->header("content-encoding") == "gzip");
    CHECK(gzipped->body.size() < plain->body.size() / 3);
    CHECK(gzipped->header("vary") == "Accept-Encoding");
    for (const auto* response : {&*plain, &*gzipped}) {
        CHECK(response->header("x-content-type-options") == "nosniff");
        CHECK(!response->header("content-security-policy").empty());
        CHECK(!response->header("referrer-policy").empty());
        CHECK(response->header("x-frame-options") == "DENY");
    }
}

TEST_CASE("one address that floods the API gets 429 with Retry-After, others are served") {
    SearchServer server = edge_server({"--rate-limit", "2", "--rate-burst", "5"});
    RawConnection connection(server.port());
    int ok = 0, limited = 0;
    for (int i = 0; i < 12; ++i) {
        connection.send(kHealth);
        const auto response = connection.read_response(5s);
        REQUIRE(response);
        if (response->status == 200) ++ok;
        if (response->status == 429) {
            ++limited;
            check_error(response, 429, "too_many_requests");
            CHECK(std::stoi(response->header("retry-after")) >= 1);
        }
    }
    CHECK(ok >= 5);
    CHECK(ok <= 7);
    CHECK(limited == 12 - ok);
    // Another address has its own bucket.
    RawConnection neighbour(server.port(), "127.0.0.2");
    neighbour.send(kHealth);
    CHECK(neighbour.read_response(5s)->status == 200);
}

TEST_CASE("at the per-address cap the longest-idle connection makes room for a new one") {
    SearchServer server = edge_server({"--max-connections-per-address", "3", "--idle-timeout", "30", "--header-timeout", "30"});
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < 3; ++i) {
        idle.push_back(std::make_unique<RawConnection>(server.port()));
        std::this_thread::sleep_for(50ms);
    }
    const auto start = std::chrono::steady_clock::now();
    const auto response = raw_exchange(server.port(), kHealth, 5s);
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(std::chrono::steady_clock::now() - start < 1s);
    CHECK(idle.front()->closed_within(2s));   // the oldest went
    CHECK_FALSE(idle.back()->closed_within(200ms));
    idle.back()->send(kHealth);
    CHECK(idle.back()->read_response(5s)->status == 200);
}

TEST_CASE("clients that reset their connections in the middle of exports leave the server answering") {
    SearchServer server = edge_server({"--max-exports", "3"});
    for (int round = 0; round < 3; ++round) {
        std::vector<std::unique_ptr<RawConnection>> clients;
        for (int i = 0; i < 6; ++i) {
            clients.push_back(std::make_unique<RawConnection>(server.port()));
            const char* format = i % 3 == 0 ? "csv" : i % 3 == 1 ? "geojson" : "gpkg";
            clients.back()->send(std::string("GET /api/v1/export?format=") + format + " HTTP/1.1\r\nHost: a\r\n\r\n");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20 * round));
        for (auto& client : clients) {
            // SO_LINGER 0: close() sends a reset, as a killed browser tab or a dropped network does.
            const linger reset{1, 0};
            setsockopt(client->fd(), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
            client.reset();
        }
        check_healthy(server);
    }
    // And an export still comes whole.
    RawConnection connection(server.port());
    connection.send("GET /api/v1/export?format=geojson HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto response = connection.read_response(30s);
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->header("transfer-encoding") == "chunked");
    CHECK(nlohmann::json::parse(response->body)["features"].size() > 1000);
}
