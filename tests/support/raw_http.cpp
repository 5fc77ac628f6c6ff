#include "raw_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace annuaire::testing {

std::string RawResponse::header(const std::string& name) const {
    const auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
}

RawConnection::RawConnection(int port, const std::string& source_address) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    if (!source_address.empty()) {
        sockaddr_in local{};
        local.sin_family = AF_INET;
        inet_pton(AF_INET, source_address.c_str(), &local.sin_addr);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
            ::close(fd_);
            throw std::runtime_error("cannot bind to " + source_address);
        }
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd_);
        throw std::runtime_error("cannot connect to port " + std::to_string(port));
    }
}

RawConnection::~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send(const std::string& bytes) {
    for (std::size_t sent = 0; sent < bytes.size();) {
        const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

bool RawConnection::fill(std::chrono::steady_clock::time_point deadline) {
    if (eof_) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd waiting{fd_, POLLIN, 0};
    if (::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[65536];
    const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
        eof_ = true;
        return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
}

std::optional<RawResponse> RawConnection::read_response(std::chrono::milliseconds timeout, bool head_only) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t head_end;
    while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
        if (!fill(deadline)) return std::nullopt;
    }
    RawResponse response;
    const std::string head = buffer_.substr(0, head_end);
    std::size_t line_end = head.find("\r\n");
    response.status_line = head.substr(0, line_end);
    if (response.status_line.size() < 12 || response.status_line.rfind("HTTP/1.", 0) != 0) {
        throw std::runtime_error("bad status line: " + response.status_line);
    }
    response.status = std::stoi(response.status_line.substr(9, 3));
    while (line_end != std::string::npos) {
        const auto next = head.find("\r\n", line_end + 2);
        const auto line = head.substr(line_end + 2, next == std::string::npos ? std::string::npos : next - line_end - 2);
        const auto colon = line.find(':');
        if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            response.headers.emplace(name, value);
        }
        line_end = next;
    }
    buffer_.erase(0, head_end + 4);
    const bool no_body = head_only || response.status == 204 || response.status == 304 || response.status / 100 == 1;
    if (no_body) return response;
    if (response.header("transfer-encoding") == "chunked") {
        while (true) {
            std::size_t size_end;
            while ((size_end = buffer_.find("\r\n")) == std::string::npos) {
                if (!fill(deadline)) throw std::runtime_error("chunked body cut short");
            }
            const auto size = std::stoul(buffer_.substr(0, size_end), nullptr, 16);
            while (buffer_.size() < size_end + 2 + size + 2) {
                if (!fill(deadline)) throw std::runtime_error("chunked body cut short");
            }
            response.body += buffer_.substr(size_end + 2, size);
            buffer_.erase(0, size_end + 2 + size + 2);
            if (size == 0) break;
        }
    } else if (response.has_header("content-length")) {
        const auto length = std::stoul(response.header("content-length"));
        while (buffer_.size() < length) {
            if (!fill(deadline)) throw std::runtime_error("body cut short");
        }
        response.body = buffer_.substr(0, length);
        buffer_.erase(0, length);
    } else {
        while (fill(deadline)) {
        }
        response.body = std::move(buffer_);
        buffer_.clear();
    }
    return response;
}

bool RawConnection::closed_within(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!eof_) {
        if (!fill(deadline) && !eof_) return false;
    }
    return true;
}

std::optional<RawResponse> raw_exchange(int port, const std::string& request, std::chrono::milliseconds timeout) {
    RawConnection connection(port);
    connection.send(request);
    return connection.read_response(timeout, request.rfind("HEAD ", 0) == 0);
}

}  // namespace annuaire::testing
