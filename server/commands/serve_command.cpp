#include "commands.hpp"

#include "http/server.hpp"
#include "import_runner.hpp"
#include "jobs/console_imports.hpp"
#include "owner/owner_service.hpp"
#include "reference/reference_data.hpp"
#include "search/search_service.hpp"
#include "store/database.hpp"
#include "util/args.hpp"

#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>

namespace annuaire::commands {

namespace {

constexpr const char* kHelp = R"(Usage: annuaire serve --db FILE [--host 127.0.0.1] [--port 8080] [--web DIR] [options]

Serves the search API (/api/v1/..., described at /api/v1/openapi.json) over a
directory database, and the map page built in DIR (web/dist); with a database
it may write, also accounts, claims, owner editing and the admin console's API.
Keeps answering while an import runs, and picks up its result when it commits.
Prints "listening on http://HOST:PORT" as soon as it listens (within a second):
the index is loaded from its file (--index-file) or built on a thread of its own
meanwhile, and until then /api/v1/health says "starting" and searches answer
503 starting (Retry-After: 1). Stops on SIGINT or SIGTERM.

Options:
  --db FILE        directory database. Searches read it through read-only
                   connections; accounts, owners' edits and the console write
                   it through one connection of their own, which needs write
                   access to FILE and its directory. Without it (or with
                   --read-only) the server serves the search alone, and the
                   write routes answer 503 read_only: read access to FILE and
                   to FILE-wal and FILE-shm beside it is then all it needs
  --host HOST      address to listen on (default 127.0.0.1)
  --port PORT      port (default 8080; 0 picks a free one)
  --web DIR        serve the map page built in DIR at / (default: web/dist when
                   it exists; build it with: cd web && npm ci && npm run build)
  --index-file FILE  where the search index is saved after each build and loaded
                   from at start, so that a restart answers in about a second
                   instead of rebuilding it (default: FILE.index beside --db; it
                   needs write access there, else each start rebuilds it)
  --no-index-file  build the index from the database at every start
  --threads N      request threads (default: one per core)
  --io-threads N   threads that accept and read connections (default 1)
  --help           this help

The map page:
  --tiles URL              tiles of the map, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png
                           or Plan IGN's WMTS URL; without it (and wherever tiles fail to
                           load) the page draws its offline base map of commune contours
  --tiles-attribution TEXT the credit the tiles' licence asks for (plain text), e.g.
                           "© les contributeurs d'OpenStreetMap"
  --tiles-max-zoom N       the tiles' deepest zoom (default 19)
  --contours FILE          commune contours (GeoJSON, properties code and nom) of the offline
                           base map (default: the data directory's
                           reference/communes-68-haut-rhin.geojson when it exists)
  --default-mode MODES     exercise modes a search keeps when it names none, e.g. liberal
                           for a CPTS's map of its libéraux (liberal, salarie, benevole,
                           indirect; default: all); a request lifts it with mode=all

