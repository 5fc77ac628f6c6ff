#include "ban_reader.hpp"

#include "projection.hpp"
#include "text/address_normalize.hpp"

#include <cpl_error.h>
#include <cpl_vsi.h>

#include <array>
#include <charconv>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace annuaire::geo {

namespace {

struct VsiFileCloser {
    void operator()(VSILFILE* file) const noexcept { VSIFCloseL(file); }
};

struct ErrorHandlerGuard {
    ErrorHandlerGuard() { CPLPushErrorHandler(CPLQuietErrorHandler); }
    ~ErrorHandlerGuard() { CPLPopErrorHandler(); }
    ErrorHandlerGuard(const ErrorHandlerGuard&) = delete;
    ErrorHandlerGuard& operator=(const ErrorHandlerGuard&) = delete;
};

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Whole content of the file, decompressed. Throws on a read error or a truncated gzip stream.
std::string read_all(const std::string& path) {
    const bool gzipped = ends_with(path, ".gz") || ends_with(path, ".GZ");
    const std::string vsi_path = gzipped ? "/vsigzip/" + path : path;
    VSIStatBufL stat{};
    if (VSIStatL(path.c_str(), &stat) != 0) throw BanFileError("cannot open BAN file '" + path + "'");
    // Errors are reported by the exception below, not printed by GDAL.
    const ErrorHandlerGuard quiet;
    CPLErrorReset();
    std::unique_ptr<VSILFILE, VsiFileCloser> file(VSIFOpenL(vsi_path.c_str(), "rb"));
    if (!file) throw BanFileError("cannot open BAN file '" + path + "'");
    std::string content;
    content.reserve(gzipped ? static_cast<std::size_t>(stat.st_size) * 8 : static_cast<std::size_t>(stat.st_size));
    std::array<char, 1 << 20> buffer;
    for (;;) {
        const std::size_t got = VSIFReadL(buffer.data(), 1, buffer.size(), file.get());
        content.append(buffer.data(), got);
        if (got < buffer.size()) break;
    }
    // GDAL reports a damaged or truncated deflate stream as an error (and stops reading).
    if (CPLGetLastErrorType() >= CE_Failure) {
        std::string detail = CPLGetLastErrorMsg();
        throw BanFileError("cannot read BAN file '" + path + "'" +
                           (gzipped ? " (truncated or corrupt gzip)" : "") + ": " +
                           (detail.empty() ? std::string("read error (truncated or corrupt gzip?)") : detail));
    }
    return content;
}

std::optional<double> parse_double(std::string_view text) {
    if (text.empty()) return std::nullopt;
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<int> parse_int(std::string_view text) {
    if (text.empty()) return std::nullopt;
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
    return value;
}

// Column positions, found by name in the header.
struct Columns {
    int id = -1, numero = -1, rep = -1, nom_voie = -1, code_postal = -1, code_insee = -1,
        nom_commune = -1, old_insee = -1, old_name = -1, x = -1, y = -1, lon = -1, lat = -1,
        routing = -1;
    std::size_t count = 0;
};

Columns parse_header(std::string_view header, const std::string& path) {
    if (header.substr(0, 3) == "\xEF\xBB\xBF") header.remove_prefix(3);
    if (!header.empty() && header.back() == '\r') header.remove_suffix(1);
    Columns columns;
    std::unordered_map<std::string_view, int> position;
    std::size_t start = 0;
    int index = 0;
    while (start <= header.size()) {
        std::size_t end = header.find(';', start);
        if (end == std::string_view::npos) end = header.size();
        position.emplace(header.substr(start, end - start), index++);
        start = end + 1;
    }
    columns.count = static_cast<std::size_t>(index);
    std::string missing;
    const auto find = [&](std::string_view name, bool required) {
        const auto found = position.find(name);
        if (found != position.end()) return found->second;
        if (required) missing += (missing.empty() ? "" : ", ") + std::string(name);
        return -1;
    };
    columns.id = find("id", true);
    columns.numero = find("numero", true);
    columns.rep = find("rep", true);
    columns.nom_voie = find("nom_voie", true);
    columns.code_postal = find("code_postal", true);
    columns.code_insee = find("code_insee", true);
    columns.nom_commune = find("nom_commune", true);
    columns.x = find("x", true);
    columns.y = find("y", true);
    columns.lon = find("lon", true);
    columns.lat = find("lat", true);
    columns.old_insee = find("code_insee_ancienne_commune", false);
    columns.old_name = find("nom_ancienne_commune", false);
    columns.routing = find("libelle_acheminement", false);
    if (!missing.empty()) {
        throw BanFileError("BAN file '" + path + "' line 1: not a BAN address header (missing column(s) " +
                           missing + ")");
    }
    return columns;
}

}  // namespace

BanFile read_ban_file(const std::string& path) { return parse_ban_text(read_all(path), path); }

BanFile parse_ban_text(std::string_view content, const std::string& path) {
    BanFile file;
    file.path = path;
    std::string_view rest = content;
    std::size_t newline = rest.find('\n');
    if (rest.empty()) throw BanFileError("BAN file '" + path + "' is empty");
    const Columns columns = parse_header(rest.substr(0, newline), path);
    rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);

