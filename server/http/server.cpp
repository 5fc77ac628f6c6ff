#include "http/server.hpp"

#include "handlers/handlers.hpp"
#include "handlers/owner_handlers.hpp"
#include "http/access.hpp"
#include "http/engine.hpp"
#include "http/listener.hpp"
#include "owner/owner_error.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace annuaire::http {

namespace {

void check_range(const char* option, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
        throw std::invalid_argument(std::string(option) + " must be between " + std::to_string(min).substr(0, 8) + " and " +
                                    std::to_string(max).substr(0, 10));
    }
}

// A CORS origin is a scheme and a host (and port), nothing else: "https://cpts.example".
bool valid_origin(const std::string& origin) {
    if (origin == "*") return true;
    const auto scheme_end = origin.find("://");
    if (scheme_end == std::string::npos) return false;
    const auto scheme = origin.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https") return false;
    const auto host = origin.substr(scheme_end + 3);
    return !host.empty() && host.find_first_of("/?# ") == std::string::npos;
}

// The one route whose body is streamed to a file: an extract to import, from the console.
constexpr const char* kUploadPath = "/api/v1/admin/imports";

// Descriptors the server needs besides connections: database files, epoll and event fds,
// temporary export files, standard streams.
int reserved_descriptors(int threads, int exports) { return 64 + 4 * (threads + exports); }

// Sockets closing (evicted, refused) keep their descriptor until the listener closes them, and
// under a flood Pistache accepts ahead of its reactor: the connections kept open leave this many
// descriptors for those. Past the limit, Pistache's accept loop retries until one is closed.
constexpr rlim_t kClosingSockets = 64;

// Raises the soft limit on open descriptors to the hard one; returns the soft limit.
rlim_t raise_descriptor_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY ? rlim_t{1} << 20 : limit.rlim_cur;
}

// scheme://host[:port] of a URL template, or "" when it is not an http(s) URL.
std::string origin_of(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return {};
    const auto scheme = url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https") return {};
    const auto host_end = url.find('/', scheme_end + 3);
    if (host_end == std::string::npos) return {};
    return url.substr(0, host_end);
}

}  // namespace

std::string ServerConfig::tiles_source() const {
    if (tiles_url.empty()) return {};
    auto origin = origin_of(tiles_url);
    const auto subdomains = origin.find("://{s}.");
    if (subdomains != std::string::npos) origin.replace(subdomains + 3, 3, "*");
    return origin;
}

void ServerConfig::validate() const {
    if (host.empty()) throw std::invalid_argument("--host must not be empty");
    check_range("--port", port, 0, 65535);
    check_range("--threads", threads, 0, 256);
    check_range("--io-threads", io_threads, 1, 16);
    if (web_dir && !std::filesystem::is_directory(*web_dir)) {
        throw std::invalid_argument("--web '" + *web_dir + "' is not a directory");
    }
    check_range("--header-timeout", header_timeout_ms, 100, 600000);
    check_range("--idle-timeout", idle_timeout_ms, 100, 3600000);
    check_range("--send-timeout", send_timeout_ms, 1000, 3600000);
    check_range("--max-connections", max_connections, 16, 1000000);
    check_range("--max-connections-per-address", max_connections_per_address, 1, 1000000);
    check_range("--max-body", max_body_bytes, 0, 64 << 20);
    check_range("--max-exports", max_exports, 1, 64);
    check_range("--max-waiting-requests", max_waiting_requests, 0, 100000);
    check_range("--rate-limit", rate_per_second, 0, 1e6);
    check_range("--rate-burst", rate_burst, 1, 1e6);
    check_range("--geocode-rate-limit", geocode_per_second, 0, 1e6);
    check_range("--geocode-burst", geocode_burst, 1, 1e6);
    check_range("--export-rate-limit", export_per_minute, 0, 1e6);
    check_range("--export-burst", export_burst, 1, 1e6);
    check_range("--login-rate-limit", login_per_minute, 0, 1e6);
    check_range("--claim-rate-limit", account_per_hour, 0, 1e6);
    check_range("--max-upload", static_cast<double>(max_upload_bytes), 1024, 64.0 * (1ull << 30));
    if (!tiles_url.empty()) {
        const auto origin = origin_of(tiles_url);
        std::string host = origin.empty() ? std::string() : origin.substr(origin.find("://") + 3);
        if (host.rfind("{s}.", 0) == 0) host.erase(0, 4);
        const bool plain_host = !host.empty() && host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:") == std::string::npos;
        const bool template_ok = tiles_url.find("{z}") != std::string::npos && tiles_url.find("{x}") != std::string::npos &&
                                 tiles_url.find("{y}") != std::string::npos;
        const bool quiet = tiles_url.find_first_of(" \"'<>\\;") == std::string::npos;
        if (origin.empty() || !plain_host || !template_ok || !quiet) {
            throw std::invalid_argument("--tiles '" + tiles_url.substr(0, 120) +
                                        "' is not a tile URL such as https://tile.openstreetmap.org/{z}/{x}/{y}.png "
                                        "(http or https, {z}, {x} and {y}, '{s}.' only at the start of the host)");
        }
        if (tiles_attribution.empty()) {
            throw std::invalid_argument("--tiles needs --tiles-attribution: the credit the tiles' licence asks for");
        }
    } else if (!tiles_attribution.empty()) {
        throw std::invalid_argument("--tiles-attribution needs --tiles");
    }
    if (tiles_attribution.size() > 300) throw std::invalid_argument("--tiles-attribution is longer than 300 bytes");
    for (const unsigned char c : tiles_attribution) {
        if (c < 0x20 || c == 0x7f) throw std::invalid_argument("--tiles-attribution holds a control character");
    }
    check_range("--tiles-max-zoom", tiles_max_zoom, 1, 22);
    for (const auto& origin : cors_origins) {
        if (!valid_origin(origin)) {
            throw std::invalid_argument("--cors-origin '" + origin + "' is not an origin such as https://cpts.example (or *)");
        }
    }
}

