#include "store/stats.hpp"

#include <nlohmann/json.hpp>

namespace annuaire::store {

namespace {

std::int64_t count(Database& db, const char* sql) {
    auto statement = db.cached(sql);
    statement.step();
    return statement.column_int64(0);
}

}  // namespace

nlohmann::json collect_stats(Database& db) {
    nlohmann::json stats;
    stats["practitioners"] = count(db, "SELECT count(*) FROM practitioner WHERE archived_import_id IS NULL");
    stats["archived"] = count(db, "SELECT count(*) FROM practitioner WHERE archived_import_id IS NOT NULL");
    stats["activities"] = count(db, "SELECT count(*) FROM activity WHERE archived_import_id IS NULL");
    stats["sites"] = count(db, "SELECT count(*) FROM site WHERE archived_import_id IS NULL");
    stats["practices"] = count(db, "SELECT count(*) FROM practice WHERE archived_import_id IS NULL");
    stats["practitioners_without_site"] = count(db,
        "SELECT count(*) FROM practitioner pr WHERE pr.archived_import_id IS NULL AND NOT EXISTS("
        "SELECT 1 FROM activity a WHERE a.practitioner_id = pr.id AND a.site_id IS NOT NULL "
        "AND a.archived_import_id IS NULL)");

    // manual: a position pinned by an admin; pending: never geocoded, or the
    // address changed since (the stored precision is then stale).
    nlohmann::json geocoded = {{"housenumber", 0}, {"interpolated", 0}, {"street", 0},
                               {"municipality", 0}, {"none", 0}, {"manual", 0}, {"pending", 0}};
    auto precision = db.cached(
        "SELECT CASE WHEN geo_precision IS NULL OR geocoded_address_hash IS NOT address_hash "
        "THEN 'pending' ELSE geo_precision END, count(*) FROM site "
        "WHERE archived_import_id IS NULL GROUP BY 1");
    while (precision.step()) geocoded[precision.column_text(0)] = precision.column_int64(1);
    stats["geocoded"] = geocoded;

    // Why the geocoded sites are where they are (site_geocode, schema version 3): where each
    // one's commune came from, how its street matched, how far to trust it. 'unrecorded':
    // geocoded by a version before these were recorded; 'manual': pinned.
    nlohmann::json commune = {{"code", 0}, {"postcode", 0}, {"label", 0}, {"cedex", 0}, {"importer", 0},
                              {"neighbour", 0}, {"none", 0}, {"manual", 0}, {"unrecorded", 0}};
    nlohmann::json street = {{"exact", 0}, {"name", 0}, {"fuzzy", 0}, {"ambiguous", 0}, {"none", 0},
                             {"manual", 0}, {"unrecorded", 0}};
    nlohmann::json confidence = {{"high", 0}, {"medium", 0}, {"low", 0}, {"unrecorded", 0}};
    auto basis = db.cached(
        "SELECT coalesce(g.commune_source, 'unrecorded'), coalesce(g.street_match, 'unrecorded'), "
        "coalesce(g.confidence, 'unrecorded'), count(*) FROM site s LEFT JOIN site_geocode g ON g.site_id = s.id "
        "WHERE s.archived_import_id IS NULL AND s.geo_precision IS NOT NULL "
        "AND s.geocoded_address_hash IS s.address_hash GROUP BY 1, 2, 3");
    const std::pair<nlohmann::json*, int> columns[] = {{&commune, 0}, {&street, 1}, {&confidence, 2}};
    while (basis.step()) {
        const std::int64_t n = basis.column_int64(3);
        for (const auto& [counts, column] : columns) {
            const std::string value = basis.column_text(column);
            (*counts)[value] = (counts->contains(value) ? (*counts)[value].get<std::int64_t>() : 0) + n;
        }
    }
    stats["geocoding"] = {{"commune_from", commune}, {"street_match", street}, {"confidence", confidence}};

    nlohmann::json imports = nlohmann::json::array();
    auto runs = db.cached(
        "SELECT id, file_name, sha256, started_at, finished_at, lines_read, lines_rejected, "
        "practitioners_added, practitioners_updated, practitioners_archived, "
        "practitioners_unchanged, territory_id FROM import_run ORDER BY id");
    while (runs.step()) {
        imports.push_back({{"id", runs.column_int64(0)},
                           {"file", runs.column_text(1)},
                           {"sha256", runs.column_text(2)},
                           {"started_at", runs.column_text(3)},
                           {"finished_at", runs.column_text(4)},
                           {"lines_read", runs.column_int64(5)},
                           {"lines_rejected", runs.column_int64(6)},
                           {"added", runs.column_int64(7)},
                           {"updated", runs.column_int64(8)},
                           {"archived", runs.column_int64(9)},
                           {"unchanged", runs.column_int64(10)},
                           {"territory", runs.column_optional_text(11).value_or("")}});
    }
    stats["imports"] = imports;
    return stats;
}

}  // namespace annuaire::store
