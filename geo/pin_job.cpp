#include "pin_job.hpp"

#include "geocode_job.hpp"
#include "store/address_store.hpp"
#include "store/schema.hpp"
#include "util/clock.hpp"

namespace annuaire::geo {

nlohmann::json pin_site(const PinRequest& request) {
    const bool clear = !request.lat || !request.lon;
    const auto site_text = std::to_string(request.site_id);
    nlohmann::json result = {{"site", request.site_id}};
    {
        store::Database db(request.database_path, store::OpenMode::read_write);
        store::configure_writer(db);
        store::migrate(db);
        store::AddressStore addresses(db);
        const auto site = addresses.find_site(request.site_id);
        if (!site) throw PinRefused("no site with id " + site_text + " in '" + request.database_path + "'");
        if (site->archived) throw PinRefused("site " + site_text + " is archived (no longer in the RPPS extract)");
        if (clear) {
            addresses.clear_pin(request.site_id);
            result["pin"] = nullptr;
        } else {
            addresses.pin_site(request.site_id, *request.lat, *request.lon, request.pinned_by, util::utc_now());
            result["pin"] = {{"lat", *request.lat}, {"lon", *request.lon}};
        }
    }
    if (clear) {
        if (const auto report = geocode_if_indexed(request.database_path, request.data_dir)) result["geocoding"] = (*report)["sites"];
    }
    store::Database db(request.database_path, store::OpenMode::read_only);
    store::AddressStore addresses(db);
    const auto site = addresses.find_site(request.site_id);
    result["precision"] = site->precision.empty() ? nlohmann::json() : nlohmann::json(site->precision);
    result["lat"] = site->lat ? nlohmann::json(*site->lat) : nlohmann::json();
    result["lon"] = site->lon ? nlohmann::json(*site->lon) : nlohmann::json();
    return result;
}

}  // namespace annuaire::geo
