// Writes search results as CSV (UTF-8, header, X/Y columns), GeoJSON (RFC 7946)
// or GeoPackage with GDAL, in memory.
#pragma once

#include "search/search_query.hpp"
#include "search/search_service.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace annuaire::search {

// rows are search items (see SearchStore::practice_item). Thread-safe.
ExportFile write_export(ExportFormat format, const std::vector<nlohmann::json>& rows);

}  // namespace annuaire::search
