// How the engine answers a request: routing, admission and rates, uploads written to a file
// as they arrive, handlers on the worker pools, static files, and streamed bodies with
// back-pressure. Connections and output are in engine.cpp.
#include "http/engine.hpp"

#include "http/gzip.hpp"
#include "http/http_error.hpp"
#include "http/query_string.hpp"
#include "http/worker_pool.hpp"
#include "search/export.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace annuaire::http {

namespace {

using Clock = Connection::Clock;

// Thrown into a streamed body's producer when its client has gone away.
class ClientGone : public std::runtime_error {
public:
    ClientGone() : std::runtime_error("the client closed the connection") {}
};

bool looks_like_ip(std::string_view text) {
    if (text.empty() || text.size() > 45) return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
    });
}

std::string trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return std::string(text);
}

}  // namespace

// The body of a streamed response: framed in chunks, compressed if asked, written through the
// connection with back-pressure (write() waits while the client has not read enough).
class Engine::StreamSink final : public search::ByteSink {
public:
    StreamSink(Engine& engine, std::shared_ptr<Connection> connection, bool chunked, bool gzip)
        : engine_(engine), connection_(std::move(connection)), chunked_(chunked) {
        if (gzip) gzip_ = std::make_unique<GzipStream>(4);
    }

    void write(std::string_view bytes) override {
        if (gzip_) {
            pending_ += gzip_->write(bytes);
        } else {
            pending_.append(bytes);
        }
        if (pending_.size() >= kChunk) emit();
    }

    void finish() {
        if (gzip_) pending_ += gzip_->finish();
        emit();
        if (chunked_) push("0\r\n\r\n");
    }

    // Raw bytes (the head), not framed.
    void push(std::string bytes) {
        Lock lock(connection_->mutex);
        auto& connection = *connection_;
        while (true) {
            if (connection.phase == Connection::Phase::closed || connection.aborted || engine_.stopping_) throw ClientGone();
            if (connection.output_bytes < engine_.config_.limits.output_high_water) break;
            // The output thread wakes us as the client reads; the sweep drops a client that stalls.
            connection.output_drained.wait_for(lock, std::chrono::milliseconds(250));
        }
        connection.output_bytes += bytes.size();
        connection.output.push_back(std::move(bytes));
        const auto flush = connection.flush_locked(engine_.poller_, Clock::now());
        if (flush == Connection::Flush::failed) throw ClientGone();
    }

private:
    static constexpr std::size_t kChunk = 64 * 1024;

    void emit() {
        if (pending_.empty()) return;
        if (chunked_) {
            char size[24];
            std::snprintf(size, sizeof size, "%zx\r\n", pending_.size());
            pending_.insert(0, size);
            pending_.append("\r\n");
        }
        push(std::move(pending_));
        pending_.clear();
    }

    Engine& engine_;
    std::shared_ptr<Connection> connection_;
    bool chunked_;
    std::unique_ptr<GzipStream> gzip_;
    std::string pending_;
};

// ---- Requests -----------------------------------------------------------------------------

void Engine::pump_locked(const std::shared_ptr<Connection>& connection, Lock& lock) {
    (void)lock;
    auto& c = *connection;
    while (c.phase == Connection::Phase::reading && !c.aborted) {
        if (c.upload) return;   // its body arrives through received()
        // Answers pile up when a client pipelines without reading: wait until it reads.
        if (c.output_bytes > config_.limits.output_high_water) return;
        if (!c.head) {
            if (c.input.empty()) {
                if (c.input_overflow) send_locked(connection, {}, false);
                return;
            }
            HeadParse parsed;
            try {
                parsed = parse_request_head(c.input, c.scan, config_.limits.parser);
            } catch (const HttpError& error) {
                refuse_locked(connection, error_response(error.status(), error.code(), error.what()));
                return;
            }
            if (!parsed.complete) {
                if (c.input_overflow) send_locked(connection, {}, false);
                return;
            }
            c.head = std::move(parsed);
            if (is_upload(c.head->head)) {
                begin_upload_locked(connection);
                continue;
            }
        }
        const std::size_t needed = c.head->head_bytes + c.head->head.content_length;
        if (c.input.size() < needed) {
            if (c.input_overflow) {
                send_locked(connection, {}, false);
            } else if (c.head->head.expect_continue && !c.continue_sent) {
                c.continue_sent = true;
                c.output_bytes += 25;
                c.output.emplace_back("HTTP/1.1 100 Continue\r\n\r\n");
                after_flush_locked(c, c.flush_locked(poller_, Clock::now()));
            }
            return;
        }
        std::string body = c.input.substr(c.head->head_bytes, c.head->head.content_length);
        RequestHead head = std::move(c.head->head);
        c.input.erase(0, needed);
        c.head.reset();
        c.scan = {};
        c.continue_sent = false;
        c.phase = Connection::Phase::processing;
        ++c.requests;
        c.first_request = false;
        start_request_locked(connection, std::move(head), std::move(body));
    }
}

