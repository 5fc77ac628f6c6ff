// The HTTP server of `annuaire serve`: the routes of the API and the map page, over the
// engine (engine.hpp) and the listener (listener.hpp). Everything it does is configured
// here, with defaults meant for a public server on one machine.
#pragma once

#include "handlers/owner_handlers.hpp"
#include "http/static_files.hpp"
#include "search/search_service.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace annuaire::http {

struct ServerConfig {
    std::string host = "127.0.0.1";
    int port = 8080;                       // 0: any free port (see Server::port())
    std::optional<std::string> web_dir;    // the map page, as built (web/dist)
    // Tiles of the page's map ({z}/{x}/{y} template; "{s}." as the host's first label for
    // subdomains), with the attribution their licence asks for. Empty: the offline base map only.
    std::string tiles_url;
    std::string tiles_attribution;
    int tiles_max_zoom = 19;
    int threads = 0;                       // request threads; 0: one per core
    int io_threads = 1;                    // threads that accept and read sockets
    int max_age_seconds = 30;              // Cache-Control max-age of API answers

    // Limits (see README "Limits of the HTTP server").
    int header_timeout_ms = 5000;
    int idle_timeout_ms = 10000;
    int send_timeout_ms = 30000;
    int max_connections = 4096;
    int max_connections_per_address = 128;
    int max_body_bytes = 64 * 1024;
    int max_exports = 2;
    int max_waiting_requests = 4096;   // each connection has at most one request in flight
    double rate_per_second = 30, rate_burst = 120;          // every API request; 0: no limit
    double geocode_per_second = 5, geocode_burst = 20;
    double export_per_minute = 3, export_burst = 3;

    // Owner editing and the console.
    double login_per_minute = 10, login_burst = 10;         // logins per address
    double account_per_hour = 5, account_burst = 5;         // claims, password resets, links per address
    std::string upload_dir;                                  // uploads are written there as they arrive
    std::uint64_t max_upload_bytes = 2ull << 30;            // an extract (the national zip is about 0.8 GB)

    std::vector<std::string> cors_origins;     // origins allowed to call the API from a browser
    std::vector<std::string> trusted_proxies;  // e.g. 127.0.0.1 behind nginx: X-Real-IP names the client

    void validate() const;
    // The Content-Security-Policy source of the tile server ("https://*.tile.openstreetmap.org"),
    // empty without tiles. Precondition: validate() passed.
    std::string tiles_source() const;
};

// The URLs of the site's pages: a fiche (/praticien/ID) is the map page; the account pages
// (/compte, /compte/mot-de-passe, /compte/fiche/ID) and a claim's status
// (/attribution/suivi) are compte.html; the console (/admin, /admin/journal…) is admin.html.
inline const std::vector<PageRoute> kPageRoutes = {
    {"/praticien", "/index.html", 1, 1},
    {"/compte", "/compte.html", 0, 2},
    {"/attribution", "/compte.html", 1, 1},
    {"/admin", "/admin.html", 0, 1},
};

class Server {
public:
    // `owner`: what the routes of accounts, owners and the console reach (its `owner` null when
    // the database is served read-only); the server keeps a copy.
    Server(ServerConfig config, search::SearchService& service, handlers::OwnerContext owner);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Raises the descriptor limit, binds and starts serving on background threads.
    void start();
    std::uint16_t port() const;
    // Connections the server will hold at once (the configured cap, bounded by descriptors).
    std::size_t connection_capacity() const;
    void shutdown();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace annuaire::http
