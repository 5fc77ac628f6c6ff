// All SQL of the offline geocoder: the BAN address index, the sites waiting for
// a position, geocoding results and manually pinned positions.
#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace annuaire::store {

// One BAN address point, coordinates in WGS84.
struct BanRecord {
    std::string id;
    std::string insee;
    std::string postcode;
    std::string commune_name;
    std::string routing_label;
    std::string old_insee;
    std::string old_commune_name;
    std::string street_name;
    int number = 0;
    std::string repetition;  // canonical (text::normalize_repetition)
    double lon = 0;
    double lat = 0;
};

struct BanSourceInfo {
    std::string file_name;
    std::int64_t rows = 0;
    std::int64_t communes = 0;
};

// The address of a public site, as the importer stored it.
struct SiteAddress {
    std::int64_t id = 0;
    std::int64_t address_hash = 0;
    std::string street_number, repetition_index, street_type_code, street_type_label, street_name,
        geo_complement, distribution_mention, cedex_office, postcode, commune_code, commune_name,
        resolved_insee, country_code;
    // Set when an admin pinned the site for this very address.
    std::optional<double> pinned_lat, pinned_lon;
};

// What the geocoder decided for one site. No position when precision is "none".
struct SiteGeocode {
    std::int64_t site_id = 0;
    std::int64_t address_hash = 0;
    std::optional<double> lat, lon;
    std::string precision;  // housenumber, interpolated, street, municipality, none, manual
    double score = 0;
    std::string label;
    std::string reason;
    std::string insee;
    // Why it is there (see kGeocodeBasisColumns in schema_addresses.hpp).
    std::string commune_source;
    std::string street_match;
    std::string confidence;
    std::string named_insee;
};

struct PositionedSite {
    std::int64_t id = 0;
    std::string insee;  // the commune the geocoder placed it in, else the importer's
    double lat = 0, lon = 0;
    std::string precision;
};

// A site's key, current position and why it is there, for benchmarks and tests.
struct SitePosition {
    std::int64_t id = 0;
    std::string site_key;
    std::optional<double> lat, lon;
    std::string precision;
    std::string label;
    std::string reason;
    std::string insee;  // where the geocoder placed it
    std::string commune_source, street_match, confidence, named_insee;
};

// A site whose placement an administrator should check: low confidence, with why.
struct SiteToReview {
    std::int64_t id = 0;
    std::string site_key;
    std::string address;  // as the extract writes it: number, street, postcode, town
    std::optional<double> lat, lon;
    std::string precision;
    double score = 0;
    std::string label;
    std::string reason;
    std::string insee;
    std::string commune_source;
    std::string street_match;
    std::string named_insee;
};

struct SiteSummary {
    std::int64_t id = 0;
    bool archived = false;
    std::optional<double> lat, lon;
    std::string precision;
    std::string label;
};

class AddressStore {
public:
    // Creates the geocoder tables if this database predates them.
    explicit AddressStore(Database& db);

    std::int64_t address_count();

    // Replaces, in one transaction, every BAN row of the communes present in
    // `rows`, and records the sources. Precondition: ids are unique in `rows`.
    void replace_addresses(const std::vector<BanRecord>& rows, const std::vector<BanSourceInfo>& sources);

    // Calls `row` for every stored BAN row, ordered by commune, street, number.
    void for_each_address(const std::function<void(BanRecord&&)>& row);

    // Public sites whose position is missing or stale: never geocoded, address
    // changed since, or pinned but the pin not applied yet. `all` also returns
    // every other public site (after the BAN index changed).
    std::vector<SiteAddress> pending_sites(bool all);

    // Writes results in one transaction.
    void save_results(const std::vector<SiteGeocode>& results);

    // Public sites that have a position.
    std::vector<PositionedSite> positioned_sites();

    // Public sites placed with low confidence (ambiguous, a similar street name elsewhere,
    // only the commune, no position), lowest score first, at most `limit`.
    std::vector<SiteToReview> sites_to_review(std::size_t limit);

    std::optional<SiteSummary> find_site(std::int64_t id);

    // Every public site with its position (NULL when none).
    std::vector<SitePosition> site_positions();

    // Pins the site at (lat, lon) for its current address; the pin wins until the address changes.
    void pin_site(std::int64_t id, double lat, double lon, const std::string& by, const std::string& at);
    // Removes the pin; the site waits for the geocoder again.
    void clear_pin(std::int64_t id);

private:
    Database& db_;
};

// Tag of the stored BAN rows: changes when a BAN file is loaded. Empty when none was
// (or the database predates the geocoder tables). Works on a read-only connection.
std::string address_sources_fingerprint(Database& db);

// AddressStore::pin_site and clear_pin inside the caller's transaction (the owner module pins
// a site in the transaction that accepts its corrected address).
void write_pin(Database& db, std::int64_t id, double lat, double lon, const std::string& by, const std::string& at);
void erase_pin(Database& db, std::int64_t id);

}  // namespace annuaire::store
