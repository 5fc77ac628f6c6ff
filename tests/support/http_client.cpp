#include "http_client.hpp"

#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace annuaire::testing {

namespace {

struct Socket {
    int fd;
    ~Socket() {
        if (fd >= 0) close(fd);
    }
};

}  // namespace

std::string url_encode(const std::string& value) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : value) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

HttpResponse http_get(int port, const std::string& target, const std::map<std::string, std::string>& headers,
                      const std::string& method) {
    return http_request(port, method, target, headers, "");
}

HttpResponse http_request(int port, const std::string& method, const std::string& target,
                          const std::map<std::string, std::string>& headers, const std::string& body) {
    Socket socket_{::socket(AF_INET, SOCK_STREAM, 0)};
    if (socket_.fd < 0) throw std::runtime_error("socket() failed");
    timeval timeout{30, 0};
    setsockopt(socket_.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(socket_.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        throw std::runtime_error("cannot connect to port " + std::to_string(port));
    }
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
        request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    request += "\r\n" + body;
    for (std::size_t sent = 0; sent < request.size();) {
        const auto n = send(socket_.fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) throw std::runtime_error("send() failed");
        sent += static_cast<std::size_t>(n);
    }
    std::string data;
    HttpResponse response;
    std::size_t header_end = std::string::npos;
    std::size_t expected = std::string::npos;
    char buffer[65536];
    while (true) {
        if (header_end != std::string::npos && expected != std::string::npos && data.size() >= header_end + 4 + expected) break;
        const auto n = recv(socket_.fd, buffer, sizeof buffer, 0);
        if (n < 0) throw std::runtime_error("recv() failed or timed out on " + target.substr(0, 100));
        if (n == 0) break;
        data.append(buffer, static_cast<std::size_t>(n));
        if (header_end == std::string::npos) {
            header_end = data.find("\r\n\r\n");
            if (header_end == std::string::npos) continue;
            const std::string head = data.substr(0, header_end);
            std::size_t line_end = head.find("\r\n");
            const std::string status_line = head.substr(0, line_end);
            if (status_line.size() < 12) throw std::runtime_error("bad status line");
            response.status = std::stoi(status_line.substr(9, 3));
            while (line_end != std::string::npos) {
                const auto next = head.find("\r\n", line_end + 2);
                const std::string line = head.substr(line_end + 2, next == std::string::npos ? std::string::npos : next - line_end - 2);
                const auto colon = line.find(':');
                if (colon != std::string::npos) {
                    std::string name = line.substr(0, colon);
                    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                    std::string value = line.substr(colon + 1);
                    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
                    response.headers[name] = value;
                }
                line_end = next;
            }
            const auto length = response.header("content-length");
            expected = length.empty() ? std::string::npos : std::stoul(length);
            if (method == "HEAD" || response.status == 304) expected = 0;
        }
    }
    if (header_end == std::string::npos) throw std::runtime_error("no HTTP response for " + target.substr(0, 100));
    if (response.header("transfer-encoding") == "chunked") {
        // Streamed answers (exports): read to the close the request asked for, then take the chunks apart.
        const std::string framed = data.substr(header_end + 4);
        std::size_t at = 0;
        while (true) {
            const auto size_end = framed.find("\r\n", at);
            if (size_end == std::string::npos) throw std::runtime_error("chunked answer cut short for " + target.substr(0, 100));
            const auto size = std::stoul(framed.substr(at, size_end - at), nullptr, 16);
            if (framed.size() < size_end + 2 + size + 2) throw std::runtime_error("chunked answer cut short for " + target.substr(0, 100));
            response.body.append(framed, size_end + 2, size);
            at = size_end + 2 + size + 2;
            if (size == 0) break;
        }
        return response;
    }
    response.body = data.substr(header_end + 4, expected);
    return response;
}

namespace {

// GET /api/v1/health from 127.0.0.99, an address of its own: the polls take nothing of the
// rate-limit bucket of 127.0.0.1, which the tests measure. The status, or 0.
int health_status_from_aside(int port) {
    Socket socket_{::socket(AF_INET, SOCK_STREAM, 0)};
    if (socket_.fd < 0) return 0;
    timeval timeout{5, 0};
    setsockopt(socket_.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = htonl(0x7f000063);   // 127.0.0.99
    if (bind(socket_.fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) return 0;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(socket_.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return 0;
    const std::string request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (send(socket_.fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) return 0;
    char head[16] = {};
    std::size_t got = 0;
    while (got < 12) {
        const auto n = recv(socket_.fd, head + got, 12 - got, 0);
        if (n <= 0) return 0;
        got += static_cast<std::size_t>(n);
    }
    return std::atoi(head + 9);   // "HTTP/1.1 200"
}

}  // namespace

bool wait_until_ready(int port, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (health_status_from_aside(port) == 200) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

}  // namespace annuaire::testing