    std::vector<std::string> errors;
    std::size_t error_count = 0;
    const auto fail = [&](std::uint64_t line, const std::string& message) {
        ++error_count;
        if (errors.size() < kMaxListedLineErrors) errors.push_back("line " + std::to_string(line) + ": " + message);
    };
    std::unordered_map<std::string_view, std::uint64_t> seen_ids;
    seen_ids.reserve(content.size() / 150);
    std::unordered_set<std::string_view> communes;
    // Built on first need, then kept by the thread: building the transformation reads
    // proj.db and costs more than checking a small file's rows.
    thread_local std::optional<Lambert93ToWgs84> lambert;
    std::vector<std::string_view> fields(columns.count);
    file.rows.reserve(content.size() / 180);

    std::uint64_t line_number = 1;
    while (!rest.empty()) {
        ++line_number;
        newline = rest.find('\n');
        std::string_view line = rest.substr(0, newline);
        rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        std::size_t count = 0;
        std::size_t start = 0;
        for (;;) {
            const std::size_t end = line.find(';', start);
            if (count < fields.size()) fields[count] = line.substr(start, (end == std::string_view::npos ? line.size() : end) - start);
            ++count;
            if (end == std::string_view::npos) break;
            start = end + 1;
        }
        if (count != columns.count) {
            fail(line_number, "expected " + std::to_string(columns.count) + " fields, found " + std::to_string(count));
            continue;
        }
        const std::string_view id = fields[columns.id];
        const std::string_view insee = fields[columns.code_insee];
        if (id.empty()) { fail(line_number, "column id is empty"); continue; }
        if (insee.size() != 5) { fail(line_number, "column code_insee: '" + std::string(insee) + "' is not an INSEE code"); continue; }
        const auto number = parse_int(fields[columns.numero]);
        if (!number) { fail(line_number, "column numero: '" + std::string(fields[columns.numero]) + "' is not a house number"); continue; }
        std::optional<double> lon = parse_double(fields[columns.lon]);
        std::optional<double> lat = parse_double(fields[columns.lat]);
        if (fields[columns.lon].empty() && fields[columns.lat].empty()) {
            // Only Lambert-93 given: convert with PROJ.
            const auto x = parse_double(fields[columns.x]);
            const auto y = parse_double(fields[columns.y]);
            if (!x || !y) { fail(line_number, "columns x/y: '" + std::string(fields[columns.x]) + "', '" + std::string(fields[columns.y]) + "' are not Lambert-93 coordinates and lon/lat are empty"); continue; }
            if (!lambert) lambert.emplace();
            try {
                const LonLat converted = (*lambert)(*x, *y);
                lon = converted.lon;
                lat = converted.lat;
                ++file.converted_from_lambert93;
            } catch (const std::exception& error) {
                fail(line_number, error.what());
                continue;
            }
        }
        if (!lon) { fail(line_number, "column lon: '" + std::string(fields[columns.lon]) + "' is not a number"); continue; }
        if (!lat) { fail(line_number, "column lat: '" + std::string(fields[columns.lat]) + "' is not a number"); continue; }
        if (!inside_france(*lon, *lat)) {
            fail(line_number, "position lon " + std::string(fields[columns.lon].empty() ? std::to_string(*lon) : std::string(fields[columns.lon])) +
                 ", lat " + std::string(fields[columns.lat].empty() ? std::to_string(*lat) : std::string(fields[columns.lat])) + " is outside France");
            continue;
        }
        const auto [previous, inserted] = seen_ids.emplace(id, line_number);
        if (!inserted) {
            fail(line_number, "duplicate id '" + std::string(id) + "' (first on line " + std::to_string(previous->second) + ")");
            continue;
        }
        communes.insert(insee);
        store::BanRecord record;
        record.id = id;
        record.insee = insee;
        record.postcode = fields[columns.code_postal];
        record.commune_name = fields[columns.nom_commune];
        if (columns.routing >= 0) record.routing_label = fields[columns.routing];
        if (columns.old_insee >= 0) record.old_insee = fields[columns.old_insee];
        if (columns.old_name >= 0) record.old_commune_name = fields[columns.old_name];
        record.street_name = fields[columns.nom_voie];
        record.number = *number;
        if (!fields[columns.rep].empty()) record.repetition = text::normalize_repetition(fields[columns.rep]);
        record.lon = *lon;
        record.lat = *lat;
        file.rows.push_back(std::move(record));
    }
    if (error_count > 0) {
        throw BanFileError("BAN file '" + path + "': " + std::to_string(error_count) +
                           " bad line(s); nothing loaded", std::move(errors));
    }
    if (file.rows.empty()) throw BanFileError("BAN file '" + path + "' has no address rows");
    file.communes = static_cast<std::int64_t>(communes.size());
    return file;
}

}  // namespace annuaire::geo
