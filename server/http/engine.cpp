// The engine's connections and output: opening and closing them, feeding their bytes to the
// parser, writing responses on the output thread, time-outs and eviction. How a request is
// answered (routing, uploads, handlers, streamed bodies) is in engine_requests.cpp.
#include "http/engine.hpp"

#include "http/worker_pool.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace annuaire::http {

namespace {

using Clock = Connection::Clock;

}  // namespace

Engine::Engine(EngineConfig config, Router router, std::unique_ptr<StaticFiles> static_files)
    : config_(std::move(config)),
      router_(std::move(router)),
      static_files_(std::move(static_files)),
      rate_limiter_(config_.rates),
      requests_pool_(std::make_unique<WorkerPool>(config_.worker_threads, config_.max_waiting_requests)),
      exports_pool_(std::make_unique<WorkerPool>(config_.max_concurrent_exports, 0)),
      writes_pool_(std::make_unique<WorkerPool>(1, config_.max_waiting_writes)) {
    output_thread_ = std::thread([this] { output_loop(); });
    trim_thread_ = std::thread([this] { trim_loop(); });
}

Engine::~Engine() { stop(); }

void Engine::stop() {
    if (stopping_.exchange(true)) return;
    requests_pool_->stop();
    exports_pool_->stop();
    writes_pool_->stop();
    if (output_thread_.joinable()) output_thread_.join();
    {
        std::lock_guard lock(trim_mutex_);   // so that the trimmer cannot miss the wake-up
    }
    trim_wake_.notify_all();
    if (trim_thread_.joinable()) trim_thread_.join();
}

bool Engine::trusted_proxy(const std::string& address) const {
    return std::find(config_.trusted_proxies.begin(), config_.trusted_proxies.end(), address) != config_.trusted_proxies.end();
}

std::shared_ptr<Connection> Engine::find(std::uint64_t id) const {
    std::lock_guard lock(registry_mutex_);
    const auto found = connections_.find(id);
    return found == connections_.end() ? nullptr : found->second;
}

// ---- Connections --------------------------------------------------------------------------

std::shared_ptr<Connection> Engine::opened(int fd, std::string address) noexcept {
    try {
        const auto now = Clock::now();
        std::shared_ptr<Connection> connection;
        bool refuse = false;
        {
            std::lock_guard registry(registry_mutex_);
            connection = std::make_shared<Connection>(next_id_++, fd, std::move(address), now);
            const auto& limits = config_.limits;
            // Connections already shut down by an eviction no longer count: they are only waiting
            // for the listener to close them.
            const bool over_total = connections_.size() - evicting_ >= limits.max_connections;
            const bool over_address = !trusted_proxy(connection->address) &&
                                      per_address_[connection->address] >= limits.max_connections_per_address;
            if (over_total || over_address) {
                const std::size_t cap = over_total ? limits.max_connections : limits.max_connections_per_address;
                refuse = evict_idle_locked(over_total ? nullptr : &connection->address, std::clamp<std::size_t>(cap / 16, 1, 32), now) == 0;
            }
            connections_.emplace(connection->id, connection);
            ++per_address_[connection->address];
        }
        if (refuse) {
            // The answer goes into the socket's buffer and the connection ends at once: under a
            // flood, a refused connection must not hold its descriptor while lingering.
            std::lock_guard lock(connection->mutex);
            refuse_locked(connection, error_response(503, "too_many_connections",
                                                     "the server has too many open connections; try again shortly", 1));
            connection->abort_locked();
        }
        return connection;
    } catch (const std::exception& error) {
        std::cerr << "annuaire serve: cannot take a connection: " << error.what() << std::endl;
        return nullptr;
    }
}

std::size_t Engine::evict_idle_locked(const std::string* address, std::size_t count, Clock::time_point now) {
    // Make room by dropping the connections that have waited longest for a request (idle keep-alives,
    // clients that trickle their headers), as a browser's idle connection would be dropped anyway;
    // several at once, so that a flood of new connections does not scan them all each time.
    std::vector<std::pair<Clock::time_point, Connection*>> idle;
    for (const auto& [id, other] : connections_) {
        if (address && other->address != *address) continue;
        std::unique_lock other_lock(other->mutex, std::try_to_lock);
        if (!other_lock || other->aborted || other->phase != Connection::Phase::reading || other->output_bytes > 0) continue;
        if (other->waiting_since >= now) continue;
        idle.emplace_back(other->waiting_since, other.get());
    }
    count = std::min(count, idle.size());
    std::partial_sort(idle.begin(), idle.begin() + static_cast<std::ptrdiff_t>(count), idle.end());
    std::size_t evicted = 0;
    for (std::size_t i = 0; i < count; ++i) {
        auto& victim = *idle[i].second;
        std::lock_guard victim_lock(victim.mutex);
        if (victim.aborted || victim.phase != Connection::Phase::reading) continue;
        victim.evicted = true;
        victim.abort_locked();
        ++evicting_;
        const auto counted = per_address_.find(victim.address);
        if (counted != per_address_.end() && --counted->second == 0) per_address_.erase(counted);
        ++evicted;
    }
    return evicted;
}

void Engine::closed(const std::shared_ptr<Connection>& connection) noexcept {
    bool evicted = false;
    {
        std::lock_guard lock(connection->mutex);
        evicted = connection->evicted;
        connection->phase = Connection::Phase::closed;
        end_upload_locked(*connection);
        poller_.disarm(*connection);
        connection->output.clear();
        connection->output_bytes = 0;
        connection->input.clear();
        connection->output_drained.notify_all();
    }
    std::lock_guard registry(registry_mutex_);
    connections_.erase(connection->id);
    if (evicted) {
        --evicting_;   // its address stopped counting it when it was evicted
        return;
    }
    const auto count = per_address_.find(connection->address);
    if (count != per_address_.end() && --count->second == 0) per_address_.erase(count);
}

