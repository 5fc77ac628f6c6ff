#include "store/address_store.hpp"

#include "store/schema.hpp"

#include "store/schema_addresses.hpp"

#include <set>

namespace annuaire::store {

namespace {

constexpr const char* kInsertAddress = R"sql(
INSERT INTO ban_address(id, insee, postcode, commune_name, routing_label, old_insee,
  old_commune_name, street_name, number, repetition, lon, lat)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
)sql";

constexpr const char* kSelectAddresses = R"sql(
SELECT id, insee, postcode, commune_name, routing_label, old_insee, old_commune_name,
  street_name, number, repetition, lon, lat
FROM ban_address
)sql";

// A pin applies while it was made for the current address.
constexpr const char* kPendingSites = R"sql(
SELECT id, address_hash, street_number, repetition_index, street_type_code, street_type_label,
  street_name, geo_complement, distribution_mention, cedex_office, postcode, commune_code,
  commune_name, resolved_insee, country_code,
  CASE WHEN pinned_address_hash = address_hash THEN pinned_lat END,
  CASE WHEN pinned_address_hash = address_hash THEN pinned_lon END
FROM site
WHERE archived_import_id IS NULL
  AND (?1 OR geocoded_address_hash IS NULL OR geocoded_address_hash != address_hash
       OR (pinned_address_hash = address_hash AND geo_precision IS NOT 'manual'))
ORDER BY id
)sql";

constexpr const char* kSaveResult = R"sql(
UPDATE site SET lat = ?2, lon = ?3, geo_precision = ?4, geo_score = ?5, geo_label = ?6,
  geo_reason = ?7, geocoded_address_hash = ?8
WHERE id = ?1
)sql";

constexpr const char* kSaveBasis = R"sql(
INSERT INTO site_geocode(site_id, insee, commune_source, street_match, confidence, named_insee)
VALUES(?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT(site_id) DO UPDATE SET insee = excluded.insee, commune_source = excluded.commune_source,
  street_match = excluded.street_match, confidence = excluded.confidence, named_insee = excluded.named_insee
)sql";

// The commune the geocoder placed the site in (where it claims the site is), else the
// importer's.
constexpr const char* kPositionedSites = R"sql(
SELECT s.id, coalesce(nullif(g.insee, ''), s.resolved_insee, ''), s.lat, s.lon, s.geo_precision
FROM site s LEFT JOIN site_geocode g ON g.site_id = s.id
WHERE s.archived_import_id IS NULL AND s.lat IS NOT NULL AND s.lon IS NOT NULL
ORDER BY s.id
)sql";

constexpr const char* kSitesToReview = R"sql(
SELECT s.id, s.site_key, s.street_number, s.repetition_index, coalesce(s.street_type_label, s.street_type_code),
  s.street_name, s.postcode, coalesce(s.commune_name, s.cedex_office),
  s.lat, s.lon, s.geo_precision, s.geo_score, s.geo_label, s.geo_reason, g.insee, g.commune_source,
  g.street_match, g.named_insee
FROM site s JOIN site_geocode g ON g.site_id = s.id
WHERE s.archived_import_id IS NULL AND g.confidence = 'low' AND s.geocoded_address_hash IS s.address_hash
ORDER BY s.geo_score, s.id
LIMIT ?1
)sql";

constexpr const char* kPinSite = R"sql(
UPDATE site SET pinned_lat = ?2, pinned_lon = ?3, pinned_address_hash = address_hash,
  pinned_at = ?4, pinned_by = ?5, lat = ?2, lon = ?3, geo_precision = 'manual', geo_score = 1.0,
  geo_reason = NULL, geocoded_address_hash = address_hash
WHERE id = ?1
)sql";

// A pinned site was placed by a person: nothing left to review.
constexpr const char* kPinBasis = R"sql(
INSERT INTO site_geocode(site_id, insee, commune_source, street_match, confidence, named_insee)
VALUES(?1, NULL, 'manual', 'manual', 'high', NULL)
ON CONFLICT(site_id) DO UPDATE SET insee = NULL, commune_source = 'manual', street_match = 'manual',
  confidence = 'high', named_insee = NULL
)sql";

constexpr const char* kClearPin = R"sql(
UPDATE site SET pinned_lat = NULL, pinned_lon = NULL, pinned_address_hash = NULL,
  pinned_at = NULL, pinned_by = NULL, lat = NULL, lon = NULL, geo_precision = NULL,
  geo_score = NULL, geo_label = NULL, geo_reason = NULL, geocoded_address_hash = NULL
WHERE id = ?1
)sql";

}  // namespace

AddressStore::AddressStore(Database& db) : db_(db) {
    auto exists = db_.cached("SELECT count(*) FROM sqlite_master WHERE name = 'site_geocode'");
    exists.step();
    if (exists.column_int(0) == 0) db_.execute(kAddressSchemaV1);
}

