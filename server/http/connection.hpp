// One client connection, as the engine sees it, and the only code that writes to a socket.
//
// Why writes live here and not in Pistache: Pistache 0.0.5's transport keeps a per-fd write
// queue that it erases when a write fails with EPIPE/ECONNRESET while leaving EPOLLOUT armed;
// the next writable event then finds no queue and throws ("Assertion Error: could not find
// write data") on a reactor thread, which terminates the process. Its writes also start
// from any thread without ordering per connection. So Pistache only accepts and reads here
// (it owns the fd and closes it after telling us), and every byte we send goes through
// Connection::flush_locked: non-blocking send under the connection's mutex, the rest waiting
// for EPOLLOUT on our own epoll (OutputPoller). The fd cannot be reused under us: Pistache
// closes it only after Engine::closed() has taken the same mutex and marked it closed.
#pragma once

#include "http/request_parser.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace annuaire::http {

class OutputPoller;

class Connection {
public:
    using Clock = std::chrono::steady_clock;
    enum class Phase {
        reading,      // waiting for (the rest of) a request
        processing,   // a request is being answered (one at a time: pipelined ones wait in `input`)
        closing,      // the last response is being sent; then the write side is shut
        closed,       // the listener closed the socket: nothing may touch fd any more
    };
    enum class Flush { drained, blocked, failed };

    Connection(std::uint64_t id, int fd, std::string address, Clock::time_point now)
        : id(id), fd(fd), address(std::move(address)), opened_at(now), waiting_since(now), last_progress(now) {}

    const std::uint64_t id;
    const int fd;
    const std::string address;     // the peer's IP
    const Clock::time_point opened_at;

    std::mutex mutex;                          // guards everything below
    std::condition_variable output_drained;    // streamed bodies wait here for the client to read

    Phase phase = Phase::reading;
    // Input: bytes received and not yet consumed, the head parsed so far.
    std::string input;
    HeadScan scan;
    std::optional<HeadParse> head;     // a complete head whose body is still arriving
    bool continue_sent = false;
    bool input_overflow = false;       // more was pipelined than we keep: close after what is complete
    bool first_request = true;
    // A request whose body goes to a file as it arrives (an upload), once admitted: the file is
    // removed on every failure, and by the engine after the handler unless it moved it.
    struct Upload {
        int fd = -1;
        std::string path;
        std::size_t remaining = 0;         // body bytes still to come
        Clock::time_point last_progress;   // a body that stalls longer than the header time-out is dropped
        RequestHead head;
        std::string client_address;
    };
    std::optional<Upload> upload;
    // Closes and removes the upload's file, if any.
    void discard_upload_locked();
    Clock::time_point waiting_since;                 // start of the wait for the next request
    std::optional<Clock::time_point> request_started;  // first byte of the request being received
    std::uint64_t requests = 0;

    // Output: bytes accepted for sending, in order.
    std::deque<std::string> output;
    std::size_t output_offset = 0;     // bytes of output.front() already sent
    std::size_t output_bytes = 0;      // bytes waiting, all pieces
    Clock::time_point last_progress;
    bool in_poller = false;
    bool shut_write = false;
    bool aborted = false;              // shut down for good: producers stop, nothing more is sent
    bool evicted = false;              // aborted to make room for a new connection
    std::optional<Clock::time_point> linger_until;   // closing: how long to wait for the client's end

    // --- Everything below requires `mutex` held. ---

    // Sends what it can without blocking; arms `poller` for the rest. On a send error the
    // client is gone: the output is dropped and the socket shut down (the listener then
    // sees the end and closes it).
    Flush flush_locked(OutputPoller& poller, Clock::time_point now);

    // Ends the connection now (no lingering): shutdown(SHUT_RDWR); the listener sees the end,
    // tells the engine and closes the fd. Safe to call more than once.
    void abort_locked();

    // After the last response: shut the write side (the client reads the end of the stream)
    // and wait up to `linger` for the client to close its side.
    void shut_write_locked(Clock::time_point now, Clock::duration linger);
};

// An epoll instance of our own that reports when a connection's socket can take more bytes.
class OutputPoller {
public:
    OutputPoller();
    ~OutputPoller();
    OutputPoller(const OutputPoller&) = delete;
    OutputPoller& operator=(const OutputPoller&) = delete;

    // With the connection's mutex held. One-shot: re-armed by the next flush that blocks.
    void arm(Connection& connection);
    void disarm(Connection& connection);

    // Waits up to timeout_ms; returns the ids of the connections whose sockets are writable.
    std::size_t wait(std::uint64_t* ids, std::size_t capacity, int timeout_ms);

private:
    int epoll_fd_;
};

}  // namespace annuaire::http
