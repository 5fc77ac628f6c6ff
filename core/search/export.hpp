// Writes search results as CSV (UTF-8, header, X/Y columns), GeoJSON (RFC 7946)
// or GeoPackage with GDAL, in memory.
#pragma once

#include "search/search_query.hpp"
#include "search/search_service.hpp"

#include <nlohmann/json.hpp>

#include <string_view>
#include <vector>

namespace annuaire::search {

// Where an export's bytes go as they are produced. write() may block (the HTTP layer applies
// back-pressure while the client reads) and throws when the client has gone away; the export
// then stops and cleans up. Implementations are not thread-safe; one export, one sink.
class ByteSink {
public:
    virtual ~ByteSink() = default;
    virtual void write(std::string_view bytes) = 0;
};

// rows are search items (see SearchStore::practice_item). Thread-safe.
ExportFile write_export(ExportFormat format, const std::vector<nlohmann::json>& rows);

}  // namespace annuaire::search
