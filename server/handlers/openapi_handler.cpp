// GET /api/v1/openapi.json — the OpenAPI 3 description of this API.
#include "handlers/handlers.hpp"
#include "handlers/openapi_owner.hpp"

#include "owner/owner_fields.hpp"
#include "search/search_query.hpp"

namespace annuaire::handlers {

namespace {

using nlohmann::json;

json param(const char* name, const char* description, json schema = {{"type", "string"}}, bool required = false) {
    return {{"name", name}, {"in", "query"}, {"required", required}, {"description", description}, {"schema", schema}};
}

// A filter that takes several values, written comma-separated (OpenAPI form style, explode
// false): a repeated parameter is refused rather than half read.
json list_param(const char* name, const char* description, json item_schema = {{"type", "string"}}) {
    json p = param(name, description, {{"type", "array"}, {"items", std::move(item_schema)}});
    p["style"] = "form";
    p["explode"] = false;
    p["description"] = std::string(description) +
                       ". Several values are comma-separated and combine with OR (e.g. profession=10,70); "
                       "a repeated parameter is refused (400)";
    return p;
}

template <typename Entry, std::size_t N>
json enum_list(const std::array<Entry, N>& list) {
    json values = json::array();
    for (const auto& entry : list) values.push_back(entry.code);
    return values;
}

json filter_parameters() {
    const json boolean = {{"type", "boolean"}};
    json params = json::array({
        param("q", "Full text over names, professions, specialties, site and commune: every word must be found, "
                   "accent-insensitive, as a prefix, tolerant of one typo (a letter added, dropped, changed, or two "
                   "adjacent letters swapped) (at most 200 bytes). Unicode-normalised (NFKC) like the indexed text: "
                   "decomposed accents, fullwidth letters and ligatures read as plain letters. Civility words (dr, "
                   "docteur, pr, professeur, mme, m.) narrow to practitioners of that civility instead of matching a "
                   "name; words of the declared vocabulary (domicile, enfants, téléconsultation, PMR, carte vitale, "
                   "vaccination...) act as their filter unless the request gives that filter; the answer lists both "
                   "under 'understood'. A text that is not blank but has no letter or digit is refused (400 "
                   "empty_query). Relevance: a word found in the name counts most, then profession, specialty, "
                   "commune, site; a whole word twice a prefix"),
        list_param("profession", "RPPS profession codes, e.g. 70"),
        list_param("specialty", "Savoir-faire codes, e.g. SM54"),
        list_param("commune", "INSEE commune codes, e.g. 68224"),
        list_param("territory", "Territory ids, e.g. m2a"),
        list_param("conventionnement", "Declared conventionnement",
                   {{"type", "string"}, {"enum", enum_list(owner::kConventionnement)}}),
        list_param("public", "Declared publics", {{"type", "string"}, {"enum", enum_list(owner::kPublics)}}),
        list_param("act", "Declared acts", {{"type", "string"}, {"enum", enum_list(owner::kActs)}}),
        list_param("mode", "RPPS exercise modes of the practice; 'all' for every mode. Without it, the server's default "
                           "(serve --default-mode, none unless set) applies",
                   {{"type", "string"}, {"enum", enum_list(owner::kExerciseModes)}}),
        param("open_at", "Open at this moment per the declared hours: ISO 8601 date-time, Europe/Paris when no offset",
              {{"type", "string"}, {"example", "2025-03-14T09:30"}}),
        param("bbox", "W,S,E,N in degrees (WGS84)", {{"type", "string"}, {"example", "7.25,47.70,7.40,47.80"}}),
        param("near", "LAT,LON centre of a radius search", {{"type", "string"}, {"example", "47.7508,7.3359"}}),
        param("radius_km", "Radius around near, geodesic, at most 100 (default 10)", {{"type", "number"}, {"maximum", search::Limits::max_radius_km}}),
    });
    for (const auto& field : owner::kBooleanFields) params.push_back(param(std::string(field.code).c_str(), std::string(field.label).c_str(), boolean));
    return params;
}

json error_response(const char* description) {
    return {{"description", description},
            {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

json ref(const char* name) { return {{"$ref", std::string("#/components/responses/") + name}}; }

// The answers every route may give besides its own: the HTTP layer's refusals.
json operation(const char* summary, json params, const char* content_type = "application/json") {
    return {{"get",
             {{"summary", summary},
              {"parameters", params},
              {"responses",
               {{"200", {{"description", "OK"}, {"content", {{content_type, json::object()}}}}},
                {"304", {{"description", "Not modified: the If-None-Match tag is the current data version's"}}},
                {"400", error_response("A parameter or the request is invalid; the message names it")},
                {"404", error_response("Not found")},
                {"405", ref("MethodNotAllowed")},
                {"408", ref("Refused")},
                {"413", ref("Refused")},
                {"414", ref("Refused")},
                {"429", ref("TooManyRequests")},
                {"431", ref("Refused")},
                {"503", ref("Busy")}}}}}};
}

json with_header(json response, const char* name, const char* description) {
    response["headers"][name] = {{"description", description}, {"schema", {{"type", "string"}}}};
    return response;
}

// Every error code the API answers with.
const json kErrorCodes = {"bad_request",       "invalid_parameter", "unknown_parameter", "empty_query",      "too_many_results",
                          "not_found",         "method_not_allowed", "request_timeout",  "length_required",
                          "payload_too_large", "uri_too_long",       "expectation_failed", "too_many_requests",
                          "headers_too_large", "internal_error",     "not_implemented",  "unavailable",
                          "busy",              "exports_busy",       "too_many_connections", "http_version_not_supported"};

json geocode_operation() {
    auto op = operation("Forward geocoding of an address on the offline BAN index, for \"near this address\": "
                        "{items: [{label, lat, lon, precision, score, postcode, commune, insee}]}, best first, at most 5",
                        json::array({param("q", "An address, a street with its commune, a commune or a postcode (at most 200 bytes)",
                                           {{"type", "string"}, {"example", "12 rue du Sauvage Mulhouse"}}, true)}));
    op["get"]["responses"]["503"] = error_response("The database has no address index (BAN files never loaded)");
    return op;
}

json export_operation(json params) {
    const std::string summary = "The matches, in name order, as a file (at most " +
                                std::to_string(search::Limits::max_export_rows) +
                                " rows, else 400 too_many_results): the RPPS columns (owner corrections applied) and "
                                "the declared ones, the same in every format (listed in the README). Streamed (chunked) "
                                "as it is written. Stricter limits: a few per minute per client address (429), a few "
                                "at once for all clients (503 exports_busy)";
    auto op = operation(summary.c_str(), std::move(params));
    op["get"]["responses"]["200"]["content"] = {{"text/csv; charset=utf-8", json::object()},
                                                {"application/geo+json", json::object()},
                                                {"application/geopackage+sqlite3", json::object()}};
    return op;
}

json document() {
    auto search_params = filter_parameters();
    search_params.push_back(param("sort", "relevance (with q), distance (with near) or name", {{"type", "string"}, {"enum", {"relevance", "distance", "name"}}}));
    search_params.push_back(param("page", "Page number from 1", {{"type", "integer"}, {"minimum", 1}}));
    search_params.push_back(param("per_page", "Items per page", {{"type", "integer"}, {"minimum", 1}, {"maximum", search::Limits::max_per_page}}));
    search_params.push_back(param("facets", "Include facets (default true)", {{"type", "boolean"}}));
    auto cluster_params = filter_parameters();
    cluster_params.push_back(param("zoom", "Map zoom level", {{"type", "integer"}, {"minimum", 0}, {"maximum", search::Limits::max_zoom}}, true));
    auto export_params = filter_parameters();
    export_params.push_back(param("format", "csv (default, for spreadsheets): UTF-8 with a BOM, ';' between cells, CRLF, RFC 4180 "
                                            "quoting, a text cell beginning with = + - @ tab or CR prefixed with ' (no spreadsheet "
                                            "formula); csv-comma (for programs): the same cells with ',' between them and no BOM; "
                                            "geojson: RFC 7946, geometry null when not located, typed properties; gpkg: GeoPackage, "
                                            "layer 'practitioners', EPSG:4326",
                                  {{"type", "string"}, {"enum", {"csv", "csv-comma", "geojson", "gpkg"}}}));
    json fiche_params = json::array({{{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}},
                                      {"description", "RPPS or ADELI identifier"}}});
    json paths = {
        {"/api/v1/health", operation("Status, data version and counts", json::array())},
        {"/api/v1/practitioners", operation("Search practices (one practitioner at one site): {total, items, facets, bounds, "
                                             "understood}. An item shows owner corrections in place of RPPS values and lists them in "
                                             "'corrected', its declared badges under 'declared' and its exercise modes under 'modes'. "
                                             "A facet is counted without its own filter (the other values say what they would add). "
                                             "bounds: [W,S,E,N] of every located match, null when none", search_params)},
        {"/api/v1/practitioners/{id}", operation("The whole fiche, each value with its provenance: source 'rpps' (extract and date), "
                                                  "'declared', or 'override' (an owner's correction, with the RPPS value kept under 'rpps')",
                                                  fiche_params)},
        {"/api/v1/clusters", operation("GeoJSON clusters on a fixed grid (64-pixel cells at the zoom); the view is snapped to whole "
                                       "cells. A cluster whose practices are all at one position says one_place: true (no zoom splits it)",
                                       cluster_params, "application/geo+json")},
        {"/api/v1/map-settings", operation("What the map page starts from: {territories, bounds, default_mode, tiles: {url, "
                                           "attribution, max_zoom} or null, base_map}", json::array())},
        {"/api/v1/base-map", operation("The contours of the communes served (GeoJSON, properties insee and name), the map page's "
                                       "offline base map; 404 when the server has no contours file", json::array(), "application/geo+json")},
        {"/api/v1/suggest", operation("Autocomplete over names, professions, specialties and communes", json::array({param("q", "Text typed so far")}))},
        {"/api/v1/geocode", geocode_operation()},
        {"/api/v1/export", export_operation(export_params)},
        {"/api/v1/openapi.json", operation("This document", json::array())},
    };
    add_owner_paths(paths);
    auto error_codes = kErrorCodes;
    for (const auto& code : owner_error_codes()) error_codes.push_back(code);
    return {{"openapi", "3.0.3"},
            {"info", {{"title", "Annuaire des professionnels de santé"}, {"version", "1"},
                      {"description", "Directory and map of health professionals for CPTS territories. Answers carry an ETag tied "
                                      "to the data version and are gzip-compressed when asked (Accept-Encoding). Every GET also "
                                      "answers HEAD; OPTIONS lists the methods (and answers CORS preflights for the origins the "
                                      "server allows). Requests are limited per client address (429 with Retry-After). Every "
                                      "error is {\"error\": {\"code\", \"message\"}} with a fixed code. The routes of "
                                      "accounts, owners and the console (x-access: anyone, account or admin) need the session "
                                      "cookie as their security says, the X-CSRF-Token header on every change, and are never "
                                      "cached; a server that cannot write its database answers them 503 read_only."}}},
            {"paths", paths},
            {"components",
             {{"securitySchemes", owner_security_schemes()},
              {"responses",
               {{"MethodNotAllowed", with_header(error_response("The path does not take this method"), "Allow",
                                                 "The methods it takes, e.g. GET, HEAD, OPTIONS")},
                {"Refused", error_response("The request itself is refused: too slow (408), body too large (413), "
                                           "target too long (414), headers too large (431)")},
                {"TooManyRequests", with_header(error_response("Too many requests from this address"), "Retry-After",
                                                "Seconds until the next request is accepted")},
                {"Busy", with_header(error_response("The server is busy, has too many connections or exports at once, "
                                                    "or lacks the data asked for"),
                                     "Retry-After", "Seconds after which to try again")}}},
              {"schemas",
               {{"Error", {{"type", "object"},
                           {"properties", {{"error", {{"type", "object"},
                                                       {"properties", {{"code", {{"type", "string"}, {"enum", error_codes}}},
                                                                       {"message", {{"type", "string"}}}}}}}}}}}}}}}};
}

}  // namespace

http::Response openapi(SearchService&, const http::Request&) {
    static const std::string body = document().dump(1);
    http::Response response;
    response.body = body;
    return response;
}

}  // namespace annuaire::handlers
