#include "http/listener.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <pistache/listener.h>
#include <pistache/net.h>
#include <pistache/peer.h>
#include <pistache/tcp.h>

#include <stdexcept>
#include <unordered_map>

namespace annuaire::http {

namespace {

// Pistache clones one of these per reactor thread; a connection stays on its thread, so each
// clone's map is touched by one thread only.
class ReactorBridge final : public Pistache::Tcp::Handler {
public:
    explicit ReactorBridge(ConnectionEvents& events) : events_(events) {}

    std::shared_ptr<Pistache::Tcp::Handler> clone() const override { return std::make_shared<ReactorBridge>(events_); }

    void onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override {
        const int fd = peer->fd();
        const int on = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        std::string address;
        try {
            address = peer->address().host();
        } catch (...) {
            address = "unknown";
        }
        if (auto connection = events_.opened(fd, std::move(address))) connections_[peer.get()] = std::move(connection);
    }

    void onInput(const char* buffer, size_t length, const std::shared_ptr<Pistache::Tcp::Peer>& peer) override {
        const auto found = connections_.find(peer.get());
        if (found != connections_.end()) events_.received(found->second, std::string_view(buffer, length));
    }

    void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override {
        const auto found = connections_.find(peer.get());
        if (found == connections_.end()) return;
        events_.closed(found->second);
        connections_.erase(found);
    }

private:
    ConnectionEvents& events_;
    std::unordered_map<const Pistache::Tcp::Peer*, std::shared_ptr<Connection>> connections_;
};

}  // namespace

struct Listener::Impl {
    ListenerConfig config;
    ConnectionEvents& events;
    std::unique_ptr<Pistache::Tcp::Listener> listener;
    bool running = false;
};

Listener::Listener(ListenerConfig config, ConnectionEvents& events) : impl_(new Impl{std::move(config), events, nullptr}) {}

Listener::~Listener() { stop(); }

void Listener::start() {
    auto& impl = *impl_;
    const std::string where = impl.config.host + ":" + std::to_string(impl.config.port);
    try {
        const Pistache::Address address(impl.config.host, Pistache::Port(impl.config.port));
        impl.listener = std::make_unique<Pistache::Tcp::Listener>(address);
        impl.listener->init(static_cast<size_t>(impl.config.io_threads),
                            Pistache::Flags<Pistache::Tcp::Options>(Pistache::Tcp::Options::ReuseAddr), "annuaire-io",
                            impl.config.backlog);
        impl.listener->setHandler(std::make_shared<ReactorBridge>(impl.events));
        impl.listener->bind();
        impl.listener->runThreaded();
        impl.running = true;
    } catch (const std::exception& error) {
        impl.listener.reset();
        throw std::runtime_error("cannot listen on " + where + ": " + error.what());
    }
}

std::uint16_t Listener::port() const {
    return impl_->listener ? static_cast<std::uint16_t>(impl_->listener->getPort()) : 0;
}

void Listener::stop() {
    if (!impl_->listener) return;
    if (impl_->running) impl_->listener->shutdown();
    impl_->running = false;
    impl_->listener.reset();
}

}  // namespace annuaire::http
