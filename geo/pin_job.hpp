// `annuaire pin`: a site's position set by hand (or handed back to the geocoder), and the
// position it has afterwards. The console pins through OwnerService::pin_site, which audits
// the admin's act in the same transaction; this is the database owner's tool.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace annuaire::geo {

struct PinRequest {
    std::string database_path;
    std::int64_t site_id = 0;
    // WGS84 degrees, inside France; none: remove the pin and geocode the site again (at once
    // when the database has an address index).
    std::optional<double> lat, lon;
    std::string pinned_by;           // kept with the pin
    std::filesystem::path data_dir;  // reference tables for the geocoder, after a pin is removed
};

// The site is not one that can be pinned: unknown, or archived.
class PinRefused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Returns {"site", "pin": {"lat", "lon"} | null, "geocoding"? (when a removed pin was
// geocoded again), "precision", "lat", "lon"}. Throws PinRefused, or store errors.
nlohmann::json pin_site(const PinRequest& request);

}  // namespace annuaire::geo