struct Server::Impl {
    Impl(ServerConfig c, search::SearchService& s, handlers::OwnerContext o) : config(std::move(c)), service(s), owner(std::move(o)) {}
    ServerConfig config;
    search::SearchService& service;
    handlers::OwnerContext owner;
    std::unique_ptr<Engine> engine;
    std::unique_ptr<Listener> listener;
    std::size_t capacity = 0;
};

Server::Server(ServerConfig config, search::SearchService& service, handlers::OwnerContext owner)
    : impl_(std::make_unique<Impl>(std::move(config), service, std::move(owner))) {
    impl_->config.validate();
}

Server::~Server() { shutdown(); }

void Server::start() {
    auto& impl = *impl_;
    const auto& config = impl.config;
    auto& service = impl.service;

    // Each route's handler, tagged with the data version its answer comes from.
    const auto bind = [&service](Response (*handler)(search::SearchService&, const Request&)) {
        return [&service, handler](const Request& request) {
            const auto version = service.version();
            auto response = handler(service, request);
            if (response.cacheable && response.etag.empty()) response.etag = version;
            return response;
        };
    };
    Router router;
    const auto add = [&router](std::string method, std::string pattern, Handler handler, RateClass rate, Pool pool) {
        Route route;
        route.method = std::move(method);
        route.pattern = std::move(pattern);
        route.handler = std::move(handler);
        route.rate = rate;
        route.pool = pool;
        router.add(std::move(route));
    };
    add("GET", "/api/v1/health", bind(handlers::health), RateClass::api, Pool::requests);
    add("GET", "/api/v1/openapi.json", bind(handlers::openapi), RateClass::api, Pool::requests);
    add("GET", "/api/v1/practitioners", bind(handlers::practitioners), RateClass::api, Pool::requests);
    add("GET", "/api/v1/practitioners/:id", bind(handlers::practitioner), RateClass::api, Pool::requests);
    add("GET", "/api/v1/clusters", bind(handlers::clusters), RateClass::api, Pool::requests);
    add("GET", "/api/v1/suggest", bind(handlers::suggest), RateClass::api, Pool::requests);
    add("GET", "/api/v1/geocode", bind(handlers::geocode), RateClass::geocode, Pool::requests);
    add("GET", "/api/v1/export", bind(handlers::export_file), RateClass::export_file, Pool::exports);
    add("GET", "/api/v1/base-map", bind(handlers::base_map), RateClass::api, Pool::requests);
    const handlers::MapPageSettings page{config.tiles_url, config.tiles_attribution, config.tiles_max_zoom};
    add("GET", "/api/v1/map-settings",
        [&service, page](const Request& request) {
            const auto version = service.version();
            auto response = handlers::map_settings(service, request, page);
            response.etag = version;
            return response;
        },
        RateClass::api, Pool::requests);

    // Accounts, owners and the console: the caller and their rights checked first (with the
    // CSRF token of what changes something), never cached. Read-only: 503.
    auto& context = impl.owner;
    const auto guard = [&context](Access access, handlers::OwnerHandler handler) {
        return [&context, access, handler](const Request& request) {
            if (!context.owner) {
                throw owner::OwnerError(owner::Refusal::unavailable, "read_only", context.read_only_reason);
            }
            const auto caller = authorize(*context.owner, request, access);
            const bool changes = request.method != "GET" && request.method != "HEAD";
            if (changes && context.imports && context.imports->running()) {
                throw owner::OwnerError(owner::Refusal::unavailable, "import_running",
                                        "an import is being written: this works again when it ends (see /api/v1/admin/imports)",
                                        {}, 30);
            }
            auto response = handler(context, request, caller);
            response.cacheable = false;
            return response;
        };
    };
    const auto owned = [&](std::string method, std::string pattern, Access access, handlers::OwnerHandler handler,
                           RateClass rate = RateClass::api) {
        const bool reads = method == "GET";
        add(std::move(method), std::move(pattern), guard(access, handler), rate, reads ? Pool::requests : Pool::writes);
    };
    using A = Access;
    owned("GET", "/api/v1/session", A::anyone, handlers::session_state);
    owned("POST", "/api/v1/session", A::anyone, handlers::login, RateClass::login);
    owned("DELETE", "/api/v1/session", A::account, handlers::logout);
    owned("POST", "/api/v1/password", A::anyone, handlers::set_password, RateClass::account);
    owned("POST", "/api/v1/password/reset", A::anyone, handlers::request_password_reset, RateClass::account);
    owned("GET", "/api/v1/account", A::account, handlers::account);
    owned("DELETE", "/api/v1/account/sessions", A::account, handlers::revoke_sessions);
    owned("GET", "/api/v1/account/fiches/:id", A::account, handlers::fiche_for_editing);
    owned("PATCH", "/api/v1/account/fiches/:id", A::account, handlers::edit_fiche);
    owned("POST", "/api/v1/claims", A::anyone, handlers::create_claim, RateClass::account);
    owned("POST", "/api/v1/claims/status", A::anyone, handlers::claim_status);
    owned("GET", "/api/v1/admin/claims", A::admin, handlers::admin_claims);
    owned("POST", "/api/v1/admin/claims/:id/approve", A::admin, handlers::approve_claim);
    owned("POST", "/api/v1/admin/claims/:id/reject", A::admin, handlers::reject_claim);
    owned("GET", "/api/v1/admin/corrections", A::admin, handlers::admin_corrections);
    owned("POST", "/api/v1/admin/corrections/:id/accept", A::admin, handlers::accept_correction);
    owned("POST", "/api/v1/admin/corrections/:id/reject", A::admin, handlers::reject_correction);
    owned("GET", "/api/v1/admin/conflicts", A::admin, handlers::admin_conflicts);
    owned("POST", "/api/v1/admin/conflicts/:id/resolve", A::admin, handlers::resolve_conflict);
    owned("GET", "/api/v1/admin/sites", A::admin, handlers::admin_sites);
    owned("PUT", "/api/v1/admin/sites/:id/pin", A::admin, handlers::pin_site);
    owned("DELETE", "/api/v1/admin/sites/:id/pin", A::admin, handlers::unpin_site);
    owned("GET", "/api/v1/admin/users", A::admin, handlers::admin_users);
    owned("POST", "/api/v1/admin/users", A::admin, handlers::invite_admin);
    owned("PATCH", "/api/v1/admin/users/:id", A::admin, handlers::update_user);
    owned("GET", "/api/v1/admin/outbox", A::admin, handlers::admin_outbox);
    owned("GET", "/api/v1/admin/audit", A::admin, handlers::admin_audit);
    owned("GET", "/api/v1/admin/audit.csv", A::admin, handlers::admin_audit_csv);
    owned("GET", "/api/v1/admin/backups", A::admin, handlers::admin_backups);
    owned("POST", "/api/v1/admin/backups", A::admin, handlers::take_backup);
    owned("GET", "/api/v1/admin/imports", A::admin, handlers::admin_imports);
    owned("GET", "/api/v1/admin/imports/:id", A::admin, handlers::admin_import);
    owned("GET", "/api/v1/admin/imports/:id/problems.csv", A::admin, handlers::import_problems_csv);
    {
        // The extract is streamed to a file; who sends it is checked from the head, before one
        // byte of the body is kept.
        Route upload;
        upload.method = "POST";
        upload.pattern = kUploadPath;
        upload.handler = guard(A::admin, handlers::upload_import);
        upload.rate = RateClass::api;
        upload.pool = Pool::writes;
        upload.upload = true;
        upload.admit = [&context](const Request& request) {
            if (!context.owner) throw owner::OwnerError(owner::Refusal::unavailable, "read_only", context.read_only_reason);
            authorize(*context.owner, request, A::admin);
            if (context.imports && context.imports->running()) {
                throw owner::OwnerError(owner::Refusal::conflict, "import_running",
                                        "an import is running: wait for it to end (see /api/v1/admin/imports)");
            }
        };
        router.add(std::move(upload));
    }

    const int threads = config.threads > 0 ? config.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    EngineConfig engine_config;
    auto& limits = engine_config.limits;
    limits.parser.max_body = static_cast<std::size_t>(config.max_body_bytes);
    limits.parser.upload_paths = {kUploadPath};
    limits.parser.max_upload_body = static_cast<std::size_t>(config.max_upload_bytes);
    limits.header_timeout = std::chrono::milliseconds(config.header_timeout_ms);
    limits.idle_timeout = std::chrono::milliseconds(config.idle_timeout_ms);
    limits.send_timeout = std::chrono::milliseconds(config.send_timeout_ms);
    const auto descriptors = raise_descriptor_limit();
    const auto reserve = static_cast<rlim_t>(reserved_descriptors(threads + config.io_threads, config.max_exports));
    const rlim_t sockets = descriptors > reserve + kClosingSockets + 16 ? descriptors - reserve : kClosingSockets + 16;
    limits.max_connections =
        static_cast<std::size_t>(std::min<rlim_t>(static_cast<rlim_t>(config.max_connections), sockets - kClosingSockets));
    limits.max_connections_per_address = static_cast<std::size_t>(config.max_connections_per_address);
    engine_config.rates.api = {config.rate_per_second, config.rate_burst};
    engine_config.rates.geocode = {config.geocode_per_second, config.geocode_burst};
    engine_config.rates.export_file = {config.export_per_minute / 60.0, config.export_burst};
    engine_config.rates.login = {config.login_per_minute / 60.0, config.login_burst};
    engine_config.rates.account = {config.account_per_hour / 3600.0, config.account_burst};
    engine_config.upload_dir = config.upload_dir.empty() ? std::string("/tmp") : config.upload_dir;
    engine_config.headers.cors_origins = config.cors_origins;
    engine_config.headers.max_age_seconds = config.max_age_seconds;
    std::string frame_ancestors = "'self'";
    for (const auto& origin : config.cors_origins) {
        if (origin != "*") frame_ancestors += " " + origin;
    }
    // The built page has no inline script or style (Leaflet sets styles through the DOM, which
    // the policy allows); images are its own, data: URLs, and the tiles of --tiles if any.
    std::string images = "'self' data:";
    if (const auto tiles = config.tiles_source(); !tiles.empty()) images += " " + tiles;
    engine_config.headers.page_csp =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + images +
        "; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors " + frame_ancestors;
    engine_config.worker_threads = threads;
    engine_config.max_waiting_requests = static_cast<std::size_t>(config.max_waiting_requests);
    engine_config.max_concurrent_exports = config.max_exports;
    engine_config.trusted_proxies = config.trusted_proxies;
    impl.capacity = limits.max_connections;

    std::unique_ptr<StaticFiles> static_files;
    if (config.web_dir) static_files = std::make_unique<StaticFiles>(*config.web_dir, kPageRoutes);
    impl.engine = std::make_unique<Engine>(std::move(engine_config), std::move(router), std::move(static_files));
    ListenerConfig listener_config;
    listener_config.host = config.host;
    listener_config.port = static_cast<std::uint16_t>(config.port);
    listener_config.io_threads = config.io_threads;
    impl.listener = std::make_unique<Listener>(listener_config, *impl.engine);
    impl.listener->start();
}

std::uint16_t Server::port() const { return impl_->listener ? impl_->listener->port() : 0; }

std::size_t Server::connection_capacity() const { return impl_->capacity; }

void Server::shutdown() {
    if (!impl_) return;
    // Stop taking and reading connections first, then let the handlers in flight finish.
    if (impl_->listener) impl_->listener->stop();
    if (impl_->engine) impl_->engine->stop();
    impl_->listener.reset();
    impl_->engine.reset();
}

}  // namespace annuaire::http