std::string Engine::client_address(const Connection& connection, const RequestHead& head) const {
    if (!trusted_proxy(connection.address)) return connection.address;
    // The proxy appends the address it saw last; earlier entries are the client's own say.
    if (const auto* real_ip = head.header("x-real-ip"); real_ip && looks_like_ip(trimmed(*real_ip))) return trimmed(*real_ip);
    if (const auto* forwarded = head.header("x-forwarded-for")) {
        const auto comma = forwarded->rfind(',');
        const auto last = trimmed(comma == std::string::npos ? *forwarded : forwarded->substr(comma + 1));
        if (looks_like_ip(last)) return last;
    }
    return connection.address;
}

Exchange Engine::exchange_for(const RequestHead& head) const {
    Exchange exchange;
    exchange.method = head.method;
    exchange.minor_version = head.minor_version;
    if (const auto* value = head.header("accept-encoding")) exchange.accepts_gzip = accepts_gzip(*value);
    if (const auto* value = head.header("origin")) exchange.origin = *value;
    if (const auto* value = head.header("if-none-match")) exchange.if_none_match = *value;
    exchange.api = head.path.rfind("/api/", 0) == 0 || head.path == "/api";
    return exchange;
}

bool Engine::is_upload(const RequestHead& head) const {
    const auto& paths = config_.limits.parser.upload_paths;
    return head.method == "POST" && head.content_length > 0 && std::find(paths.begin(), paths.end(), head.path) != paths.end();
}

void Engine::begin_upload_locked(const std::shared_ptr<Connection>& connection) {
    auto& c = *connection;
    RequestHead head = std::move(c.head->head);
    const auto head_bytes = c.head->head_bytes;
    c.head.reset();
    c.scan = {};
    const auto exchange = exchange_for(head);
    const auto client = client_address(c, head);
    int fd = -1;
    std::string path;
    try {
        // What any request goes through before its handler (route, rate), then the route's own
        // admission, all before one byte of the body is kept.
        const auto match = router_.match(head.method, head.path);
        const Route* route = match ? match->route : nullptr;
        if (!route || !route->upload) throw HttpError(405, "method_not_allowed", head.method + " is not allowed on " + head.path);
        int retry_after = 1;
        if (!rate_limiter_.allow(client, route->rate, Clock::now(), retry_after)) {
            throw HttpError(429, "too_many_requests",
                            "too many requests from this address; try again in " + std::to_string(retry_after) + " s");
        }
        Request request;
        request.method = head.method;
        request.path = percent_decode(head.path, false, "the path");
        request.params = parse_query_string(head.query);
        request.headers = head.headers;
        request.client_address = client;
        if (route->admit) route->admit(request);
        if (uploads_in_progress_ >= config_.max_concurrent_uploads) {
            throw HttpError(503, "upload_busy", "another upload is being received; try again when it is done");
        }
        path = config_.upload_dir + "/upload-XXXXXX";
        fd = ::mkostemp(path.data(), O_CLOEXEC);
        if (fd < 0) {
            const int error = errno;
            path.clear();
            throw std::runtime_error("cannot create a file for an upload in '" + config_.upload_dir + "': " + std::strerror(error));
        }
    } catch (...) {
        // Refused before the body: the connection closes, the client stops sending.
        Exchange refused = exchange;
        send_locked(connection, render_response(refused, response_for_exception(std::current_exception(), head.path), config_.headers, false),
                    false);
        return;
    }
    ++uploads_in_progress_;
    const auto now = Clock::now();
    c.upload = Connection::Upload{fd, path, head.content_length, now, std::move(head), client};
    c.request_started.reset();
    if (c.upload->head.expect_continue) {
        c.output_bytes += 25;
        c.output.emplace_back("HTTP/1.1 100 Continue\r\n\r\n");
        after_flush_locked(c, c.flush_locked(poller_, now));
    }
    // What came with the head already.
    std::string rest = c.input.substr(head_bytes);
    c.input.clear();
    feed_upload_locked(connection, rest);
}