std::int64_t AddressStore::address_count() {
    auto statement = db_.cached("SELECT count(*) FROM ban_address");
    statement.step();
    return statement.column_int64(0);
}

void AddressStore::replace_addresses(const std::vector<BanRecord>& rows,
                                     const std::vector<BanSourceInfo>& sources) {
    Transaction transaction(db_);
    std::set<std::string_view> communes;
    for (const auto& row : rows) communes.insert(row.insee);
    auto remove = db_.cached("DELETE FROM ban_address WHERE insee = ?1");
    for (const auto& insee : communes) remove.bind(1, insee).run();
    auto insert = db_.cached(kInsertAddress);
    for (const auto& row : rows) {
        insert.bind(1, row.id).bind(2, row.insee).bind(3, row.postcode).bind(4, row.commune_name)
            .bind(5, row.routing_label).bind(6, row.old_insee).bind(7, row.old_commune_name)
            .bind(8, row.street_name).bind(9, row.number).bind(10, row.repetition)
            .bind(11, row.lon).bind(12, row.lat);
        insert.run();
    }
    auto source = db_.cached(
        "INSERT INTO ban_source(file_name, rows, communes, loaded_at) "
        "VALUES(?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
        "ON CONFLICT(file_name) DO UPDATE SET rows = excluded.rows, communes = excluded.communes, "
        "loaded_at = excluded.loaded_at");
    for (const auto& info : sources) source.bind(1, info.file_name).bind(2, info.rows).bind(3, info.communes).run();
    bump_meta_counter(db_, "addresses_version");
    transaction.commit();
}

void AddressStore::for_each_address(const std::function<void(BanRecord&&)>& row) {
    auto select = db_.cached(kSelectAddresses);
    while (select.step()) {
        BanRecord record;
        record.id = select.column_text(0);
        record.insee = select.column_text(1);
        record.postcode = select.column_text(2);
        record.commune_name = select.column_text(3);
        record.routing_label = select.column_text(4);
        record.old_insee = select.column_text(5);
        record.old_commune_name = select.column_text(6);
        record.street_name = select.column_text(7);
        record.number = select.column_int(8);
        record.repetition = select.column_text(9);
        record.lon = select.column_double(10);
        record.lat = select.column_double(11);
        row(std::move(record));
    }
}

std::vector<SiteAddress> AddressStore::pending_sites(bool all) {
    std::vector<SiteAddress> sites;
    auto select = db_.cached(kPendingSites);
    select.bind(1, all ? 1 : 0);
    while (select.step()) {
        SiteAddress site;
        site.id = select.column_int64(0);
        site.address_hash = select.column_int64(1);
        std::string* fields[] = {&site.street_number, &site.repetition_index, &site.street_type_code,
                                 &site.street_type_label, &site.street_name, &site.geo_complement,
                                 &site.distribution_mention, &site.cedex_office, &site.postcode,
                                 &site.commune_code, &site.commune_name, &site.resolved_insee,
                                 &site.country_code};
        for (int i = 0; i < 13; ++i) *fields[i] = select.column_optional_text(2 + i).value_or("");
        site.pinned_lat = select.column_optional_double(15);
        site.pinned_lon = select.column_optional_double(16);
        sites.push_back(std::move(site));
    }
    return sites;
}

void AddressStore::save_results(const std::vector<SiteGeocode>& results) {
    Transaction transaction(db_);
    auto save = db_.cached(kSaveResult);
    auto basis = db_.cached(kSaveBasis);
    for (const auto& result : results) {
        save.bind(1, result.site_id).bind(2, result.lat).bind(3, result.lon).bind(4, result.precision)
            .bind(5, result.score).bind_text_or_null(6, result.label).bind_text_or_null(7, result.reason)
            .bind(8, result.address_hash);
        save.run();
        basis.bind(1, result.site_id).bind_text_or_null(2, result.insee).bind_text_or_null(3, result.commune_source)
            .bind_text_or_null(4, result.street_match).bind_text_or_null(5, result.confidence)
            .bind_text_or_null(6, result.named_insee)
            .run();
    }
    if (!results.empty()) bump_meta_counter(db_, "geocoding_version");
    transaction.commit();
}

std::vector<PositionedSite> AddressStore::positioned_sites() {
    std::vector<PositionedSite> sites;
    auto select = db_.cached(kPositionedSites);
    while (select.step()) {
        sites.push_back({select.column_int64(0), select.column_text(1), select.column_double(2),
                         select.column_double(3), select.column_optional_text(4).value_or("")});
    }
    return sites;
}

