// What handlers see of HTTP: a decoded request and a response value. Handlers never
// include Pistache, nor know about connections; the engine (engine.cpp) turns these
// into bytes on a socket.
#pragma once

#include "search/query_parser.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace annuaire::search {
class ByteSink;
}

namespace annuaire::http {

struct Request {
    std::string method;                              // GET, HEAD, POST, ...
    std::string path;                                // percent-decoded once
    search::Params params;                           // query string, percent-decoded once
    std::map<std::string, std::string> path_params;  // e.g. "id", percent-decoded
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    std::string body;
    // An upload's body, in a file the engine removes after the handler (which may move it first).
    std::string body_file;
    std::string client_address;                      // the client's IP (through a trusted proxy: the one it names)

    const std::string* header(std::string_view lower_name) const {
        for (const auto& [name, value] : headers) {
            if (name == lower_name) return &value;
        }
        return nullptr;
    }
    // The value of a cookie (every Cookie header read, "name=value; name=value"), or "".
    std::string cookie(std::string_view name) const {
        for (const auto& [header_name, value] : headers) {
            if (header_name != "cookie") continue;
            std::string_view rest = value;
            while (!rest.empty()) {
                const auto end = rest.find(';');
                auto pair = rest.substr(0, end);
                while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
                const auto equals = pair.find('=');
                if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
                    auto found = pair.substr(equals + 1);
                    while (!found.empty() && found.back() == ' ') found.remove_suffix(1);
                    return std::string(found);
                }
                if (end == std::string_view::npos) break;
                rest.remove_prefix(end + 1);
            }
        }
        return {};
    }
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    // Tag of the data this answer comes from: a 200 with a tag gets ETag (and 304 when the client
    // has it) and a public Cache-Control; without one, the answer is not stored (no-store).
    std::string etag;
    bool cacheable = true;   // false: never tagged, even if the server has a data version
    // How long a tagged answer may be reused without asking (responses.cpp turns it into
    // Cache-Control): API answers for a short while; a page revalidated at each visit; a file
    // whose name holds a hash of its content for good.
    enum class Lifetime { api, revalidate, static_file, immutable };
    Lifetime lifetime = Lifetime::api;
    std::vector<std::pair<std::string, std::string>> headers;
    // A body produced while it is sent (exports): written to the sink, which blocks while the
    // client reads and throws if the client goes away. Not called for HEAD.
    std::function<void(search::ByteSink&)> stream;
};

inline Response json_response(const nlohmann::json& value, int status = 200) {
    Response response;
    response.status = status;
    response.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

// An answer the service wrote as JSON text already.
inline Response json_text_response(std::string text, int status = 200) {
    Response response;
    response.status = status;
    response.body = std::move(text);
    return response;
}

}  // namespace annuaire::http
