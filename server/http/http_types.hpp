// What handlers see of HTTP: a decoded request and a response value. Handlers
// never include Pistache; server.cpp turns these into Pistache calls.
#pragma once

#include "search/query_parser.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace annuaire::http {

struct Request {
    std::string path;
    search::Params params;                          // query string, percent-decoded once
    std::map<std::string, std::string> path_params; // e.g. "id", percent-decoded
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    bool cacheable = true;  // gets ETag and Cache-Control tied to the data version
    std::vector<std::pair<std::string, std::string>> headers;
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