void Engine::received(const std::shared_ptr<Connection>& connection, std::string_view bytes) noexcept {
    try {
        Lock lock(connection->mutex);
        auto& c = *connection;
        if (c.phase == Connection::Phase::closing || c.phase == Connection::Phase::closed || c.aborted) return;
        if (c.upload) {
            feed_upload_locked(connection, bytes);
            if (c.phase == Connection::Phase::reading) pump_locked(connection, lock);
            return;
        }
        if (c.input_overflow) return;
        const auto& limits = config_.limits;
        const std::size_t keep = limits.parser.max_head + limits.parser.max_body + limits.max_pipelined_bytes;
        if (c.input.size() + bytes.size() > keep) {
            // More was pipelined than we hold: the requests complete so far are answered, then
            // the connection closes (RFC 9112 9.3.2: the client retries the ones not answered).
            c.input_overflow = true;
        } else {
            c.input.append(bytes);
        }
        if (c.phase == Connection::Phase::reading && !c.request_started && !c.input.empty()) c.request_started = Clock::now();
        pump_locked(connection, lock);
    } catch (const std::exception& error) {
        std::cerr << "annuaire serve: while reading a request: " << error.what() << std::endl;
    }
}

// ---- Output -------------------------------------------------------------------------------

void Engine::deliver(const std::shared_ptr<Connection>& connection, std::string bytes, bool keep_alive) {
    Lock lock(connection->mutex);
    if (connection->phase == Connection::Phase::closed || connection->aborted) return;
    send_locked(connection, std::move(bytes), keep_alive);
    pump_locked(connection, lock);
}

void Engine::send_locked(const std::shared_ptr<Connection>& connection, std::string bytes, bool keep_alive) {
    auto& c = *connection;
    if (c.phase == Connection::Phase::closed || c.aborted) return;
    const auto now = Clock::now();
    if (!bytes.empty()) {
        c.output_bytes += bytes.size();
        c.output.push_back(std::move(bytes));
    }
    if (keep_alive && !c.input_overflow) {
        c.phase = Connection::Phase::reading;
        c.waiting_since = now;
        c.request_started = c.input.empty() ? std::nullopt : std::optional<Clock::time_point>(now);
    } else {
        c.phase = Connection::Phase::closing;
        c.input.clear();
    }
    after_flush_locked(c, c.flush_locked(poller_, now));
}

void Engine::refuse_locked(const std::shared_ptr<Connection>& connection, const Response& response) {
    Exchange exchange;
    exchange.method = "GET";
    send_locked(connection, render_response(exchange, response, config_.headers, false), false);
}

void Engine::after_flush_locked(Connection& connection, Connection::Flush flush) {
    if (flush == Connection::Flush::drained && connection.phase == Connection::Phase::closing) {
        connection.shut_write_locked(Clock::now(), config_.limits.linger);
    }
}

void Engine::output_loop() {
    std::uint64_t ready[64];
    auto next_sweep = Clock::now();
    while (!stopping_) {
        const auto count = poller_.wait(ready, 64, 100);
        for (std::size_t i = 0; i < count; ++i) {
            const auto connection = find(ready[i]);
            if (!connection) continue;
            Lock lock(connection->mutex);
            after_flush_locked(*connection, connection->flush_locked(poller_, Clock::now()));
            // Requests held back while this client did not read can go on now.
            if (connection->phase == Connection::Phase::reading) pump_locked(connection, lock);
        }
        const auto now = Clock::now();
        if (now >= next_sweep) {
            sweep(now);
            next_sweep = now + std::chrono::milliseconds(250);
        }
    }
}

void Engine::sweep(Clock::time_point now) {
    std::vector<std::shared_ptr<Connection>> all;
    {
        std::lock_guard registry(registry_mutex_);
        all.reserve(connections_.size());
        for (const auto& [id, connection] : connections_) all.push_back(connection);
    }
    const auto& limits = config_.limits;
    for (const auto& connection : all) {
        Lock lock(connection->mutex);
        auto& c = *connection;
        if (c.phase == Connection::Phase::closed || c.aborted) continue;
        if (c.output_bytes > 0) {
            if (now - c.last_progress > limits.send_timeout) c.abort_locked();
            continue;
        }
        if (c.phase == Connection::Phase::closing) {
            if (c.linger_until && now > *c.linger_until) c.abort_locked();
            continue;
        }
        if (c.phase != Connection::Phase::reading) continue;
        if (c.upload) {
            // A body that keeps coming may take its time; one that stops is dropped.
            if (now - c.upload->last_progress > limits.header_timeout) {
                end_upload_locked(c);
                refuse_locked(connection, error_response(408, "request_timeout",
                                                         "the upload stopped: nothing came for " +
                                                             std::to_string(limits.header_timeout.count() / 1000.0).substr(0, 4) +
                                                             " s"));
            }
            continue;
        }
        if (c.request_started) {
            if (now - *c.request_started > limits.header_timeout) {
                refuse_locked(connection, error_response(408, "request_timeout",
                                                         "the request did not arrive within " +
                                                             std::to_string(limits.header_timeout.count() / 1000.0).substr(0, 4) +
                                                             " s"));
            }
        } else if (now - c.waiting_since > (c.first_request ? limits.header_timeout : limits.idle_timeout)) {
            c.abort_locked();   // an idle connection ends quietly, as keep-alive allows
        }
    }
    if (now - last_forget_ > std::chrono::seconds(10)) {
        rate_limiter_.forget_idle(now);
        last_forget_ = now;
    }
}

}  // namespace annuaire::http
