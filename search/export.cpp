#include "search/export.hpp"

#include "owner/owner_fields.hpp"
#include "search/practice_index.hpp"
#include "store/search_store.hpp"
#include "util/json_writer.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

namespace annuaire::search {

namespace {

// ---- Columns ---------------------------------------------------------------

enum class Kind : std::uint8_t { text, integer, real, boolean };

struct Column {
    std::string_view name;
    Kind kind;
};

// Column numbers, in the order of kColumns.
enum Col : std::size_t {
    col_id, col_site_id, col_civility, col_last_name, col_first_name, col_profession_code, col_profession,
    col_specialty_codes, col_specialties, col_site_name, col_address, col_address_complement, col_postcode, col_commune,
    col_insee, col_phone, col_email, col_lat, col_lon, col_precision,
    col_declared_phone, col_declared_mssante_email, col_appointment_url, col_conventionnement,
    col_first_boolean,   // the owner::kBooleanFields, in their order
    col_publics = col_first_boolean + owner::kBooleanFields.size(), col_acts, col_opening_hours,
    col_practitioner_phone, col_practitioner_mssante_email, col_website, col_expertise, col_training,
    kColumnCount
};

// Every format has these columns (CSV header, GeoJSON properties, GeoPackage fields):
// first what the RPPS extract says (owner corrections applied, as items show them), then
// what the professional declared for this practice, then for themselves.
constexpr std::array<Column, kColumnCount> kColumns = [] {
    std::array<Column, kColumnCount> columns{{
        {"id", Kind::text}, {"site_id", Kind::integer}, {"civility", Kind::text}, {"last_name", Kind::text},
        {"first_name", Kind::text}, {"profession_code", Kind::text}, {"profession", Kind::text},
        {"specialty_codes", Kind::text}, {"specialties", Kind::text}, {"site_name", Kind::text},
        {"address", Kind::text}, {"address_complement", Kind::text}, {"postcode", Kind::text},
        {"commune", Kind::text}, {"insee", Kind::text}, {"phone", Kind::text}, {"email", Kind::text},
        {"lat", Kind::real}, {"lon", Kind::real}, {"precision", Kind::text},
        {"declared_phone", Kind::text}, {"declared_mssante_email", Kind::text}, {"appointment_url", Kind::text},
        {"conventionnement", Kind::text},
    }};
    for (std::size_t i = 0; i < owner::kBooleanFields.size(); ++i) columns[col_first_boolean + i] = {owner::kBooleanFields[i].code, Kind::boolean};
    columns[col_publics] = {"publics", Kind::text};
    columns[col_acts] = {"acts", Kind::text};
    columns[col_opening_hours] = {"opening_hours", Kind::text};
    columns[col_practitioner_phone] = {"practitioner_phone", Kind::text};
    columns[col_practitioner_mssante_email] = {"practitioner_mssante_email", Kind::text};
    columns[col_website] = {"website", Kind::text};
    columns[col_expertise] = {"expertise", Kind::text};
    columns[col_training] = {"training", Kind::text};
    return columns;
}();

// One value of a row; `present` false is an empty cell / null.
struct Cell {
    bool present = false;
    std::string_view text;
    std::int64_t integer = 0;
    double real = 0;
    bool flag = false;
};
using Row = std::array<Cell, kColumnCount>;

constexpr std::string_view kListSeparator = "; ";

// Reads the rows of an export one at a time, from the index (and its items) and the
// database. The cells of a row are valid until the next read().
class RowReader {
public:
    RowReader(const PracticeIndex& ix, const DeclaredColumns& declared, ExportDetailsSource& details)
        : ix_(ix), declared_(declared), details_(details) {}

