#include "geocode_job.hpp"

#include "ban_reader.hpp"
#include "commune_contours.hpp"
#include "geocoder.hpp"
#include "reference/commune_resolver.hpp"
#include "reference/reference_data.hpp"
#include "store/address_store.hpp"
#include "store/schema.hpp"

#include <chrono>
#include <iomanip>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

namespace annuaire::geo {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double round_to(double value, double step) { return std::round(value / step) / std::round(1.0 / step); }

}  // namespace

void GeocodeOptions::validate() const {
    if (database_path.empty()) throw std::invalid_argument("no database given");
    for (const auto& file : ban_files) {
        if (!std::filesystem::exists(file)) throw std::invalid_argument("BAN file '" + file + "' does not exist");
    }
    if (contours_path && !std::filesystem::exists(*contours_path)) {
        throw std::invalid_argument("contours file '" + *contours_path + "' does not exist");
    }
}

AddressIndex load_address_index(store::Database& db) {
    store::AddressStore addresses(db);
    AddressIndex index;
    addresses.for_each_address([&](store::BanRecord&& row) { index.add(row); });
    index.finish();
    return index;
}

nlohmann::json run_geocode(const GeocodeOptions& options) {
    options.validate();
    nlohmann::json report;
    store::Database db(options.database_path, store::OpenMode::read_write);
    store::configure_writer(db);
    store::migrate(db);
    store::AddressStore addresses(db);

    const bool loading = !options.ban_files.empty();
    if (loading) {
        const auto start = Clock::now();
        std::vector<store::BanRecord> rows;
        std::vector<store::BanSourceInfo> sources;
        nlohmann::json files = nlohmann::json::array();
        std::unordered_set<std::string> ids;
        for (const auto& path : options.ban_files) {
            BanFile file = read_ban_file(path);
            if (options.ban_files.size() > 1) {
                for (const auto& row : file.rows) {
                    if (!ids.insert(row.id).second) {
                        throw BanFileError("BAN file '" + path + "': id '" + row.id +
                                           "' is also in another file given; nothing loaded");
                    }
                }
            }
            const std::string name = std::filesystem::path(path).filename().string();
            files.push_back({{"file", name}, {"rows", file.rows.size()}, {"communes", file.communes},
                             {"lambert93_converted", file.converted_from_lambert93}});
            sources.push_back({name, static_cast<std::int64_t>(file.rows.size()), file.communes});
            if (rows.empty()) rows = std::move(file.rows);
            else rows.insert(rows.end(), std::make_move_iterator(file.rows.begin()), std::make_move_iterator(file.rows.end()));
        }
        addresses.replace_addresses(rows, sources);
        report["ban"] = {{"files", files}, {"rows", rows.size()}, {"seconds", round_to(seconds_since(start), 0.001)}};
    }

    const auto index_start = Clock::now();
    const AddressIndex index = load_address_index(db);
    if (index.address_count() == 0) {
        throw std::runtime_error("database '" + options.database_path +
                                 "' has no address index: load BAN files with --ban adresses-XX.csv.gz");
    }
    report["index"] = {{"addresses", index.address_count()}, {"streets", index.streets().size()},
                       {"communes", index.communes().size()},
                       {"seconds", round_to(seconds_since(index_start), 0.001)}};

    std::unique_ptr<reference::CommuneResolver> resolver;
    try {
        resolver = std::make_unique<reference::CommuneResolver>(reference::load_reference_data(options.data_dir));
    } catch (const std::exception&) {
        // Without reference tables, CEDEX offices and merged communes are resolved from the BAN only.
    }
    CommuneContours contours;
    const std::string contours_path = options.contours_path.value_or(
        (options.data_dir / "reference" / "communes-68-haut-rhin.geojson").string());
    if (options.contours_path || std::filesystem::exists(contours_path)) contours = CommuneContours::load(contours_path);
    const Geocoder geocoder(index, contours.empty() ? nullptr : &contours, resolver.get());

    const auto pending = addresses.pending_sites(options.all || loading);
    std::vector<store::SiteGeocode> results;
    results.reserve(pending.size());
    nlohmann::json counts = {{"housenumber", 0}, {"interpolated", 0}, {"street", 0},
                             {"municipality", 0}, {"none", 0}, {"manual", 0}};
    nlohmann::json commune_from = nlohmann::json::object();
    nlohmann::json street_match = nlohmann::json::object();
    nlohmann::json confidence = {{"high", 0}, {"medium", 0}, {"low", 0}};
    const auto count = [](nlohmann::json& counts, const std::string& key) {
        counts[key] = (counts.contains(key) ? counts[key].get<std::int64_t>() : 0) + 1;
    };
    const auto geocode_start = Clock::now();
    AddressQuery query;
    for (const auto& site : pending) {
        store::SiteGeocode out;
        out.site_id = site.id;
        out.address_hash = site.address_hash;
        if (site.pinned_lat && site.pinned_lon) {
            // A pin made for this very address wins over the geocoder.
            out.lat = site.pinned_lat;
            out.lon = site.pinned_lon;
            out.precision = "manual";
            out.score = 1.0;
            out.label = "position pinned by an administrator";
            out.commune_source = out.street_match = "manual";
            out.confidence = "high";
        } else {
            query.street_number = site.street_number;
            query.repetition_index = site.repetition_index;
            query.street_type_code = site.street_type_code;
            query.street_type_label = site.street_type_label;
            query.street_name = site.street_name;
            query.geo_complement = site.geo_complement;
            query.cedex_office = site.cedex_office;
            query.postcode = site.postcode;
            query.commune_code = site.commune_code;
            query.commune_name = site.commune_name;
            query.country_code = site.country_code;
            query.resolved_insee = site.resolved_insee;
            const GeocodeResult result = geocoder.geocode(query);
            out.precision = std::string(to_string(result.precision));
            if (result.precision != Precision::none) {
                out.lat = result.lat;
                out.lon = result.lon;
            }
            out.score = round_to(result.score, 0.001);
            out.label = result.label;
            out.reason = result.reason;
            out.insee = result.insee;
            out.commune_source = std::string(to_string(result.commune_source));
            out.street_match = std::string(to_string(result.street_match));
            out.confidence = std::string(to_string(result.confidence));
            out.named_insee = result.named_insee;
        }
        counts[out.precision] = counts[out.precision].get<std::int64_t>() + 1;
        count(commune_from, out.commune_source);
        count(street_match, out.street_match);
        count(confidence, out.confidence);
        results.push_back(std::move(out));
    }
    const double geocode_seconds = seconds_since(geocode_start);
    addresses.save_results(results);

    nlohmann::json sites = {{"geocoded", results.size()}};
    sites.update(counts);
    report["sites"] = sites;
    report["basis"] = {{"commune_from", commune_from}, {"street_match", street_match}, {"confidence", confidence}};
    report["geocoding_seconds"] = round_to(geocode_seconds, 0.0001);
    report["addresses_per_second"] =
        geocode_seconds > 0 ? std::round(static_cast<double>(results.size()) / geocode_seconds) : 0.0;

    // Every positioned site of a commune with a known contour must lie inside it.
    std::int64_t checked = 0;
    nlohmann::json outside = nlohmann::json::array();
    std::int64_t outside_count = 0;
    for (const auto& site : addresses.positioned_sites()) {
        if (site.insee.empty() || !contours.has(site.insee)) continue;
        ++checked;
        if (!contours.contains(site.insee, site.lon, site.lat)) {
            ++outside_count;
            if (outside.size() < 20) outside.push_back({{"site", site.id}, {"insee", site.insee}, {"precision", site.precision}});
        }
    }
    report["contour_check"] = {{"checked", checked}, {"outside", outside_count}, {"outside_sites", outside}};
    return report;
}

