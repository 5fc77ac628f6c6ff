// /api/v1/admin/imports: uploading an extract to import (streamed to a file by the HTTP layer),
// following it, its report and every problem line as CSV.
#include "handlers/owner_handlers.hpp"

#include "owner/declared_values.hpp"
#include "owner/owner_error.hpp"
#include "search/export.hpp"

namespace annuaire::handlers {

http::Response admin_imports(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    auto list = c.owner->import_jobs(caller);
    for (auto& item : list["items"]) {
        if (const auto progress = c.imports ? c.imports->progress(item["id"]) : std::nullopt) item["progress"] = *progress;
    }
    return http::json_response(list);
}

http::Response upload_import(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {"name", "allow_mass_archive"});
    if (r.body_file.empty()) {
        throw search::QueryError("invalid_parameter", "send the extract (.zip or .txt) as the request body, with a Content-Length");
    }
    std::string name = parameter(r, "name").value_or("extract");
    try {
        name = owner::checked_text(name, 200);
    } catch (const owner::ValueError& error) {
        throw search::QueryError("invalid_parameter", std::string("parameter 'name': ") + error.what());
    }
    const auto mass = parameter(r, "allow_mass_archive");
    if (mass && *mass != "true" && *mass != "false") {
        throw search::QueryError("invalid_parameter", "parameter 'allow_mass_archive': expected true or false");
    }
    return http::json_response(c.imports->start(r.body_file, name, mass && *mass == "true", caller.name()), 202);
}

http::Response admin_import(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    const auto id = id_parameter(r);
    auto job = c.owner->import_job(caller, id);
    if (const auto progress = c.imports ? c.imports->progress(id) : std::nullopt) job["import"]["progress"] = *progress;
    return http::json_response(job);
}

http::Response import_problems_csv(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    const auto id = id_parameter(r);
    c.owner->import_job(caller, id);   // 404 before the head is sent
    auto* service = c.owner;
    http::Response response;
    response.content_type = "text/csv; charset=utf-8";
    response.cacheable = false;
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"import-" + std::to_string(id) + "-lignes.csv\"");
    response.stream = [service, caller, id](search::ByteSink& sink) {
        service->import_problems_csv(caller, id, [&](std::string_view bytes) { sink.write(bytes); });
    };
    return response;
}

// Shared helpers.

std::int64_t id_parameter(const http::Request& r, const char* name) {
    const auto& text = r.path_params.at(name);
    std::int64_t id = 0;
    for (const char ch : text) {
        if (ch < '0' || ch > '9' || id > 100000000000000) {
            throw search::QueryError("invalid_parameter", std::string("parameter '") + name + "': expected a positive integer");
        }
        id = id * 10 + (ch - '0');
    }
    if (text.empty() || id <= 0) throw search::QueryError("invalid_parameter", std::string("parameter '") + name + "': expected a positive integer");
    return id;
}

void only_parameters(const http::Request& r, std::initializer_list<const char*> known) {
    for (const auto& [name, value] : r.params) {
        if (std::find_if(known.begin(), known.end(), [&](const char* k) { return name == k; }) == known.end()) {
            throw search::QueryError("unknown_parameter", "parameter '" + name.substr(0, 40) + "' is not known here");
        }
    }
}

std::optional<std::string> parameter(const http::Request& r, const char* name) {
    const auto found = r.params.find(name);
    if (found == r.params.end()) return std::nullopt;
    return found->second;
}

}  // namespace annuaire::handlers