    const Row& read(std::uint32_t pos) {
        const auto& ix = ix_;
        const auto shown = ix.items.shown(ix, pos);
        const std::string_view practitioner_id(ix.practitioner_id[pos].data());
        details_.read(practitioner_id, ix.site_id[pos], found_);

        text(col_id, practitioner_id);
        integer(col_site_id, ix.site_id[pos]);
        text(col_civility, shown.civility);
        text(col_last_name, shown.last_name);
        text(col_first_name, shown.first_name);
        const auto profession = ix.profession[pos];
        text(col_profession_code, std::string_view(ix.professions.codes[profession]));
        text(col_profession, ix.items.profession_label(profession));
        specialty_codes_.clear();
        specialties_.clear();
        for (auto i = ix.specialty_offset[pos]; i < ix.specialty_offset[pos + 1]; ++i) {
            if (!specialty_codes_.empty()) {
                specialty_codes_ += kListSeparator;
                specialties_ += kListSeparator;
            }
            specialty_codes_ += ix.specialties.codes[ix.specialty[i]];
            specialties_ += ix.specialty_item_label[ix.specialty[i]];
        }
        text(col_specialty_codes, std::string_view(specialty_codes_));
        text(col_specialties, std::string_view(specialties_));
        text(col_site_name, shown.site_name);
        text(col_address, shown.address_line);
        text(col_address_complement, shown.complement);
        text(col_postcode, shown.postcode);
        text(col_commune, shown.commune);
        text(col_insee, shown.insee);
        text(col_phone, shown.phone);
        text_of(col_email, found_.email);
        const bool located = !std::isnan(ix.lat[pos]) && !std::isnan(ix.lon[pos]);
        real(col_lat, located ? std::optional(ix.lat[pos]) : std::nullopt);
        real(col_lon, located ? std::optional(ix.lon[pos]) : std::nullopt);
        text(col_precision, shown.precision);

        text_of(col_declared_phone, found_.phone);
        text_of(col_declared_mssante_email, found_.mssante_email);
        text_of(col_appointment_url, found_.appointment_url);
        const auto& declared = declared_;
        const int conventionnement = declared.conventionnement_of(pos);   // 0: not declared
        text(col_conventionnement, conventionnement > 0 ? std::optional(owner::kConventionnement[static_cast<std::size_t>(conventionnement - 1)].code)
                                                     : std::nullopt);
        for (std::size_t i = 0; i < owner::kBooleanFields.size(); ++i) {
            const auto state = (declared.owner(pos) >> (2 * i)) & 3;   // 0 not declared, 1 no, 2 yes
            auto& cell = row_[col_first_boolean + i];
            cell.present = state != 0;
            cell.flag = state == 2;
        }
        text(col_publics, codes_of(publics_, declared.publics(pos), owner::kPublics));
        text(col_acts, codes_of(acts_, declared.acts(pos), owner::kActs));
        hours_.clear();
        append_opening_hours(hours_, declared.hours(pos));
        text(col_opening_hours, std::string_view(hours_));
        text_of(col_practitioner_phone, found_.practitioner_phone);
        text_of(col_practitioner_mssante_email, found_.practitioner_mssante_email);
        text_of(col_website, found_.website);
        text_of(col_expertise, found_.expertise);
        text_of(col_training, found_.training);
        return row_;
    }

private:
    // An empty text is no value, as a missing one.
    void text(Col column, std::optional<std::string_view> value) {
        row_[column].present = value && !value->empty();
        row_[column].text = value.value_or(std::string_view());
    }
    void text_of(Col column, const std::optional<std::string>& value) {
        text(column, value ? std::optional<std::string_view>(*value) : std::nullopt);
    }
    void integer(Col column, std::int64_t value) {
        row_[column].present = true;
        row_[column].integer = value;
    }
    void real(Col column, std::optional<double> value) {
        row_[column].present = value.has_value();
        row_[column].real = value.value_or(0);
    }
    template <std::size_t N>
    static std::string_view codes_of(std::string& out, std::uint32_t bits, const std::array<owner::CodeLabel, N>& list) {
        out.clear();
        for (std::size_t i = 0; i < N; ++i) {
            if (!(bits & (1u << i))) continue;
            if (!out.empty()) out += kListSeparator;
            out += list[i].code;
        }
        return out;
    }