std::vector<SiteToReview> AddressStore::sites_to_review(std::size_t limit) {
    std::vector<SiteToReview> sites;
    auto select = db_.cached(kSitesToReview);
    select.bind(1, static_cast<std::int64_t>(limit));
    while (select.step()) {
        SiteToReview site;
        site.id = select.column_int64(0);
        site.site_key = select.column_text(1);
        // "12 B R DU SAUVAGE, 68100 MULHOUSE": the fields given, as the extract writes them.
        const auto joined = [&](int first, int last) {
            std::string text;
            for (int column = first; column <= last; ++column) {
                const std::string field = select.column_optional_text(column).value_or("");
                if (field.empty()) continue;
                if (!text.empty()) text += ' ';
                text += field;
            }
            return text;
        };
        const std::string street = joined(2, 5), locality = joined(6, 7);
        site.address = street + (street.empty() || locality.empty() ? "" : ", ") + locality;
        site.lat = select.column_optional_double(8);
        site.lon = select.column_optional_double(9);
        site.precision = select.column_optional_text(10).value_or("");
        site.score = select.column_optional_double(11).value_or(0);
        site.label = select.column_optional_text(12).value_or("");
        site.reason = select.column_optional_text(13).value_or("");
        site.insee = select.column_optional_text(14).value_or("");
        site.commune_source = select.column_optional_text(15).value_or("");
        site.street_match = select.column_optional_text(16).value_or("");
        site.named_insee = select.column_optional_text(17).value_or("");
        sites.push_back(std::move(site));
    }
    return sites;
}

std::optional<SiteSummary> AddressStore::find_site(std::int64_t id) {
    auto select = db_.cached(
        "SELECT id, archived_import_id IS NOT NULL, lat, lon, geo_precision, geo_label FROM site WHERE id = ?1");
    select.bind(1, id);
    if (!select.step()) return std::nullopt;
    return SiteSummary{select.column_int64(0), select.column_int(1) != 0, select.column_optional_double(2),
                       select.column_optional_double(3), select.column_optional_text(4).value_or(""),
                       select.column_optional_text(5).value_or("")};
}

std::vector<SitePosition> AddressStore::site_positions() {
    std::vector<SitePosition> sites;
    auto select = db_.cached(
        "SELECT s.id, s.site_key, s.lat, s.lon, s.geo_precision, s.geo_label, s.geo_reason, g.insee, "
        "g.commune_source, g.street_match, g.confidence, g.named_insee "
        "FROM site s LEFT JOIN site_geocode g ON g.site_id = s.id "
        "WHERE s.archived_import_id IS NULL ORDER BY s.id");
    while (select.step()) {
        SitePosition site;
        site.id = select.column_int64(0);
        site.site_key = select.column_text(1);
        site.lat = select.column_optional_double(2);
        site.lon = select.column_optional_double(3);
        std::string* texts[] = {&site.precision, &site.label, &site.reason, &site.insee, &site.commune_source,
                                &site.street_match, &site.confidence, &site.named_insee};
        for (int i = 0; i < 8; ++i) *texts[i] = select.column_optional_text(4 + i).value_or("");
        sites.push_back(std::move(site));
    }
    return sites;
}

void AddressStore::pin_site(std::int64_t id, double lat, double lon, const std::string& by, const std::string& at) {
    Transaction transaction(db_);
    write_pin(db_, id, lat, lon, by, at);
    transaction.commit();
}

void AddressStore::clear_pin(std::int64_t id) {
    Transaction transaction(db_);
    erase_pin(db_, id);
    transaction.commit();
}

void write_pin(Database& db, std::int64_t id, double lat, double lon, const std::string& by, const std::string& at) {
    auto pin = db.cached(kPinSite);
    pin.bind(1, id).bind(2, lat).bind(3, lon).bind(4, at).bind_text_or_null(5, by).run();
    db.cached(kPinBasis).bind(1, id).run();
    bump_meta_counter(db, "pins_version");
}

void erase_pin(Database& db, std::int64_t id) {
    auto clear = db.cached(kClearPin);
    clear.bind(1, id).run();
    db.cached("DELETE FROM site_geocode WHERE site_id = ?1").bind(1, id).run();
    bump_meta_counter(db, "pins_version");
}

std::string address_sources_fingerprint(Database& db) {
    auto exists = db.cached("SELECT count(*) FROM sqlite_master WHERE name = 'ban_source'");
    exists.step();
    if (exists.column_int(0) == 0) return {};
    auto sources = db.cached("SELECT file_name, rows, loaded_at FROM ban_source ORDER BY file_name");
    std::string out;
    while (sources.step()) {
        out += sources.column_text(0) + ":" + std::to_string(sources.column_int64(1)) + ":" + sources.column_text(2) + ";";
    }
    return out;
}

}  // namespace annuaire::store
