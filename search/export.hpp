// Exports of search matches (GET /api/v1/export): CSV for French spreadsheets, plain
// comma-separated CSV for programs, RFC 7946 GeoJSON and GeoPackage. Rows are written to a ByteSink as they are
// read, so the memory of an export does not grow with its size: what it holds is
// the list of matching positions and a buffer of about kChunkBytes (and, for a
// GeoPackage, what GDAL holds while it writes the temporary file).
#pragma once

#include "search/search_query.hpp"
#include "util/csv.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace annuaire::store {
struct ExportDetails;
}

namespace annuaire::search {

class PracticeIndex;
class DeclaredColumns;

// Where an export's bytes go as they are produced. write() may block (the HTTP layer applies
// back-pressure while the client reads) and throws when the client has gone away; the export
// then stops and cleans up. Implementations are not thread-safe; one export, one sink.
class ByteSink {
public:
    virtual ~ByteSink() = default;
    virtual void write(std::string_view bytes) = 0;
};

// What is known before the first byte (the HTTP status and headers depend on it).
struct ExportPlan {
    std::string content_type;   // "text/csv; charset=utf-8", "application/geo+json", "application/geopackage+sqlite3"
    std::string file_name;      // e.g. "praticiens.csv"
    std::size_t rows = 0;
};

// The database reads of one export (the site's e-mail, the declared text fields), all
// from the snapshot taken when the export was prepared. SearchService implements it
// over a connection it lends to the export.
class ExportDetailsSource {
public:
    virtual ~ExportDetailsSource() = default;
    virtual void read(std::string_view practitioner_id, std::int64_t site_id, store::ExportDetails& out) = 0;
};

// A checked export: the rows are chosen (filters applied, order fixed) when it is made, from one
// snapshot of the index, and written by write(). Move-only. Made by SearchService::prepare_export,
// which it must not outlive.
class PreparedExport {
public:
    // Bytes handed to the sink at a time: about this many (a CSV or GeoJSON chunk ends with
    // a row), the last write shorter.
    static constexpr std::size_t kChunkBytes = 64 * 1024;

    // `positions`: positions of `index`, in the order the rows are written; `declared`: the
    // declared columns served with the index when the export was prepared.
    PreparedExport(ExportFormat format, std::shared_ptr<const PracticeIndex> index,
                   std::shared_ptr<const DeclaredColumns> declared, std::vector<std::uint32_t> positions,
                   std::unique_ptr<ExportDetailsSource> details);
    PreparedExport(PreparedExport&&) noexcept;
    PreparedExport& operator=(PreparedExport&&) noexcept;
    ~PreparedExport();

    const ExportPlan& plan() const { return plan_; }

    // Writes the whole file to `sink`. Throws what sink.write() throws (the export stops
    // there), or std::runtime_error when the file cannot be made (GDAL, temporary
    // storage); the GeoPackage's temporary file is removed in every case.
    void write(ByteSink& sink);

private:
    ExportFormat format_;
    ExportPlan plan_;
    std::shared_ptr<const PracticeIndex> index_;
    std::shared_ptr<const DeclaredColumns> declared_;
    std::vector<std::uint32_t> positions_;
    std::unique_ptr<ExportDetailsSource> details_;
};

// One CSV cell, formulas neutralised (util/csv.hpp): the exports' CSV is written with it.
using util::append_csv_text;

// Appends declared opening hours as text, days in order: "lun 08:30-12:00 14:00-18:00; mar 09:00-12:00".
// `intervals`: [open, close) pairs in minutes from Monday 00:00 (DeclaredColumns::hours), in any order.
void append_opening_hours(std::string& out, std::span<const std::uint16_t> intervals);

}  // namespace annuaire::search