    const PracticeIndex& ix_;
    const DeclaredColumns& declared_;
    ExportDetailsSource& details_;
    store::ExportDetails found_;
    std::string specialty_codes_, specialties_, publics_, acts_, hours_;
    Row row_;
};

// ---- Output ----------------------------------------------------------------

// Text written row by row, handed to the sink in chunks.
class ChunkedOutput {
public:
    explicit ChunkedOutput(ByteSink& sink) : sink_(sink) { buffer_.reserve(PreparedExport::kChunkBytes + 16 * 1024); }
    std::string& text() { return buffer_; }
    // After each row: a full chunk goes to the sink.
    void row_written() {
        if (buffer_.size() >= PreparedExport::kChunkBytes) flush();
    }
    void flush() {
        if (buffer_.empty()) return;
        sink_.write(buffer_);
        buffer_.clear();
    }

private:
    ByteSink& sink_;
    std::string buffer_;
};

// Numbers as plain decimals (never exponents): shortest text that reads back the same value.
void append_number(std::string& out, double value) {
    char digits[400];
    const auto end = std::to_chars(digits, digits + sizeof digits, value, std::chars_format::fixed).ptr;
    out.append(digits, end);
}

void append_number(std::string& out, std::int64_t value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end);
}

// `separator` ';' with a BOM: the file a French spreadsheet opens as is; ',' without one:
// RFC 4180 for programs.
void write_csv(RowReader& rows, const std::vector<std::uint32_t>& positions, ByteSink& sink, char separator) {
    ChunkedOutput out(sink);
    auto& text = out.text();
    if (separator == ';') text += "\xEF\xBB\xBF";   // the BOM: spreadsheets then read UTF-8, not the local code page
    for (std::size_t c = 0; c < kColumnCount; ++c) {
        if (c) text += separator;
        text += kColumns[c].name;
    }
    text += "\r\n";
    for (const auto pos : positions) {
        const auto& row = rows.read(pos);
        for (std::size_t c = 0; c < kColumnCount; ++c) {
            if (c) text += separator;
            const auto& cell = row[c];
            if (!cell.present) continue;
            // Only text is neutralised: a number (a negative longitude) is data, not a formula.
            switch (kColumns[c].kind) {
                case Kind::text: append_csv_text(text, cell.text, separator); break;
                case Kind::integer: append_number(text, cell.integer); break;
                case Kind::real: append_number(text, cell.real); break;
                case Kind::boolean: text += cell.flag ? "true" : "false"; break;
            }
        }
        text += "\r\n";
        out.row_written();
    }
    out.flush();
}

void write_geojson(RowReader& rows, const std::vector<std::uint32_t>& positions, ByteSink& sink) {
    ChunkedOutput out(sink);
    auto& text = out.text();
    text += R"({"type":"FeatureCollection","features":[)";
    bool first = true;
    for (const auto pos : positions) {
        const auto& row = rows.read(pos);
        text += first ? "\n" : ",\n";
        first = false;
        util::JsonWriter json(text);
        json.begin_object();
        json.key("type").value("Feature");
        json.key("geometry");
        if (row[col_lat].present && row[col_lon].present) {
            json.begin_object();
            json.key("type").value("Point");
            json.key("coordinates").begin_array().value(row[col_lon].real).value(row[col_lat].real).end_array();
            json.end_object();
        } else {
            json.null();
        }
        json.key("properties").begin_object();
        for (std::size_t c = 0; c < kColumnCount; ++c) {
            const auto& cell = row[c];
            json.key(kColumns[c].name);
            if (!cell.present) {
                json.null();
                continue;
            }
            switch (kColumns[c].kind) {
                case Kind::text: json.value(cell.text); break;
                case Kind::integer: json.value(cell.integer); break;
                case Kind::real: json.value(cell.real); break;
                case Kind::boolean: json.value(cell.flag); break;
            }
        }
        json.end_object();
        json.end_object();
        out.row_written();
    }
    text += "\n]}\n";
    out.flush();
}

// ---- GeoPackage ------------------------------------------------------------

// A private directory for the GeoPackage GDAL writes (GDAL creates its own file and its
// journal next to it: a directory of our own, mode 0700, holds both), removed with all
// it holds when this goes, whatever happened.
class TempDirectory {
public:
    TempDirectory() {
        const char* tmpdir = std::getenv("TMPDIR");
        const std::string base = tmpdir && *tmpdir ? tmpdir : "/tmp";
        std::string pattern = base + "/annuaire-export-XXXXXX";
        if (!mkdtemp(pattern.data())) {
            throw std::runtime_error("GeoPackage export: cannot create a temporary directory in '" + base +
                                     "': " + std::strerror(errno) + " (set TMPDIR to a writable directory)");
        }
        path_ = pattern;
    }
    ~TempDirectory() { remove(); }
    TempDirectory(const TempDirectory&) = delete;
    TempDirectory& operator=(const TempDirectory&) = delete;

