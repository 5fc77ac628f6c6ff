// `annuaire geocode` and the geocoding step after an import: loads BAN files
// into the stored address index, then geocodes the public sites whose position
// is missing or stale, and checks positions against commune contours.
#pragma once

#include "address_index.hpp"
#include "store/database.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace annuaire::geo {

struct GeocodeOptions {
    std::string database_path;
    std::vector<std::string> ban_files;    // loaded first, replacing the rows of their communes
    std::filesystem::path data_dir;         // reference tables (CEDEX, merged communes) and contours
    std::optional<std::string> contours_path;  // default: data_dir/reference/communes-68-haut-rhin.geojson
    bool all = false;                       // re-geocode every public site, not only pending ones

    void validate() const;  // throws std::invalid_argument
};

// Runs the job; returns the report. Throws BanFileError (nothing loaded, database
// unchanged), or std::runtime_error when there is no address index.
nlohmann::json run_geocode(const GeocodeOptions& options);

// After an import: geocodes new and changed sites when the database already has
// an address index; nullopt when it has none.
std::optional<nlohmann::json> geocode_if_indexed(const std::string& database_path,
                                                 const std::filesystem::path& data_dir);

// The report as lines for a terminal.
std::string format_geocode_report(const nlohmann::json& report);

// Builds the in-memory index from the stored BAN rows (empty index if none).
AddressIndex load_address_index(store::Database& db);

}  // namespace annuaire::geo
