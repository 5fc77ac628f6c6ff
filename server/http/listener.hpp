// The TCP side of the server, on Pistache: the one place that includes it. Pistache
// accepts connections and reads them on its reactor threads; everything else (HTTP,
// writing, time-outs) is the engine's. See connection.hpp for why writes are not Pistache's.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace annuaire::http {

class Connection;

// What the listener reports, on its reactor threads. None of these may throw: an exception
// on a Pistache reactor thread ends the process.
class ConnectionEvents {
public:
    virtual ~ConnectionEvents() = default;
    // A new connection; fd stays open until closed() has returned.
    virtual std::shared_ptr<Connection> opened(int fd, std::string address) noexcept = 0;
    virtual void received(const std::shared_ptr<Connection>& connection, std::string_view bytes) noexcept = 0;
    // The client closed, the connection failed, or the engine shut it down: fd is closed next.
    virtual void closed(const std::shared_ptr<Connection>& connection) noexcept = 0;
};

struct ListenerConfig {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;     // 0: any free port
    int io_threads = 1;            // Pistache reactor threads (reading only: cheap)
    int backlog = 1024;            // pending connections the kernel queues
};

class Listener {
public:
    Listener(ListenerConfig config, ConnectionEvents& events);
    ~Listener();
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    // Binds and starts accepting on background threads. Throws std::runtime_error naming the
    // address and the cause (e.g. "cannot listen on 127.0.0.1:8080: Address already in use").
    void start();
    std::uint16_t port() const;
    // Stops accepting and reading; safe to call twice.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace annuaire::http
