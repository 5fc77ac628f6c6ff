// The HTTP server of `annuaire serve`: the only place that includes Pistache.
// Routes requests to the handlers (server/handlers), decodes parameters once,
// maps every exception to a JSON error, adds ETag/Cache-Control, serves static
// files from --web.
#pragma once

#include "search/search_service.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace annuaire::http {

struct ServerConfig {
    std::string host = "127.0.0.1";
    int port = 8080;                       // 0: any free port (see Server::port())
    std::optional<std::string> web_dir;    // static files, e.g. web/
    int threads = 0;                       // 0: one per core
    int max_age_seconds = 30;              // Cache-Control max-age of API answers
    void validate() const;
};

class Server {
public:
    Server(ServerConfig config, search::SearchService& service);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts serving on background threads.
    void start();
    std::uint16_t port() const;
    void shutdown();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Decodes %XX and '+' (query strings only). Invalid escapes are kept as they are.
std::string percent_decode(const std::string& text, bool plus_is_space);

// MIME type of a static file, by extension.
std::string mime_type_of(const std::string& path);

}  // namespace annuaire::http