void Engine::feed_upload_locked(const std::shared_ptr<Connection>& connection, std::string_view bytes) {
    auto& c = *connection;
    auto& upload = *c.upload;
    const auto take = std::min(bytes.size(), upload.remaining);
    std::size_t written = 0;
    while (written < take) {
        const auto n = ::write(upload.fd, bytes.data() + written, take - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int error = n < 0 ? errno : ENOSPC;
            end_upload_locked(c);
            refuse_locked(connection, error_response(507, "insufficient_storage",
                                                     std::string("the server cannot store the upload: ") + std::strerror(error)));
            return;
        }
        written += static_cast<std::size_t>(n);
    }
    upload.remaining -= take;
    upload.last_progress = Clock::now();
    if (take < bytes.size()) c.input.append(bytes.substr(take));   // pipelined after the body
    if (upload.remaining > 0) return;
    ::close(upload.fd);
    upload.fd = -1;
    auto head = std::move(upload.head);
    auto path = std::move(upload.path);
    c.upload.reset();
    --uploads_in_progress_;
    c.phase = Connection::Phase::processing;
    ++c.requests;
    c.first_request = false;
    start_request_locked(connection, std::move(head), {}, std::move(path), true);
}

void Engine::end_upload_locked(Connection& connection) {
    if (!connection.upload) return;
    connection.discard_upload_locked();
    --uploads_in_progress_;
}

void Engine::start_request_locked(const std::shared_ptr<Connection>& connection, RequestHead head, std::string body,
                                  std::string body_file, bool admitted) {
    auto& c = *connection;
    const bool keep_alive = head.keep_alive && !stopping_ && c.requests < config_.limits.max_requests_per_connection;
    const Exchange exchange = exchange_for(head);
    const std::string upload_file = body_file;   // removed here unless a handler gets it
    bool handed_over = false;
    const auto answer = [&](const Response& response, bool keep) {
        send_locked(connection, render_response(exchange, response, config_.headers, keep), keep);
    };
    try {
        Request request;
        request.method = head.method;
        request.client_address = client_address(c, head);
        if (head.path == "*") {
            answer(options_response(exchange, {"GET", "HEAD", "OPTIONS"}, nullptr, nullptr, config_.headers), keep_alive);
            return;
        }
        request.path = percent_decode(head.path, false, "the path");
        if (request.path.find('\0') != std::string::npos) throw HttpError(400, "bad_request", "the path holds a NUL byte");
        request.params = parse_query_string(head.query);
        request.body = std::move(body);
        request.body_file = std::move(body_file);
        request.headers = std::move(head.headers);

        // Routes match the path as sent: an encoded '/' stays inside its segment.
        const auto match = exchange.api || !static_files_ ? router_.match(request.method, head.path) : std::nullopt;
        const bool static_path = !exchange.api && static_files_;
        std::vector<std::string> allowed = static_path ? std::vector<std::string>{"GET", "HEAD", "OPTIONS"}
                                           : match    ? match->allowed
                                                      : std::vector<std::string>{};
        const Route* route = match ? match->route : nullptr;
        // Every API request counts, whatever its answer (a flood of 404s is still a flood).
        const RateClass rate = route ? route->rate : exchange.api ? RateClass::api : RateClass::none;
        int retry_after = 1;
        if (!admitted && !rate_limiter_.allow(request.client_address, rate, Clock::now(), retry_after)) {
            answer(error_response(429, "too_many_requests",
                                  "too many requests from this address; try again in " + std::to_string(retry_after) + " s",
                                  retry_after),
                   keep_alive);
            return;
        }
        if (!static_path && !match) {
            throw HttpError(404, "not_found", "no resource at " + head.path.substr(0, 200));
        }
        if (request.method == "OPTIONS") {
            answer(options_response(exchange, allowed, request.header("access-control-request-method"),
                                    request.header("access-control-request-headers"), config_.headers),
                   keep_alive);
            return;
        }
        const bool method_ok = static_path ? (request.method == "GET" || request.method == "HEAD") : route != nullptr;
        if (!method_ok) {
            std::string allow;
            for (const auto& method : allowed) allow += (allow.empty() ? "" : ", ") + method;
            auto response = error_response(405, "method_not_allowed", request.method + " is not allowed on " +
                                                                          head.path.substr(0, 200) + " (allowed: " + allow + ")");
            response.headers.emplace_back("Allow", allow);
            answer(response, keep_alive);
            return;
        }
        if (route) {
            for (const auto& [name, value] : match->path_params) {
                request.path_params[name] = percent_decode(value, false, "the path");
            }
        }
        auto& pool = !route                          ? *requests_pool_
                     : route->pool == Pool::exports ? *exports_pool_
                     : route->pool == Pool::writes  ? *writes_pool_
                                                    : *requests_pool_;
        auto job = [this, connection, route, request = std::move(request), exchange, keep_alive]() mutable {
            if (route) {
                run_handler(connection, *route, std::move(request), std::move(exchange), keep_alive);
            } else {
                serve_static(connection, request, exchange, keep_alive);
            }
        };
        handed_over = pool.try_submit(std::move(job));
        if (!handed_over) {
            const bool exports = route && route->pool == Pool::exports;
            answer(error_response(503, exports ? "exports_busy" : "busy",
                                  exports ? "the server is already writing as many exports as it allows; try again shortly"
                                          : "the server is busy; try again shortly",
                                  exports ? 10 : 1),
                   keep_alive);
        }
    } catch (...) {
        answer(response_for_exception(std::current_exception(), head.path), keep_alive);
    }
    // An upload refused before its handler ran: its file goes.
    if (!upload_file.empty() && !handed_over) {
        std::error_code ignored;
        std::filesystem::remove(upload_file, ignored);
    }
}

