// A raw TCP client for testing the HTTP layer as a hostile or unusual client would use it:
// bytes sent exactly as given (pipelined, split, malformed), responses read back one by one
// (Content-Length, chunked or up to the close), and the close itself observed.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace annuaire::testing {

struct RawResponse {
    int status = 0;
    std::string status_line;
    std::multimap<std::string, std::string> headers;   // names lower-cased
    std::string body;                                   // de-chunked
    std::string header(const std::string& name) const;
    bool has_header(const std::string& name) const { return headers.count(name) > 0; }
};

class RawConnection {
public:
    // Connects to 127.0.0.1:port (from source_address when given, e.g. "127.0.0.2").
    explicit RawConnection(int port, const std::string& source_address = "");
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    // Sends all bytes; false if the server closed the connection first.
    bool send(const std::string& bytes);
    // Reads the next response; nullopt if the connection ended or nothing came within timeout.
    // head_only: the answer to a HEAD (no body whatever the headers say).
    std::optional<RawResponse> read_response(std::chrono::milliseconds timeout = std::chrono::seconds(10),
                                             bool head_only = false);
    // True when the server closes the connection within timeout (all data read and discarded).
    bool closed_within(std::chrono::milliseconds timeout);
    // Bytes received but not yet part of a response.
    const std::string& pending() const { return buffer_; }
    int fd() const { return fd_; }

private:
    bool fill(std::chrono::steady_clock::time_point deadline);
    int fd_ = -1;
    bool eof_ = false;
    std::string buffer_;
};

// Sends one request on a new connection and reads one response (nullopt if none came).
std::optional<RawResponse> raw_exchange(int port, const std::string& request,
                                        std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace annuaire::testing
