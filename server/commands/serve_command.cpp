#include "commands.hpp"

#include "http/server.hpp"
#include "search/search_service.hpp"
#include "util/args.hpp"

#include <csignal>
#include <iostream>

namespace annuaire::commands {

namespace {

constexpr const char* kHelp = R"(Usage: annuaire serve --db FILE [--host 127.0.0.1] [--port 8080] [--web DIR]

Serves the search API (/api/v1/..., described at /api/v1/openapi.json) over a
directory database, and the static files of DIR (e.g. web/). Keeps answering
while an import runs, and picks up its result when it commits.
Prints "listening on http://HOST:PORT" once ready; stops on SIGINT or SIGTERM.

Options:
  --db FILE        directory database, opened read-only: read access to FILE
                   and to FILE-wal and FILE-shm beside it (every annuaire
                   command leaves them) is all it needs; on a read-only file
                   system, FILE alone does if FILE-wal is missing or empty
  --host HOST      address to listen on (default 127.0.0.1)
  --port PORT      port (default 8080; 0 picks a free one)
  --web DIR        serve the static files of DIR at /
  --threads N      request threads (default: one per core)
  --help           this help
)";

}  // namespace

int serve_command(const Arguments& arguments) {
    const util::Args args(arguments, {"db", "host", "port", "web", "threads"}, {"help"});
    if (args.flag("help")) {
        std::cout << kHelp;
        return 0;
    }
    if (!args.positional().empty()) throw util::UsageError("serve takes no positional argument (see --help)");
    search::ServiceConfig service_config;
    service_config.database_path = args.required("db");
    http::ServerConfig server_config;
    server_config.host = args.value("host").value_or("127.0.0.1");
    server_config.port = static_cast<int>(args.number("port", 8080, 0, 65535));
    server_config.threads = static_cast<int>(args.number("threads", 0, 0, 256));
    server_config.web_dir = args.value("web");
    try {
        service_config.validate();
        server_config.validate();
    } catch (const std::invalid_argument& error) {
        throw util::UsageError(error.what());
    }

    // Block the stop signals in every thread (the server's threads inherit the mask), then wait for one.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    search::SearchService service(service_config);
    http::Server server(server_config, service);
    server.start();
    std::cout << "listening on http://" << server_config.host << ":" << server.port() << std::endl;
    int received = 0;
    sigwait(&stop_signals, &received);
    std::cerr << "annuaire serve: stopping (signal " << received << ")\n";
    server.shutdown();
    return 0;
}

}  // namespace annuaire::commands
