#include "search/query_parser.hpp"

#include "owner/owner_fields.hpp"
#include "text/normalize.hpp"

#include <charconv>
#include <initializer_list>
#include <cmath>
#include <algorithm>
#include <set>

namespace annuaire::search {

namespace {

// Concatenation without `"literal" + std::string` (which trips a GCC 12 -Wrestrict false positive).
std::string cat(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (auto part : parts) out.append(part);
    return out;
}

[[noreturn]] void bad(const std::string& parameter, const std::string& fault) {
    throw QueryError("invalid_parameter", "parameter '" + parameter + "': " + fault);
}

double parse_number(const std::string& parameter, std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
        bad(parameter, cat({"'", text.substr(0, 40), "' is not a number"}));
    }
    return value;
}

int parse_int(const std::string& parameter, const std::string& text, int min, int max) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
        bad(parameter, cat({"'", std::string_view(text).substr(0, 40), "' is not an integer"}));
    }
    if (value < min || value > max) {
        bad(parameter, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    return value;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return parts;
}

bool is_code(std::string_view value) {
    if (value.empty() || value.size() > 20) return false;
    for (char c : value) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

// A comma-separated list of codes (several values of one filter combine with OR).
std::vector<std::string> parse_codes(const std::string& parameter, const std::string& text) {
    std::vector<std::string> codes;
    for (auto part : split(text, ',')) {
        if (!is_code(part)) bad(parameter, cat({"'", part.substr(0, 40), "' is not a valid code"}));
        codes.emplace_back(part);
    }
    if (codes.size() > static_cast<std::size_t>(Limits::max_values_per_filter)) {
        bad(parameter, "at most " + std::to_string(Limits::max_values_per_filter) + " values");
    }
    return codes;
}

template <typename Entry, std::size_t N>
std::vector<std::string> parse_enum(const std::string& parameter, const std::string& text,
                                    const std::array<Entry, N>& allowed) {
    auto codes = parse_codes(parameter, text);
    for (const auto& code : codes) {
        if (owner::index_of(allowed, code) < 0) {
            std::string list;
            for (const auto& entry : allowed) list += (list.empty() ? "" : ", ") + std::string(entry.code);
            bad(parameter, cat({"'", code, "' is not one of ", list}));
        }
    }
    return codes;
}

bool parse_bool(const std::string& parameter, const std::string& text) {
    if (text == "true" || text == "1" || text == "yes") return true;
    if (text == "false" || text == "0" || text == "no") return false;
    bad(parameter, "expected true or false");
}

BBox parse_bbox(const std::string& text) {
    const auto parts = split(text, ',');
    if (parts.size() != 4) bad("bbox", "expected W,S,E,N (four numbers)");
    BBox box{parse_number("bbox", parts[0]), parse_number("bbox", parts[1]),
             parse_number("bbox", parts[2]), parse_number("bbox", parts[3])};
    if (box.west < -180 || box.east > 180 || box.south < -90 || box.north > 90) {
        bad("bbox", "coordinates out of range (longitude -180..180, latitude -90..90)");
    }
    if (box.west >= box.east) bad("bbox", "west must be less than east");
    if (box.south >= box.north) bad("bbox", "south must be less than north");
    return box;
}

int days_from_civil(int y, unsigned m, unsigned d) {
    // Howard Hinnant's algorithm: days since 1970-01-01.
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

// Seconds since the epoch of the last Sunday of a month at 01:00 UTC (EU summer time switch).
long long last_sunday_0100_utc(int year, unsigned month) {
    const int days_in_month = month == 3 || month == 10 ? 31 : 30;
    int day = days_from_civil(year, month, static_cast<unsigned>(days_in_month));
    const int weekday = ((day % 7) + 10) % 7;  // 0 = Monday; 1970-01-01 was a Thursday (3)
    day -= (weekday + 1) % 7;                  // back to Sunday (6)
    return static_cast<long long>(day) * 86400 + 3600;
}

int year_of(long long seconds) {
    long long days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
    int y = 1970 + static_cast<int>(days / 366);
    while (days_from_civil(y + 1, 1, 1) <= days) ++y;
    while (days_from_civil(y, 1, 1) > days) --y;
    return y;
}

LocalMoment moment_of_local_seconds(long long local) {
    long long days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    const long long second_of_day = local - days * 86400;
    LocalMoment moment;
    moment.weekday = static_cast<int>(((days % 7) + 10) % 7) + 1;  // 1970-01-01 was a Thursday
    moment.minute = static_cast<int>(second_of_day / 60);
    return moment;
}

}  // namespace

void refuse_parameters(const Params& params) {
    if (!params.empty()) {
        throw QueryError("unknown_parameter", "parameter '" + params.begin()->first.substr(0, 40) + "' is not known here");
    }
}

void check_searchable(const std::string& q) {
    // Blank is no text at all; anything else must leave a word once folded, or the text would
    // stand for nothing and the search for the whole directory.
    if (q.find_first_not_of(" \t") == std::string::npos) return;
    if (text::words(q).empty()) {
        throw QueryError("empty_query", "parameter 'q': no letter or digit to search for");
    }
}

LocalMoment paris_local(long long utc_seconds) {
    const int year = year_of(utc_seconds);
    const bool summer = utc_seconds >= last_sunday_0100_utc(year, 3) &&
                        utc_seconds < last_sunday_0100_utc(year, 10);
    return moment_of_local_seconds(utc_seconds + (summer ? 7200 : 3600));
}

LocalMoment parse_moment(const std::string& text) {
    // YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM|-HH:MM]
    const auto fail = [] { bad("open_at", "expected an ISO 8601 date-time such as 2025-03-14T09:30 or 2025-03-14T09:30:00+01:00"); };
    auto digits = [&](std::size_t pos, std::size_t count) {
        if (pos + count > text.size()) fail();
        int value = 0;
        for (std::size_t i = pos; i < pos + count; ++i) {
            if (text[i] < '0' || text[i] > '9') fail();
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    if (text.size() < 16 || text.size() > 25 || text[4] != '-' || text[7] != '-' ||
        (text[10] != 'T' && text[10] != ' ') || text[13] != ':') fail();
    const int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
    const int hour = digits(11, 2), minute = digits(14, 2);
    std::size_t pos = 16;
    int second = 0;
    if (pos < text.size() && text[pos] == ':') {
        second = digits(pos + 1, 2);
        pos += 3;
    }
    if (year < 1970 || year > 2200 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) fail();
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > kDays[month - 1] || (month == 2 && day == 29 && !leap)) fail();
    const long long clock = static_cast<long long>(days_from_civil(year, static_cast<unsigned>(month),
                                                                   static_cast<unsigned>(day))) * 86400 +
                            hour * 3600 + minute * 60 + second;
    if (pos == text.size()) return moment_of_local_seconds(clock);  // already Paris local time
    long long offset = 0;
    if (text[pos] == 'Z' && pos + 1 == text.size()) {
        offset = 0;
    } else if ((text[pos] == '+' || text[pos] == '-') && pos + 6 == text.size() && text[pos + 3] == ':') {
        const int oh = digits(pos + 1, 2), om = digits(pos + 4, 2);
        if (oh > 14 || om > 59) fail();
        offset = (oh * 3600 + om * 60) * (text[pos] == '-' ? -1 : 1);
    } else {
        fail();
    }
    return paris_local(clock - offset);
}

namespace {

const std::set<std::string> kFilterNames = {
    "q", "profession", "specialty", "commune", "territory", "carte_vitale", "tiers_payant",
    "pmr_access", "home_visits", "teleconsultation", "telesoin", "conventionnement", "public",
    "act", "open_at", "bbox", "near", "radius_km", "mode"};

// Sets a filter read from the words of q, unless the request gave that filter itself.
void apply_understood(Filters& f, const UnderstoodWords& read, const std::set<std::string>& given) {
    if (given.count(read.parameter)) return;
    const std::pair<const char*, std::optional<bool>*> booleans[] = {
        {"carte_vitale", &f.carte_vitale}, {"tiers_payant", &f.tiers_payant},
        {"pmr_access", &f.pmr_access},     {"home_visits", &f.home_visits},
        {"teleconsultation", &f.teleconsultation}, {"telesoin", &f.telesoin}};
    for (const auto& [name, target] : booleans) {
        if (read.parameter == name) *target = read.value == "true";
    }
    const std::pair<const char*, std::vector<std::string>*> lists[] = {
        {"conventionnement", &f.conventionnement}, {"public", &f.publics}, {"act", &f.acts}};
    for (const auto& [name, target] : lists) {
        if (read.parameter == name && std::find(target->begin(), target->end(), read.value) == target->end()) {
            target->push_back(read.value);
        }
    }
}

// Fills filters from params, removing what it used from `rest`.
Filters parse_filters(const Params& params) {
    Filters f;
    const auto get = [&](const char* name) -> const std::string* {
        const auto it = params.find(name);
        return it == params.end() ? nullptr : &it->second;
    };
    const auto* q = get("q");
    if (q) {
        if (q->size() > Limits::max_q_bytes) {
            bad("q", "longer than " + std::to_string(Limits::max_q_bytes) + " bytes");
        }
        if (!text::is_valid_utf8(*q)) bad("q", "not valid UTF-8");
        check_searchable(*q);
    }
    if (const auto* v = get("profession")) f.professions = parse_codes("profession", *v);
    if (const auto* v = get("specialty")) f.specialties = parse_codes("specialty", *v);
    if (const auto* v = get("commune")) f.communes = parse_codes("commune", *v);
    if (const auto* v = get("territory")) f.territories = parse_codes("territory", *v);
    const std::pair<const char*, std::optional<bool>*> booleans[] = {
        {"carte_vitale", &f.carte_vitale}, {"tiers_payant", &f.tiers_payant},
        {"pmr_access", &f.pmr_access},     {"home_visits", &f.home_visits},
        {"teleconsultation", &f.teleconsultation}, {"telesoin", &f.telesoin}};
    for (const auto& [name, target] : booleans) {
        if (const auto* v = get(name)) *target = parse_bool(name, *v);
    }
    if (const auto* v = get("conventionnement")) f.conventionnement = parse_enum("conventionnement", *v, owner::kConventionnement);
    if (const auto* v = get("public")) f.publics = parse_enum("public", *v, owner::kPublics);
    if (const auto* v = get("act")) f.acts = parse_enum("act", *v, owner::kActs);
    if (const auto* v = get("open_at")) f.open_at = parse_moment(*v);
    if (const auto* v = get("bbox")) f.bbox = parse_bbox(*v);
    const auto* near = get("near");
    const auto* radius = get("radius_km");
    if (near) {
        const auto parts = split(*near, ',');
        if (parts.size() != 2) bad("near", "expected LAT,LON");
        Near n;
        n.lat = parse_number("near", parts[0]);
        n.lon = parse_number("near", parts[1]);
        if (n.lat < -90 || n.lat > 90 || n.lon < -180 || n.lon > 180) bad("near", "coordinates out of range");
        double km = 10;
        if (radius) km = parse_number("radius_km", *radius);
        if (!(km > 0) || km > Limits::max_radius_km) {
            bad("radius_km", "must be greater than 0 and at most " +
                                 std::to_string(static_cast<int>(Limits::max_radius_km)));
        }
        n.radius_m = km * 1000.0;
        f.near = n;
    } else if (radius) {
        bad("radius_km", "needs near=LAT,LON");
    }
    if (const auto* v = get("mode")) {
        f.modes_given = true;
        if (*v != "all") f.modes = parse_enum("mode", *v, owner::kExerciseModes);
    }
    if (q) {
        // Civility and vocabulary words become criteria; the other words are the text.
        auto read = read_query_text(*q);
        std::set<std::string> given;
        for (const auto& [name, value] : params) given.insert(name);
        for (const auto& understood : read.understood) apply_understood(f, understood, given);
        for (const auto& word : read.words) f.q.append(f.q.empty() ? "" : " ").append(word);
        f.gender = read.gender;
        f.title = read.title;
        f.understood = std::move(read.understood);
    }
    return f;
}

void reject_unknown(const Params& params, const std::set<std::string>& extra) {
    for (const auto& [name, value] : params) {
        if (!kFilterNames.count(name) && !extra.count(name)) {
            throw QueryError("unknown_parameter", "parameter '" + name.substr(0, 40) + "' is not known here");
        }
    }
}

}  // namespace

SearchQuery parse_search_query(const Params& params) {
    reject_unknown(params, {"sort", "page", "per_page", "facets"});
    SearchQuery query;
    query.filters = parse_filters(params);
    if (const auto it = params.find("sort"); it != params.end()) {
        query.sort_given = true;
        if (it->second == "relevance") query.sort = Sort::relevance;
        else if (it->second == "distance") query.sort = Sort::distance;
        else if (it->second == "name") query.sort = Sort::name;
        else bad("sort", "expected relevance, distance or name");
        if (query.sort == Sort::distance && !query.filters.near) bad("sort", "distance needs near=LAT,LON");
    } else {
        query.sort = !query.filters.q.empty() ? Sort::relevance
                     : query.filters.near ? Sort::distance : Sort::name;
    }
    if (const auto it = params.find("per_page"); it != params.end()) {
        query.per_page = parse_int("per_page", it->second, 1, Limits::max_per_page);
    }
    if (const auto it = params.find("page"); it != params.end()) {
        query.page = parse_int("page", it->second, 1, Limits::max_result_window);
    }
    if (static_cast<long long>(query.page) * query.per_page > Limits::max_result_window) {
        bad("page", "page * per_page must not exceed " + std::to_string(Limits::max_result_window));
    }
    if (const auto it = params.find("facets"); it != params.end()) query.facets = parse_bool("facets", it->second);
    return query;
}

ClusterQuery parse_cluster_query(const Params& params) {
    reject_unknown(params, {"zoom"});
    ClusterQuery query;
    query.filters = parse_filters(params);
    if (!query.filters.bbox) bad("bbox", "required (W,S,E,N)");
    const auto it = params.find("zoom");
    if (it == params.end()) bad("zoom", "required (0.." + std::to_string(Limits::max_zoom) + ")");
    query.zoom = parse_int("zoom", it->second, 0, Limits::max_zoom);
    return query;
}

ExportQuery parse_export_query(const Params& params) {
    reject_unknown(params, {"format"});
    ExportQuery query;
    query.filters = parse_filters(params);
    const auto it = params.find("format");
    const std::string format = it == params.end() ? "csv" : it->second;
    if (format == "csv") query.format = ExportFormat::csv;
    else if (format == "csv-comma") query.format = ExportFormat::csv_comma;
    else if (format == "geojson") query.format = ExportFormat::geojson;
    else if (format == "gpkg") query.format = ExportFormat::gpkg;
    else bad("format", "expected csv, csv-comma, geojson or gpkg");
    return query;
}

}  // namespace annuaire::search
