#include "store/reference_store.hpp"

namespace annuaire::store {

void replace_reference_data(Database& db, const reference::ReferenceData& data) {
    db.execute(
        "DELETE FROM commune; DELETE FROM postcode_commune; DELETE FROM cedex; "
        "DELETE FROM profession; DELETE FROM savoir_faire; DELETE FROM search_synonym;");
    auto commune = db.cached(
        "INSERT OR REPLACE INTO commune(insee, name, department, merged_into) VALUES(?1, ?2, ?3, ?4)");
    for (const auto& c : data.communes) {
        commune.bind(1, c.insee).bind(2, c.name).bind(3, c.department).bind_text_or_null(4, c.merged_into).run();
    }
    auto postcode = db.cached(
        "INSERT OR REPLACE INTO postcode_commune(postcode, insee, commune_name, routing_label) "
        "VALUES(?1, ?2, ?3, ?4)");
    for (const auto& p : data.postcodes) {
        postcode.bind(1, p.postcode).bind(2, p.insee).bind(3, p.commune_name).bind(4, p.routing_label).run();
    }
    auto cedex = db.cached("INSERT OR REPLACE INTO cedex(cedex, label, insee) VALUES(?1, ?2, ?3)");
    for (const auto& c : data.cedex_offices) cedex.bind(1, c.cedex).bind(2, c.label).bind(3, c.insee).run();
    auto profession = db.cached("INSERT OR REPLACE INTO profession(code, label) VALUES(?1, ?2)");
    for (const auto& p : data.professions) profession.bind(1, p.code).bind(2, p.label).run();
    auto savoir_faire = db.cached(
        "INSERT OR REPLACE INTO savoir_faire(code, type_code, label) VALUES(?1, ?2, ?3)");
    for (const auto& s : data.savoir_faire) savoir_faire.bind(1, s.code).bind(2, s.type_code).bind(3, s.label).run();
    auto synonym = db.cached("INSERT OR REPLACE INTO search_synonym(code, words) VALUES(?1, ?2)");
    for (const auto& [code, words] : data.synonyms) synonym.bind(1, code).bind(2, words).run();
}

void save_territory(Database& db, const TerritoryRecord& territory) {
    db.cached("INSERT INTO territory(id, name) VALUES(?1, ?2) "
               "ON CONFLICT(id) DO UPDATE SET name = excluded.name")
        .bind(1, territory.id).bind(2, territory.name).run();
    db.cached("DELETE FROM territory_commune WHERE territory_id = ?1").bind(1, territory.id).run();
    auto insert = db.cached("INSERT OR IGNORE INTO territory_commune(territory_id, insee) VALUES(?1, ?2)");
    for (const auto& insee : territory.insee_codes) insert.bind(1, territory.id).bind(2, insee).run();
}

}  // namespace annuaire::store
