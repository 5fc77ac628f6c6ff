// The typed queries of the search API, built from request parameters by
// query_parser and answered by SearchService. Plain values, no behaviour.
#pragma once

#include "search/query_words.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace annuaire::search {

// Bounds of the API, in one place (documented in the OpenAPI document).
struct Limits {
    static constexpr int max_per_page = 100;
    static constexpr int default_per_page = 20;
    static constexpr int max_result_window = 10000;   // page * per_page
    static constexpr std::size_t max_q_bytes = 200;
    static constexpr double max_radius_km = 100.0;
    static constexpr int max_values_per_filter = 50;
    static constexpr std::size_t max_export_rows = 200000;
    static constexpr int max_cluster_cells = 20000;
    static constexpr int max_zoom = 20;
};

// A request parameter that cannot be used. The HTTP layer answers 400 with
// {"error": {"code": code(), "message": what()}}; the message names the parameter.
class QueryError : public std::runtime_error {
public:
    QueryError(std::string code, const std::string& message)
        : std::runtime_error(message), code_(std::move(code)) {}
    const std::string& code() const { return code_; }

private:
    std::string code_;
};

// The resource asked for does not exist (404).
class NotFound : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct BBox {
    double west = 0, south = 0, east = 0, north = 0;
};

struct Near {
    double lat = 0, lon = 0;
    double radius_m = 0;
};

// A moment in local (Europe/Paris) time: ISO weekday 1 = Monday .. 7, minute of the day.
struct LocalMoment {
    int weekday = 1;
    int minute = 0;
};

enum class Sort { relevance, distance, name };

// Every criterion of GET /api/v1/practitioners (and of clusters and export).
// Several values of one list combine with OR; different criteria with AND.
struct Filters {
    std::string q;                               // free text left once civility and vocabulary words are read; empty = none
    std::vector<std::string> professions;        // RPPS profession codes
    std::vector<std::string> specialties;        // savoir-faire codes
    std::vector<std::string> communes;           // INSEE codes
    std::vector<std::string> territories;        // territory ids
    std::optional<bool> carte_vitale, tiers_payant, pmr_access, home_visits, teleconsultation, telesoin;
    std::vector<std::string> conventionnement;   // secteur_1, secteur_2, ...
    std::vector<std::string> publics;
    std::vector<std::string> acts;
    std::optional<LocalMoment> open_at;
    std::optional<BBox> bbox;
    std::optional<Near> near;
    std::vector<std::string> modes;              // exercise modes (liberal, salarie, ...)
    bool modes_given = false;                    // mode= was given (mode=all: no filter); else the server's default
    std::uint8_t gender = 0, title = 0;          // civility words of q (query_words.hpp): any of these bits
    std::vector<UnderstoodWords> understood;     // the words of q read as filters
};

struct SearchQuery {
    Filters filters;
    Sort sort = Sort::relevance;
    bool sort_given = false;
    int page = 1;
    int per_page = Limits::default_per_page;
    bool facets = true;
};

struct ClusterQuery {
    Filters filters;   // filters.bbox is required
    int zoom = 0;
};

enum class ExportFormat { csv, csv_comma, geojson, gpkg };

struct ExportQuery {
    Filters filters;
    ExportFormat format = ExportFormat::csv;
};

}  // namespace annuaire::search