std::optional<nlohmann::json> geocode_if_indexed(const std::string& database_path,
                                                 const std::filesystem::path& data_dir) {
    {
        store::Database db(database_path, store::OpenMode::read_write);
        store::AddressStore addresses(db);
        if (addresses.address_count() == 0) return std::nullopt;
    }
    GeocodeOptions options;
    options.database_path = database_path;
    options.data_dir = data_dir;
    return run_geocode(options);
}

std::string format_geocode_report(const nlohmann::json& report) {
    std::ostringstream out;
    if (report.contains("ban")) {
        for (const auto& file : report["ban"]["files"]) {
            out << "BAN file " << file["file"].get<std::string>() << ": " << file["rows"] << " addresses, "
                << file["communes"] << " communes";
            if (file["lambert93_converted"].get<std::int64_t>() > 0) {
                out << " (" << file["lambert93_converted"] << " positions converted from Lambert-93)";
            }
            out << "\n";
        }
        out << "BAN files loaded in " << report["ban"]["seconds"] << " s\n";
    }
    const auto& index = report["index"];
    out << "Address index: " << index["addresses"] << " addresses, " << index["streets"] << " streets, "
        << index["communes"] << " communes (built in " << index["seconds"] << " s)\n";
    const auto& sites = report["sites"];
    out << "Sites geocoded: " << sites["geocoded"] << " (" << report["addresses_per_second"] << " addresses/s)\n";
    for (const char* key : {"housenumber", "interpolated", "street", "municipality", "none", "manual"}) {
        out << "  " << std::left << std::setw(14) << key << sites[key] << "\n";
    }
    const auto& basis = report["basis"];
    out << "  commune from  " << basis["commune_from"].dump() << "\n"
        << "  street match  " << basis["street_match"].dump() << "\n"
        << "  confidence    " << basis["confidence"].dump() << " (low: to review)\n";
    const auto& check = report["contour_check"];
    out << "Contour check: " << check["outside"] << " of " << check["checked"]
        << " positioned sites outside their commune's contour\n";
    return out.str();
}

}  // namespace annuaire::geo
