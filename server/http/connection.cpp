#include "http/connection.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace annuaire::http {

Connection::Flush Connection::flush_locked(OutputPoller& poller, Clock::time_point now) {
    if (phase == Phase::closed || aborted) return Flush::failed;
    while (!output.empty()) {
        // Up to 16 pieces in one system call.
        std::array<iovec, 16> pieces{};
        std::size_t count = 0;
        for (auto it = output.begin(); it != output.end() && count < pieces.size(); ++it, ++count) {
            const std::size_t skip = count == 0 ? output_offset : 0;
            pieces[count].iov_base = const_cast<char*>(it->data() + skip);
            pieces[count].iov_len = it->size() - skip;
        }
        msghdr message{};
        message.msg_iov = pieces.data();
        message.msg_iovlen = count;
        const ssize_t sent = ::sendmsg(fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                poller.arm(*this);
                return Flush::blocked;
            }
            // EPIPE, ECONNRESET, ...: the client is gone.
            output.clear();
            output_offset = 0;
            output_bytes = 0;
            abort_locked();
            output_drained.notify_all();
            return Flush::failed;
        }
        last_progress = now;
        auto remaining = static_cast<std::size_t>(sent);
        output_bytes -= remaining;
        while (remaining > 0) {
            const std::size_t left_in_front = output.front().size() - output_offset;
            if (remaining >= left_in_front) {
                remaining -= left_in_front;
                output.pop_front();
                output_offset = 0;
            } else {
                output_offset += remaining;
                remaining = 0;
            }
        }
    }
    output_drained.notify_all();
    return Flush::drained;
}

void Connection::discard_upload_locked() {
    if (!upload) return;
    if (upload->fd >= 0) ::close(upload->fd);
    if (!upload->path.empty()) ::unlink(upload->path.c_str());
    upload.reset();
}

void Connection::abort_locked() {
    if (phase == Phase::closed || aborted) return;
    aborted = true;
    ::shutdown(fd, SHUT_RDWR);
    output_drained.notify_all();
}

void Connection::shut_write_locked(Clock::time_point now, Clock::duration linger) {
    if (phase == Phase::closed || shut_write) return;
    ::shutdown(fd, SHUT_WR);
    shut_write = true;
    linger_until = now + linger;
}

OutputPoller::OutputPoller() : epoll_fd_(epoll_create1(EPOLL_CLOEXEC)) {
    if (epoll_fd_ < 0) throw std::runtime_error(std::string("cannot create an epoll instance: ") + std::strerror(errno));
}

OutputPoller::~OutputPoller() { ::close(epoll_fd_); }

void OutputPoller::arm(Connection& connection) {
    epoll_event event{};
    event.events = EPOLLOUT | EPOLLONESHOT;
    event.data.u64 = connection.id;
    if (epoll_ctl(epoll_fd_, connection.in_poller ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, connection.fd, &event) == 0) {
        connection.in_poller = true;
    } else if (errno == EEXIST && epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, connection.fd, &event) == 0) {
        connection.in_poller = true;
    }
}

void OutputPoller::disarm(Connection& connection) {
    if (!connection.in_poller) return;
    epoll_event unused{};
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, connection.fd, &unused);
    connection.in_poller = false;
}

std::size_t OutputPoller::wait(std::uint64_t* ids, std::size_t capacity, int timeout_ms) {
    std::array<epoll_event, 64> events{};
    const int ready = epoll_wait(epoll_fd_, events.data(), static_cast<int>(std::min(capacity, events.size())), timeout_ms);
    if (ready <= 0) return 0;
    for (int i = 0; i < ready; ++i) ids[i] = events[static_cast<std::size_t>(i)].data.u64;
    return static_cast<std::size_t>(ready);
}

}  // namespace annuaire::http