Owner editing and the console:
  --read-only              never write the database (a public mirror)
  --public-url URL         where users reach the site (https://annuaire.example): the links
                           in mails; with https, cookies are sent Secure (default
                           http://HOST:PORT)
  --territory FILE         the territory of imports from the console, as for
                           `annuaire import --territory` (default: the whole extract)
  --data-dir DIR           reference data, for imports from the console
  --backup-dir DIR         backups taken before each import (default: backups/ beside FILE)
  --keep-backups N         automatic backups kept (default 5)
  --upload-dir DIR         where uploaded extracts are written (default: uploads/ beside FILE)
  --max-upload BYTES       largest extract uploaded (default 2147483648)
  --session-hours N        a session ends after N hours (default 12; after 2 idle hours too)
  --login-rate-limit N     logins per minute per address (default 10, burst 10)
  --claim-rate-limit N     claims, password resets and links per hour per address (default 5)

Browsers and proxies:
  --cors-origin ORIGIN     let pages of ORIGIN (e.g. https://cpts.example) call the
                           API from a browser; repeat or separate with commas; * for any
  --trusted-proxy ADDR     a reverse proxy (e.g. 127.0.0.1 for nginx on this machine):
                           its X-Real-IP / X-Forwarded-For names the client for rate
                           limits, and it is exempt from the per-address connection cap

Limits (each client address; defaults suit a public server):
  --rate-limit N           API requests per second (default 30; 0 turns limits off)
  --rate-burst N           requests allowed at once after a pause (default 120)
  --geocode-rate-limit N   geocoding requests per second (default 5, burst 20)
  --export-rate-limit N    exports per minute (default 3, burst 3)
  --max-exports N          exports written at once, all clients (default 2; more: 503)
  --max-connections N      open connections in all (default 4096, bounded by the
                           descriptor limit, which is raised to its hard limit)
  --max-connections-per-address N   (default 128; the longest-idle one is dropped first)
  --header-timeout S       seconds for a request to arrive once begun (default 5)
  --idle-timeout S         seconds a kept-alive connection may wait (default 10)
  --send-timeout S         seconds a client may read nothing of an answer (default 30)
  --max-body BYTES         largest request body (default 65536)
)";

int milliseconds(const util::Args& args, const char* name, double fallback_seconds, double max_seconds) {
    return static_cast<int>(args.number(name, fallback_seconds, 0.1, max_seconds) * 1000);
}

// Values of a repeatable option that also accepts comma-separated lists.
std::vector<std::string> list_option(const util::Args& args, const char* name) {
    std::vector<std::string> out;
    for (const auto& value : args.values(name)) {
        std::size_t start = 0;
        while (start <= value.size()) {
            auto end = value.find(',', start);
            if (end == std::string::npos) end = value.size();
            auto item = value.substr(start, end - start);
            item.erase(0, item.find_first_not_of(' '));
            item.erase(item.find_last_not_of(' ') + 1);
            if (!item.empty()) out.push_back(item);
            start = end + 1;
        }
    }
    return out;
}

}  // namespace

int serve_command(const Arguments& arguments) {
    const util::Args args(arguments,
                          {"db", "host", "port", "web", "tiles", "tiles-attribution", "tiles-max-zoom", "contours",
                           "default-mode", "threads", "io-threads", "cors-origin", "trusted-proxy", "rate-limit",
                           "rate-burst", "geocode-rate-limit", "export-rate-limit", "max-exports", "max-connections",
                           "max-connections-per-address", "header-timeout", "idle-timeout", "send-timeout", "max-body",
                           "public-url", "territory", "data-dir", "backup-dir", "keep-backups", "upload-dir", "max-upload",
                           "session-hours", "login-rate-limit", "claim-rate-limit", "index-file"},
                          {"read-only", "help", "no-index-file"});
    if (args.flag("help")) {
        std::cout << kHelp;
        return 0;
    }
    if (!args.positional().empty()) throw util::UsageError("serve takes no positional argument (see --help)");
    search::ServiceConfig service_config;
    service_config.database_path = args.required("db");
    if (args.flag("no-index-file") && args.value("index-file")) {
        throw util::UsageError("--index-file and --no-index-file exclude each other");
    }
    if (!args.flag("no-index-file")) {
        service_config.index_path = args.value("index-file").value_or(service_config.database_path + ".index");
    }
    http::ServerConfig server_config;
    server_config.host = args.value("host").value_or("127.0.0.1");
    server_config.port = static_cast<int>(args.number("port", 8080, 0, 65535));
    server_config.threads = static_cast<int>(args.number("threads", 0, 0, 256));
    server_config.io_threads = static_cast<int>(args.number("io-threads", 1, 1, 16));
    server_config.web_dir = args.value("web");
    if (!server_config.web_dir && std::filesystem::is_directory("web/dist")) server_config.web_dir = "web/dist";
    server_config.tiles_url = args.value("tiles").value_or("");
    server_config.tiles_attribution = args.value("tiles-attribution").value_or("");
    server_config.tiles_max_zoom = static_cast<int>(args.number("tiles-max-zoom", 19, 1, 22));
    service_config.default_modes = list_option(args, "default-mode");
    service_config.contours_path = args.value("contours");
    if (!service_config.contours_path) {
        const auto shipped = reference::default_data_dir() / "reference" / "communes-68-haut-rhin.geojson";
        if (std::filesystem::is_regular_file(shipped)) service_config.contours_path = shipped.string();
    }
    server_config.cors_origins = list_option(args, "cors-origin");
    server_config.trusted_proxies = list_option(args, "trusted-proxy");
    server_config.rate_per_second = args.number("rate-limit", 30, 0, 1e6);
    server_config.rate_burst = args.number("rate-burst", 120, 1, 1e6);
    server_config.geocode_per_second = args.number("geocode-rate-limit", 5, 0, 1e6);
    server_config.export_per_minute = args.number("export-rate-limit", 3, 0, 1e6);
    server_config.max_exports = static_cast<int>(args.number("max-exports", 2, 1, 64));
    server_config.max_connections = static_cast<int>(args.number("max-connections", 4096, 16, 1000000));
    server_config.max_connections_per_address = static_cast<int>(args.number("max-connections-per-address", 128, 1, 1000000));
    server_config.header_timeout_ms = milliseconds(args, "header-timeout", 5, 600);
    server_config.idle_timeout_ms = milliseconds(args, "idle-timeout", 10, 3600);
    server_config.send_timeout_ms = milliseconds(args, "send-timeout", 30, 3600);
    server_config.max_body_bytes = static_cast<int>(args.number("max-body", 65536, 0, 64 << 20));
    server_config.login_per_minute = args.number("login-rate-limit", 10, 0, 1e6);
    server_config.account_per_hour = args.number("claim-rate-limit", 5, 0, 1e6);
    server_config.max_upload_bytes = static_cast<std::uint64_t>(args.number("max-upload", 2147483648.0, 1024, 68719476736.0));
    if (server_config.rate_per_second == 0) {
        // One switch for every per-address rate (benchmarks, a trusted intranet).
        if (!args.value("geocode-rate-limit")) server_config.geocode_per_second = 0;
        if (!args.value("export-rate-limit")) server_config.export_per_minute = 0;
        if (!args.value("login-rate-limit")) server_config.login_per_minute = 0;
        if (!args.value("claim-rate-limit")) server_config.account_per_hour = 0;
    }
    const auto database_dir = [&] {
        const auto parent = std::filesystem::path(service_config.database_path).parent_path();
        return parent.empty() ? std::filesystem::path(".") : parent;
    }();
    owner::OwnerConfig owner_config;
    owner_config.database_path = service_config.database_path;
    owner_config.public_url = args.value("public-url").value_or("http://" + server_config.host + ":" + std::to_string(server_config.port));
    owner_config.session_lifetime = std::chrono::hours(static_cast<int>(args.number("session-hours", 12, 1, 24 * 30)));
    jobs::ConsoleImportConfig import_config;
    import_config.database_path = service_config.database_path;
    import_config.data_dir = args.value("data-dir").value_or(reference::default_data_dir().string());
    import_config.territory_path = args.value("territory");
    import_config.backup_dir = args.value("backup-dir") ? std::filesystem::path(*args.value("backup-dir"))
                                                        : importer::default_backup_dir(service_config.database_path);
    import_config.keep_backups = static_cast<std::size_t>(args.number("keep-backups", 5, 1, 1000));
    import_config.upload_dir = args.value("upload-dir") ? std::filesystem::path(*args.value("upload-dir")) : database_dir / "uploads";
    server_config.upload_dir = import_config.upload_dir.string();
    if (import_config.territory_path && !std::filesystem::is_regular_file(*import_config.territory_path)) {
        throw util::UsageError("--territory '" + *import_config.territory_path + "' is not a file");
    }
    try {
        service_config.validate();
        server_config.validate();
        owner_config.validate();
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
    // Writing is for accounts, owners and the console; a database this user cannot write is
    // served read-only, and says so.
    handlers::OwnerContext owner_context;
    owner_context.search = &service;
    owner_context.backup_dir = import_config.backup_dir;
    owner_context.secure_cookies = owner_config.public_url.rfind("https://", 0) == 0;
    std::unique_ptr<owner::OwnerService> owner_service;
    std::unique_ptr<jobs::ConsoleImports> imports;
    if (args.flag("read-only")) {
        owner_context.read_only_reason = "this server runs read-only (--read-only): accounts, owner editing and the console are off";
    } else {
        try {
            owner_service = std::make_unique<owner::OwnerService>(owner_config);
            imports = std::make_unique<jobs::ConsoleImports>(import_config);
            owner_context.owner = owner_service.get();
            owner_context.imports = imports.get();
        } catch (const std::exception& error) {
            imports.reset();
            owner_service.reset();
            owner_context.read_only_reason = std::string("this server cannot write its database, so accounts, owner editing and the "
                                                         "console are off: ") + error.what();
            std::cerr << "annuaire serve: serving read-only: " << error.what() << "\n";
        }
    }
    http::Server server(server_config, service, owner_context);
    server.start();
    std::cerr << "annuaire serve: up to " << server.connection_capacity() << " connections at once" << std::endl;
    std::cout << "listening on http://" << server_config.host << ":" << server.port() << std::endl;
    int received = 0;
    sigwait(&stop_signals, &received);
    std::cerr << "annuaire serve: stopping (signal " << received << ")\n";
    server.shutdown();
    return 0;
}

}  // namespace annuaire::commands
