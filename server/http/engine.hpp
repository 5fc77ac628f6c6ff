// HTTP/1.1 over the connections the listener reports: parsing, keep-alive and pipelining
// (requests of one connection answered one at a time, in order), routing, limits (connections,
// rates, time-outs, sizes), handlers on worker pools, and streamed bodies with back-pressure.
// Nothing a client sends reaches a handler unchecked, and no handler runs on a thread that
// reads or writes sockets.
#pragma once

#include "http/connection.hpp"
#include "http/listener.hpp"
#include "http/rate_limiter.hpp"
#include "http/request_parser.hpp"
#include "http/responses.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace annuaire::http {

class WorkerPool;

struct EngineLimits {
    ParserLimits parser;
    std::chrono::milliseconds header_timeout{5000};   // from a request's first byte to its last
    std::chrono::milliseconds idle_timeout{10000};    // keep-alive wait for the next request
    std::chrono::milliseconds send_timeout{30000};    // a client that reads nothing for this long is dropped
    std::chrono::milliseconds linger{2000};           // after the last response, wait for the client's end
    std::size_t max_connections = 4096;               // kept open in total; beyond, idle ones are evicted
    std::size_t max_connections_per_address = 128;    // trusted proxies are exempt
    std::size_t max_requests_per_connection = 1000;
    std::size_t max_pipelined_bytes = 64 * 1024;      // kept beyond the request being answered
    std::size_t output_high_water = 512 * 1024;       // streamed bodies wait for the client above this
};

struct EngineConfig {
    EngineLimits limits;
    RateLimits rates;
    HeaderPolicy headers;
    int worker_threads = 2;
    std::size_t max_waiting_requests = 4096;
    int max_concurrent_exports = 2;
    std::size_t max_waiting_writes = 64;        // requests that change the database, waiting their turn
    std::vector<std::string> trusted_proxies;   // peers whose X-Real-IP / X-Forwarded-For name the client
    std::string upload_dir;                     // where uploads are written as they arrive
    std::size_t max_concurrent_uploads = 1;
};

class Engine final : public ConnectionEvents {
public:
    // static_files may be null (no --web).
    Engine(EngineConfig config, Router router, std::unique_ptr<StaticFiles> static_files);
    ~Engine() override;
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Stops the pools and the output thread; in-flight requests finish, waiting ones are dropped.
    void stop();

    std::shared_ptr<Connection> opened(int fd, std::string address) noexcept override;
    void received(const std::shared_ptr<Connection>& connection, std::string_view bytes) noexcept override;
    void closed(const std::shared_ptr<Connection>& connection) noexcept override;

private:
    class StreamSink;
    using Lock = std::unique_lock<std::mutex>;

    void pump_locked(const std::shared_ptr<Connection>& connection, Lock& lock);
    // `body_file`: an upload's body, received; `admitted`: its rate was counted at admission.
    void start_request_locked(const std::shared_ptr<Connection>& connection, RequestHead head, std::string body,
                              std::string body_file = {}, bool admitted = false);
    // An upload's head is complete: route, rate and the route's admission, then a file for the body.
    void begin_upload_locked(const std::shared_ptr<Connection>& connection);
    // Writes received bytes to the upload's file; starts the request once the body is whole.
    void feed_upload_locked(const std::shared_ptr<Connection>& connection, std::string_view bytes);
    // Drops an upload in progress (its file removed).
    void end_upload_locked(Connection& connection);
    bool is_upload(const RequestHead& head) const;
    Exchange exchange_for(const RequestHead& head) const;
    void run_handler(const std::shared_ptr<Connection>& connection, const Route& route, Request request, Exchange exchange,
                     bool keep_alive);
    void serve_static(const std::shared_ptr<Connection>& connection, const Request& request, const Exchange& exchange,
                      bool keep_alive);
    void stream(const std::shared_ptr<Connection>& connection, const Exchange& exchange, Response& response, bool keep_alive);
    // Queues a whole response and sends what it can; then the connection reads the next request
    // (keep_alive) or closes once the response is out.
    void send_locked(const std::shared_ptr<Connection>& connection, std::string bytes, bool keep_alive);
    // Answers a request this layer refuses (parse errors, time-outs...) and closes.
    void refuse_locked(const std::shared_ptr<Connection>& connection, const Response& response);
    void after_flush_locked(Connection& connection, Connection::Flush flush);
    // Delivers a response computed off the connection's lock, then goes on with pipelined requests.
    void deliver(const std::shared_ptr<Connection>& connection, std::string bytes, bool keep_alive);
    void output_loop();
    void trim_memory_soon();
    void trim_loop();
    void sweep(Connection::Clock::time_point now);
    std::shared_ptr<Connection> find(std::uint64_t id) const;
    // With registry_mutex_ held: shuts down up to `count` of the longest-idle connections (of one
    // address, or of all); returns how many.
    std::size_t evict_idle_locked(const std::string* address, std::size_t count, Connection::Clock::time_point now);
    std::string client_address(const Connection& connection, const RequestHead& head) const;
    bool trusted_proxy(const std::string& address) const;

    EngineConfig config_;
    Router router_;
    std::unique_ptr<StaticFiles> static_files_;
    RateLimiter rate_limiter_;
    OutputPoller poller_;
    std::unique_ptr<WorkerPool> requests_pool_;
    std::unique_ptr<WorkerPool> exports_pool_;
    std::unique_ptr<WorkerPool> writes_pool_;
    std::atomic<std::size_t> uploads_in_progress_{0};

    mutable std::mutex registry_mutex_;   // taken before a connection's mutex, never after
    std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> connections_;
    std::unordered_map<std::string, std::size_t> per_address_;   // not counting evicted ones
    std::size_t evicting_ = 0;   // evicted, not closed yet
    std::uint64_t next_id_ = 1;

    Connection::Clock::time_point last_forget_ = Connection::Clock::now();   // output thread only
    std::atomic<bool> stopping_{false};
    std::thread output_thread_;
    std::mutex trim_mutex_;
    std::condition_variable trim_wake_;
    bool trim_wanted_ = false;
    std::thread trim_thread_;
};

}  // namespace annuaire::http
