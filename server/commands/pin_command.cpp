#include "commands.hpp"

#include "pin_job.hpp"
#include "projection.hpp"
#include "reference/reference_data.hpp"
#include "util/args.hpp"

#include <charconv>
#include <filesystem>
#include <iostream>

namespace annuaire::commands {

namespace {

constexpr const char* kHelp = R"(Usage: annuaire pin --db FILE --site SITE_ID --lat LAT --lon LON [--by NAME]
       annuaire pin --db FILE --site SITE_ID --clear

Pins the position of a site by hand (WGS84 degrees), e.g. when the geocoder put
a cabinet on the wrong side of a block. The pinned position wins over the
geocoder, and survives re-imports and re-geocoding, until the RPPS address of
the site changes. --clear removes the pin; the site is then geocoded again
(at once when the database has an address index).

Options:
  --db FILE        directory database
  --site SITE_ID   the site (its numeric id)
  --lat LAT        latitude, --lon LON longitude: must be inside France
  --by NAME        who pinned it (kept with the pin)
  --clear          remove the pin
  --json           print the result as JSON
  --help           this help

Exit status: 0 done, 1 failed, 2 usage error (bad coordinates, unknown site).
)";

double parse_coordinate(const std::string& text, const char* name) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        throw util::UsageError(std::string("--") + name + " '" + text + "' is not a number");
    }
    return value;
}

}  // namespace

int pin_command(const Arguments& arguments) {
    const util::Args args(arguments, {"db", "site", "lat", "lon", "by", "data-dir"}, {"clear", "json", "help"});
    if (args.flag("help")) {
        std::cout << kHelp;
        return 0;
    }
    const std::string path = args.required("db");
    const std::string site_text = args.required("site");
    std::int64_t site_id = 0;
    {
        const auto [end, error] = std::from_chars(site_text.data(), site_text.data() + site_text.size(), site_id);
        if (error != std::errc() || end != site_text.data() + site_text.size() || site_id <= 0) {
            throw util::UsageError("--site '" + site_text + "' is not a site id");
        }
    }
    const bool clear = args.flag("clear");
    std::optional<double> lat, lon;
    if (clear) {
        if (args.value("lat") || args.value("lon")) throw util::UsageError("--clear takes no --lat/--lon");
    } else {
        lat = parse_coordinate(args.required("lat"), "lat");
        lon = parse_coordinate(args.required("lon"), "lon");
        if (!geo::inside_france(*lon, *lat)) {
            throw util::UsageError("position lat " + args.required("lat") + ", lon " + args.required("lon") +
                                   " is outside France (is the order of --lat and --lon right?)");
        }
    }
    // Any other fault (permissions, ...) is the business of the open, which names it.
    std::error_code unreadable;
    if (!std::filesystem::exists(path, unreadable) && !unreadable) {
        throw util::UsageError("database '" + path + "' does not exist");
    }

    geo::PinRequest request;
    request.database_path = path;
    request.site_id = site_id;
    request.lat = lat;
    request.lon = lon;
    request.pinned_by = args.value("by").value_or("");
    request.data_dir = args.value("data-dir").value_or(reference::default_data_dir().string());
    nlohmann::json result;
    try {
        result = geo::pin_site(request);
    } catch (const geo::PinRefused& refusal) {
        throw util::UsageError(refusal.what());
    }
    if (args.flag("json")) {
        std::cout << result.dump(2) << "\n";
    } else if (clear) {
        std::cout << "site " << site_id << ": pin removed; position now "
                  << (result["precision"].is_null() ? std::string("pending (no address index yet)")
                                                    : result["precision"].get<std::string>())
                  << "\n";
    } else {
        std::cout << "site " << site_id << " pinned at lat " << *lat << ", lon " << *lon << "\n";
    }
    return 0;
}

}  // namespace annuaire::commands