    const std::filesystem::path& path() const { return path_; }
    void remove() noexcept {
        if (path_.empty()) return;
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
        path_.clear();
    }

private:
    std::filesystem::path path_;
};

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

struct DatasetCloser {
    void operator()(GDALDatasetH dataset) const { GDALClose(dataset); }
};
struct FeatureDeleter {
    void operator()(OGRFeatureH feature) const { OGR_F_Destroy(feature); }
};
struct SrsDeleter {
    void operator()(OGRSpatialReferenceH srs) const { OSRRelease(srs); }
};

// A GDAL configuration option set for this thread only, while this lives.
class ThreadConfigOption {
public:
    ThreadConfigOption(const char* key, const char* value) : key_(key) {
        if (const char* previous = CPLGetThreadLocalConfigOption(key, nullptr)) previous_ = previous;
        CPLSetThreadLocalConfigOption(key, value);
    }
    ~ThreadConfigOption() { CPLSetThreadLocalConfigOption(key_, previous_ ? previous_->c_str() : nullptr); }
    ThreadConfigOption(const ThreadConfigOption&) = delete;
    ThreadConfigOption& operator=(const ThreadConfigOption&) = delete;

private:
    const char* key_;
    std::optional<std::string> previous_;
};

[[noreturn]] void gdal_failed(const std::string& what) {
    throw std::runtime_error("GeoPackage export: " + what + ": " + CPLGetLastErrorMsg());
}

void write_gpkg_file(RowReader& rows, const std::vector<std::uint32_t>& positions, const std::string& path) {
    static std::once_flag registered;
    std::call_once(registered, [] { GDALAllRegister(); });
    // The file is temporary: waiting for the disk to confirm each commit buys nothing.
    const ThreadConfigOption no_sync("OGR_SQLITE_SYNCHRONOUS", "OFF");
    GDALDriverH driver = GDALGetDriverByName("GPKG");
    if (!driver) throw std::runtime_error("GeoPackage export: GDAL has no GPKG driver");
    std::unique_ptr<void, DatasetCloser> dataset(GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset) gdal_failed("cannot create " + path);
    std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, SrsDeleter> srs(OSRNewSpatialReference(nullptr));
    if (OSRImportFromEPSG(srs.get(), 4326) != OGRERR_NONE) gdal_failed("no EPSG:4326 definition");
    OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayerH layer = GDALDatasetCreateLayer(dataset.get(), "practitioners", srs.get(), wkbPoint, nullptr);
    if (!layer) gdal_failed("cannot create the layer");
    for (const auto& column : kColumns) {
        const std::string name(column.name);
        const OGRFieldType type = column.kind == Kind::integer ? OFTInteger64
                                  : column.kind == Kind::real  ? OFTReal
                                  : column.kind == Kind::boolean ? OFTInteger
                                                                 : OFTString;
        OGRFieldDefnH field = OGR_Fld_Create(name.c_str(), type);
        if (column.kind == Kind::boolean) OGR_Fld_SetSubType(field, OFSTBoolean);
        const auto created = OGR_L_CreateField(layer, field, TRUE);
        OGR_Fld_Destroy(field);
        if (created != OGRERR_NONE) gdal_failed("cannot create the field " + name);
    }
    if (GDALDatasetStartTransaction(dataset.get(), FALSE) != OGRERR_NONE) gdal_failed("cannot start a transaction");
    OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
    std::string value;   // GDAL takes NUL-terminated text
    for (const auto pos : positions) {
        const auto& row = rows.read(pos);
        std::unique_ptr<std::remove_pointer_t<OGRFeatureH>, FeatureDeleter> feature(OGR_F_Create(definition));
        for (std::size_t c = 0; c < kColumnCount; ++c) {
            const auto& cell = row[c];
            const int field = static_cast<int>(c);
            if (!cell.present) {
                // Null rather than unset: GDAL prepares its INSERT again whenever the set of
                // unset fields changes from one feature to the next.
                OGR_F_SetFieldNull(feature.get(), field);
                continue;
            }
            switch (kColumns[c].kind) {
                case Kind::text:
                    value.assign(cell.text);
                    OGR_F_SetFieldString(feature.get(), field, value.c_str());
                    break;
                case Kind::integer: OGR_F_SetFieldInteger64(feature.get(), field, cell.integer); break;
                case Kind::real: OGR_F_SetFieldDouble(feature.get(), field, cell.real); break;
                case Kind::boolean: OGR_F_SetFieldInteger(feature.get(), field, cell.flag ? 1 : 0); break;
            }
        }
        if (row[col_lat].present && row[col_lon].present) {
            OGRGeometryH point = OGR_G_CreateGeometry(wkbPoint);
            OGR_G_SetPoint_2D(point, 0, row[col_lon].real, row[col_lat].real);
            OGR_F_SetGeometryDirectly(feature.get(), point);
        }
        if (OGR_L_CreateFeature(layer, feature.get()) != OGRERR_NONE) gdal_failed("cannot write a feature");
    }
    if (GDALDatasetCommitTransaction(dataset.get()) != OGRERR_NONE) gdal_failed("cannot commit the features");
    dataset.reset();   // closing writes the spatial index and flushes the file
}

// GDAL writes the GeoPackage to a temporary file (it needs a file it can seek and
// rewrite); the file is unlinked as soon as it is complete and sent from the open
// descriptor in chunks.
void write_gpkg(RowReader& rows, const std::vector<std::uint32_t>& positions, ByteSink& sink) {
    TempDirectory directory;
    const auto path = (directory.path() / "praticiens.gpkg").string();
    write_gpkg_file(rows, positions, path);
    FileDescriptor file(open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file.get() < 0) throw std::runtime_error("GeoPackage export: cannot read back " + path + ": " + std::strerror(errno));
    directory.remove();
    std::string chunk(PreparedExport::kChunkBytes, '\0');
    for (;;) {
        const auto got = read(file.get(), chunk.data(), chunk.size());
        if (got < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(std::string("GeoPackage export: cannot read the temporary file: ") + std::strerror(errno));
        }
        if (got == 0) break;
        sink.write(std::string_view(chunk.data(), static_cast<std::size_t>(got)));
    }
}

}  // namespace