void Engine::run_handler(const std::shared_ptr<Connection>& connection, const Route& route, Request request,
                         Exchange exchange, bool keep_alive) {
    Response response;
    try {
        response = route.handler(request);
    } catch (...) {
        response = response_for_exception(std::current_exception(), request.path);
    }
    if (!request.body_file.empty()) {
        // The handler moved what it keeps.
        std::error_code ignored;
        std::filesystem::remove(request.body_file, ignored);
    }
    if (response.stream && response.status == 200 && exchange.method != "HEAD") {
        stream(connection, exchange, response, keep_alive);
        return;
    }
    std::string bytes;
    try {
        // HEAD of a streamed answer: its head, whose length nobody knows before writing it.
        bytes = response.stream && response.status == 200
                    ? render_stream_head(exchange, response, config_.headers, keep_alive, false, false)
                    : render_response(exchange, response, config_.headers, keep_alive);
    } catch (...) {
        bytes = render_response(exchange, response_for_exception(std::current_exception(), request.path), config_.headers,
                                keep_alive);
    }
    deliver(connection, std::move(bytes), keep_alive);
}

void Engine::serve_static(const std::shared_ptr<Connection>& connection, const Request& request, const Exchange& exchange,
                          bool keep_alive) {
    std::string bytes;
    try {
        const auto file = static_files_->find(request.path);
        if (!file) {
            bytes = render_response(exchange, error_response(404, "not_found", "no file at " + request.path.substr(0, 200)),
                                    config_.headers, keep_alive);
        } else {
            Response response;
            response.content_type = file->content_type;
            response.body = file->body;
            response.etag = file->etag;
            response.lifetime = is_content_hashed(request.path)                     ? Response::Lifetime::immutable
                                : file->content_type.rfind("text/html", 0) == 0 ? Response::Lifetime::revalidate
                                                                                  : Response::Lifetime::static_file;
            bytes = render_response(exchange, response, config_.headers, keep_alive, &file->gzip_body);
        }
    } catch (...) {
        bytes = render_response(exchange, response_for_exception(std::current_exception(), request.path), config_.headers,
                                keep_alive);
    }
    deliver(connection, std::move(bytes), keep_alive);
}

void Engine::stream(const std::shared_ptr<Connection>& connection, const Exchange& exchange, Response& response,
                    bool keep_alive) {
    // HTTP/1.0 has no chunks: the end of the body is the end of the connection.
    const bool chunked = exchange.minor_version == 1;
    keep_alive = keep_alive && chunked;
    const bool gzip = exchange.accepts_gzip && is_compressible(response.content_type);
    try {
        StreamSink sink(*this, connection, chunked, gzip);
        sink.push(render_stream_head(exchange, response, config_.headers, keep_alive, chunked, gzip));
        response.stream(sink);
        sink.finish();
    } catch (const ClientGone&) {
        response.stream = nullptr;
        trim_memory_soon();
        return;
    } catch (const std::exception& error) {
        // The status is sent already: the only honest signal left is an unfinished body.
        std::cerr << "annuaire serve: a streamed answer failed: " << error.what() << std::endl;
        response.stream = nullptr;
        std::lock_guard lock(connection->mutex);
        connection->abort_locked();
        trim_memory_soon();
        return;
    }
    response.stream = nullptr;   // whatever the producer held goes now, before memory is trimmed
    deliver(connection, {}, keep_alive);
    trim_memory_soon();
}

void Engine::trim_memory_soon() {
    {
        std::lock_guard lock(trim_mutex_);
        trim_wanted_ = true;
    }
    trim_wake_.notify_one();
}

void Engine::trim_loop() {
    // Gives the heap's free pages back to the system after large answers (exports), so that they
    // do not keep the server's memory up; on its own thread, as it takes a while on a large heap
    // and must not hold an export's place or delay a client.
    std::unique_lock lock(trim_mutex_);
    while (true) {
        trim_wake_.wait(lock, [this] { return trim_wanted_ || stopping_; });
        if (stopping_) return;
        trim_wanted_ = false;
        lock.unlock();
        malloc_trim(0);
        lock.lock();
    }
}

}  // namespace annuaire::http
