// The query string as the server reads it (server/http/engine.cpp): bytes ->
// parse_query_string -> parse_search_query / parse_cluster_query / parse_export_query.
// Only HttpError (400) and search::QueryError may come out, with short messages; what is
// accepted respects the API's bounds. The bytes are also read as an open_at moment, and
// their first eight as an instant whose Paris local time is checked against the tz database.
#include "fuzz_support.hpp"

#include "http/http_error.hpp"
#include "http/query_string.hpp"
#include "search/query_parser.hpp"
#include "text/normalize.hpp"

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>

namespace {

using annuaire::fuzz::require;
namespace search = annuaire::search;

void check_moment(const search::LocalMoment& moment) {
    require(moment.weekday >= 1 && moment.weekday <= 7, "a moment's weekday is 1..7");
    require(moment.minute >= 0 && moment.minute < 24 * 60, "a moment's minute is in the day");
}

// Paris local time from the system's tz database, when it is installed: an oracle for
// paris_local's own summer-time rule.
std::optional<search::LocalMoment> paris_from_tz_database(long long utc_seconds) {
    static const bool available = [] {
        if (!std::filesystem::exists("/usr/share/zoneinfo/Europe/Paris")) return false;
        setenv("TZ", "Europe/Paris", 1);
        tzset();
        return true;
    }();
    if (!available) return std::nullopt;
    const std::time_t instant = static_cast<std::time_t>(utc_seconds);
    std::tm local{};
    if (!localtime_r(&instant, &local)) return std::nullopt;
    return search::LocalMoment{local.tm_wday == 0 ? 7 : local.tm_wday, local.tm_hour * 60 + local.tm_min};
}

void check_filters(const search::Filters& filters) {
    require(filters.q.size() <= search::Limits::max_q_bytes, "q is bounded");
    require(annuaire::text::is_valid_utf8(filters.q), "q is valid UTF-8");
    for (const auto& word : annuaire::text::words(filters.q)) require(!word.empty(), "q's words are not empty");
    for (const auto* codes : {&filters.professions, &filters.specialties, &filters.communes, &filters.territories,
                              &filters.conventionnement, &filters.publics, &filters.acts}) {
        require(codes->size() <= static_cast<std::size_t>(search::Limits::max_values_per_filter), "a filter has few values");
        for (const auto& code : *codes) require(!code.empty() && code.size() <= 20, "a code is short and not empty");
    }
    if (filters.open_at) check_moment(*filters.open_at);
    if (const auto& box = filters.bbox) {
        require(box->west >= -180 && box->west < box->east && box->east <= 180, "bbox longitudes are ordered, in range");
        require(box->south >= -90 && box->south < box->north && box->north <= 90, "bbox latitudes are ordered, in range");
    }
    if (const auto& near = filters.near) {
        require(near->lat >= -90 && near->lat <= 90 && near->lon >= -180 && near->lon <= 180, "near is in range");
        require(near->radius_m > 0 && near->radius_m <= search::Limits::max_radius_km * 1000, "the radius is bounded");
    }
}

// A query string a client could have written for these parameters: every byte but the
// unreserved ones escaped.
std::string encoded(const search::Params& params) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    const auto escape = [](std::string& out, const std::string& text) {
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
                out += c;
            } else {
                out += '%';
                out += kHex[byte >> 4];
                out += kHex[byte & 0x0f];
            }
        }
    };
    std::string out;
    for (const auto& [name, value] : params) {
        if (!out.empty()) out += '&';
        escape(out, name);
        out += '=';
        escape(out, value);
    }
    return out;
}

void check_message(const std::exception& error) {
    require(std::string_view(error.what()).size() <= annuaire::fuzz::kMaxMessageBytes, "the message is short");
}

template <typename Parse, typename Check>
void try_parse(const search::Params& params, Parse&& parse, Check&& check) {
    try {
        check(parse(params));
    } catch (const search::QueryError& error) {
        check_message(error);
        require(!error.code().empty(), "a query error has a code");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = annuaire::fuzz::as_text(data, size);
    if (size >= 8) {
        // An instant from 1996 (the EU rule France follows since) to 2037, picked by the bytes.
        std::uint64_t raw = 0;
        std::memcpy(&raw, data, sizeof raw);
        constexpr long long from = 820454400, to = 2145916800;   // 1996-01-01, 2038-01-01 UTC
        const long long utc = from + static_cast<long long>(raw % static_cast<std::uint64_t>(to - from));
        const auto computed = search::paris_local(utc);
        if (const auto expected = paris_from_tz_database(utc)) {
            require(computed.weekday == expected->weekday && computed.minute == expected->minute,
                    "paris_local agrees with the tz database");
        }
    }
    try {
        check_moment(search::parse_moment(std::string(text)));
    } catch (const search::QueryError& error) {
        check_message(error);
    }

    search::Params params;
    try {
        params = annuaire::http::parse_query_string(text);
    } catch (const annuaire::http::HttpError& error) {
        require(error.status() == 400, "a bad query string is a 400");
        check_message(error);
        return 0;
    }
    for (const auto& [name, value] : params) require(!name.empty(), "a parameter has a name");
    require(annuaire::http::parse_query_string(encoded(params)) == params,
            "the parameters, written again as a query string, read back the same");

    try_parse(params, search::parse_search_query, [](const search::SearchQuery& query) {
        check_filters(query.filters);
        require(query.per_page >= 1 && query.per_page <= search::Limits::max_per_page, "per_page is bounded");
        require(query.page >= 1 && static_cast<long long>(query.page) * query.per_page <= search::Limits::max_result_window,
                "the result window is bounded");
        require(query.sort != search::Sort::distance || query.filters.near.has_value(), "sorting by distance needs near");
    });
    try_parse(params, search::parse_cluster_query, [](const search::ClusterQuery& query) {
        check_filters(query.filters);
        require(query.filters.bbox.has_value(), "clusters need a bbox");
        require(query.zoom >= 0 && query.zoom <= search::Limits::max_zoom, "the zoom is bounded");
    });
    try_parse(params, search::parse_export_query, [](const search::ExportQuery& query) { check_filters(query.filters); });
    return 0;
}