// ---- Public ----------------------------------------------------------------

void append_opening_hours(std::string& out, std::span<const std::uint16_t> intervals) {
    static constexpr std::string_view kDays[] = {"lun", "mar", "mer", "jeu", "ven", "sam", "dim"};
    std::vector<std::pair<std::uint16_t, std::uint16_t>> sorted;
    sorted.reserve(intervals.size() / 2);
    for (std::size_t i = 0; i + 1 < intervals.size(); i += 2) sorted.emplace_back(intervals[i], intervals[i + 1]);
    std::sort(sorted.begin(), sorted.end());
    const auto clock = [&](int minute) {
        const char text[] = {static_cast<char>('0' + minute / 600), static_cast<char>('0' + minute / 60 % 10), ':',
                             static_cast<char>('0' + minute % 60 / 10), static_cast<char>('0' + minute % 10)};
        out.append(text, sizeof text);
    };
    int day = -1;
    for (const auto& [opens, closes] : sorted) {
        const int this_day = opens / 1440;
        if (this_day > 6) continue;   // not a minute of the week
        if (this_day != day) {
            if (day >= 0) out += kListSeparator;
            out += kDays[this_day];
            day = this_day;
        }
        out += ' ';
        clock(opens - this_day * 1440);
        out += '-';
        clock(closes - this_day * 1440);   // 24:00 for midnight at the end of the day
    }
}

PreparedExport::PreparedExport(ExportFormat format, std::shared_ptr<const PracticeIndex> index,
                               std::shared_ptr<const DeclaredColumns> declared, std::vector<std::uint32_t> positions,
                               std::unique_ptr<ExportDetailsSource> details)
    : format_(format), index_(std::move(index)), declared_(std::move(declared)), positions_(std::move(positions)),
      details_(std::move(details)) {
    const bool csv = format == ExportFormat::csv || format == ExportFormat::csv_comma;
    const char* extension = csv ? "csv" : format == ExportFormat::geojson ? "geojson" : "gpkg";
    plan_.file_name = std::string(format == ExportFormat::csv_comma ? "praticiens-virgules." : "praticiens.") + extension;
    plan_.content_type = csv                               ? "text/csv; charset=utf-8"
                         : format == ExportFormat::geojson ? "application/geo+json"
                                                           : "application/geopackage+sqlite3";
    plan_.rows = positions_.size();
}

PreparedExport::PreparedExport(PreparedExport&&) noexcept = default;
PreparedExport& PreparedExport::operator=(PreparedExport&&) noexcept = default;
PreparedExport::~PreparedExport() = default;

void PreparedExport::write(ByteSink& sink) {
    RowReader rows(*index_, *declared_, *details_);
    switch (format_) {
        case ExportFormat::csv: write_csv(rows, positions_, sink, ';'); break;
        case ExportFormat::csv_comma: write_csv(rows, positions_, sink, ','); break;
        case ExportFormat::geojson: write_geojson(rows, positions_, sink); break;
        case ExportFormat::gpkg: write_gpkg(rows, positions_, sink); break;
    }
}

}  // namespace annuaire::search
