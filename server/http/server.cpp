#include "http/server.hpp"

#include "handlers/handlers.hpp"
#include "search/search_query.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/router.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

namespace annuaire::http {

void ServerConfig::validate() const {
    if (host.empty()) throw std::invalid_argument("--host must not be empty");
    if (port < 0 || port > 65535) throw std::invalid_argument("--port must be between 0 and 65535");
    if (threads < 0 || threads > 256) throw std::invalid_argument("--threads must be between 0 and 256");
    if (web_dir && !std::filesystem::is_directory(*web_dir)) {
        throw std::invalid_argument("--web '" + *web_dir + "' is not a directory");
    }
}

std::string percent_decode(const std::string& text, bool plus_is_space) {
    const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::string mime_type_of(const std::string& path) {
    static const std::map<std::string, std::string> types = {
        {".html", "text/html; charset=utf-8"}, {".htm", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"}, {".json", "application/json"},
        {".geojson", "application/geo+json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
        {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"}, {".ico", "image/x-icon"},
        {".webp", "image/webp"}, {".woff", "font/woff"}, {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
        {".map", "application/json"}, {".wasm", "application/wasm"}, {".pbf", "application/x-protobuf"},
        {".csv", "text/csv; charset=utf-8"}};
    const auto ext = std::filesystem::path(path).extension().string();
    const auto found = types.find(ext);
    return found == types.end() ? "application/octet-stream" : found->second;
}

namespace {

using Pistache::Http::Code;

// Pistache 0.0.5 writes typed headers only (raw ones are dropped from responses):
// one header class whose name is a value.
class NamedHeader : public Pistache::Http::Header::Header {
public:
    NamedHeader(std::string name, std::string value) : name_(std::move(name)), value_(std::move(value)) {}
    const char* name() const override { return name_.c_str(); }
    void parse(const std::string& data) override { value_ = data; }
    void write(std::ostream& os) const override { os << value_; }
#ifdef SAFE_HEADER_CAST
    std::uint64_t hash() const override { return std::hash<std::string>{}(name_); }
#endif

private:
    std::string name_;
    std::string value_;
};

void add_header(Pistache::Http::ResponseWriter& writer, const std::string& name, const std::string& value) {
    writer.headers().add(std::make_shared<NamedHeader>(name, value));
}
using Handler = Response (*)(search::SearchService&, const Request&);

nlohmann::json error_body(const std::string& code, const std::string& message) {
    return {{"error", {{"code", code}, {"message", message}}}};
}

}  // namespace

struct Server::Impl {
    Impl(ServerConfig c, search::SearchService& s) : config(std::move(c)), service(s) {}
    ServerConfig config;
    search::SearchService& service;
    std::unique_ptr<Pistache::Http::Endpoint> endpoint;
    Pistache::Rest::Router router;
    std::filesystem::path web_root;

    // Everything a request goes through: decoding, the handler, errors, caching headers.
    void answer(const Pistache::Rest::Request& raw, Pistache::Http::ResponseWriter writer, Handler handler) {
        Response response;
        std::string version;
        try {
            version = service.version();
            Request request;
            request.path = raw.resource();
            for (auto it = raw.query().parameters_begin(); it != raw.query().parameters_end(); ++it) {
                request.params[percent_decode(it->first, true)] = percent_decode(it->second, true);
            }
            if (raw.hasParam(":id")) request.path_params["id"] = percent_decode(raw.param(":id").as<std::string>(), false);
            const auto inm = raw.headers().tryGetRaw("If-None-Match");
            if (inm && inm->value() == "\"" + version + "\"") {
                response.status = 304;
            } else {
                response = handler(service, request);
            }
        } catch (const search::QueryError& error) {
            response = json_response(error_body(error.code(), error.what()), 400);
            response.cacheable = false;
        } catch (const search::NotFound& error) {
            response = json_response(error_body("not_found", error.what()), 404);
            response.cacheable = false;
        } catch (const search::Unavailable& error) {
            response = json_response(error_body("unavailable", error.what()), 503);
            response.cacheable = false;
        } catch (const std::exception& error) {
            std::cerr << "annuaire serve: " << raw.resource() << ": " << error.what() << "\n";
            response = json_response(error_body("internal_error", "the server could not answer this request"), 500);
            response.cacheable = false;
        } catch (...) {
            std::cerr << "annuaire serve: " << raw.resource() << ": unknown exception\n";
            response = json_response(error_body("internal_error", "the server could not answer this request"), 500);
            response.cacheable = false;
        }
        send(writer, response, version);
    }

    void send(Pistache::Http::ResponseWriter& writer, const Response& response, const std::string& version) {
        try {
            if (response.cacheable && response.status < 400) {
                add_header(writer, "ETag", "\"" + version + "\"");
                add_header(writer, "Cache-Control", "public, max-age=" + std::to_string(config.max_age_seconds));
            } else {
                add_header(writer, "Cache-Control", "no-store");
            }
            for (const auto& [name, value] : response.headers) add_header(writer, name, value);
            if (response.status == 304) {
                writer.send(Code::Not_Modified);
                return;
            }
            writer.setMime(Pistache::Http::Mime::MediaType::fromString(response.content_type));
            writer.send(static_cast<Code>(response.status), response.body);
        } catch (const std::exception& error) {
            std::cerr << "annuaire serve: cannot send a response: " << error.what() << "\n";
        }
    }

    void not_found(const Pistache::Rest::Request& raw, Pistache::Http::ResponseWriter writer) {
        Response response = json_response(error_body("not_found", "no route for " + raw.resource().substr(0, 200)), 404);
        response.cacheable = false;
        try {
            const auto method = raw.method();
            const std::string path = raw.resource();
            if (!web_root.empty() && path.rfind("/api/", 0) != 0 &&
                (method == Pistache::Http::Method::Get || method == Pistache::Http::Method::Head)) {
                if (auto file = static_file(path)) {
                    if (method == Pistache::Http::Method::Head) file->body.clear();
                    send(writer, *file, service.version());
                    return;
                }
            }
        } catch (const std::exception& error) {
            std::cerr << "annuaire serve: static file: " << error.what() << "\n";
        }
        send(writer, response, "");
    }

    // A file under --web, never outside it: no ".." segment, and the resolved path must
    // stay under the resolved root (symbolic links included).
    std::optional<Response> static_file(const std::string& raw_path) {
        std::string path = percent_decode(raw_path, false);
        if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) return std::nullopt;
        std::istringstream segments(path);
        for (std::string segment; std::getline(segments, segment, '/');) {
            if (segment == "..") return std::nullopt;
        }
        if (path.empty() || path.back() == '/') path += "index.html";
        std::error_code ec;
        auto candidate = std::filesystem::weakly_canonical(web_root / path.substr(1), ec);
        if (ec) return std::nullopt;
        if (std::filesystem::is_directory(candidate, ec)) candidate /= "index.html";
        const auto relative = candidate.lexically_relative(web_root);
        if (relative.empty() || *relative.begin() == "..") return std::nullopt;
        if (!std::filesystem::is_regular_file(candidate, ec)) return std::nullopt;
        std::ifstream in(candidate, std::ios::binary);
        if (!in) return std::nullopt;
        std::ostringstream bytes;
        bytes << in.rdbuf();
        Response response;
        response.content_type = mime_type_of(candidate.string());
        response.body = bytes.str();
        return response;
    }
};

Server::Server(ServerConfig config, search::SearchService& service)
    : impl_(std::make_unique<Impl>(std::move(config), service)) {
    impl_->config.validate();
    if (impl_->config.web_dir) impl_->web_root = std::filesystem::canonical(*impl_->config.web_dir);
}

Server::~Server() { shutdown(); }

void Server::start() {
    auto& impl = *impl_;
    using namespace Pistache::Rest;
    const auto route = [&](const char* path, Handler handler) {
        Routes::Get(impl.router, path, [&impl, handler](const Pistache::Rest::Request& request, Pistache::Http::ResponseWriter writer) {
            impl.answer(request, std::move(writer), handler);
            return Route::Result::Ok;
        });
    };
    route("/api/v1/health", handlers::health);
    route("/api/v1/openapi.json", handlers::openapi);
    route("/api/v1/practitioners", handlers::practitioners);
    route("/api/v1/practitioners/:id", handlers::practitioner);
    route("/api/v1/clusters", handlers::clusters);
    route("/api/v1/suggest", handlers::suggest);
    route("/api/v1/geocode", handlers::geocode);
    route("/api/v1/export", handlers::export_file);
    impl.router.addNotFoundHandler([&impl](const Pistache::Rest::Request& request, Pistache::Http::ResponseWriter writer) {
        impl.not_found(request, std::move(writer));
        return Route::Result::Ok;
    });

    const Pistache::Address address(impl.config.host, Pistache::Port(static_cast<std::uint16_t>(impl.config.port)));
    impl.endpoint = std::make_unique<Pistache::Http::Endpoint>(address);
    const int threads = impl.config.threads > 0 ? impl.config.threads
                                                : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    auto options = Pistache::Http::Endpoint::options()
                       .threads(threads)
                       .flags(Pistache::Tcp::Options::ReuseAddr)
                       .maxRequestSize(64 * 1024)
                       .maxResponseSize(512u * 1024 * 1024)
                       .keepaliveTimeout(std::chrono::seconds(5));
    impl.endpoint->init(options);
    impl.endpoint->setHandler(impl.router.handler());
    impl.endpoint->serveThreaded();
}

std::uint16_t Server::port() const {
    return impl_->endpoint ? static_cast<std::uint16_t>(impl_->endpoint->getPort()) : 0;
}

void Server::shutdown() {
    if (impl_ && impl_->endpoint) {
        impl_->endpoint->shutdown();
        impl_->endpoint.reset();
    }
}

}  // namespace annuaire::http
