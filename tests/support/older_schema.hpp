// Databases as older versions of the program left them, for the tests of upgrades: the
// store's migrations must bring each one to the current schema with its data.
#pragma once

#include "store/database.hpp"

namespace annuaire::testing {

// Takes away what schema version 4 added (owner editing, issue 6): its tables, and the
// columns field_override gained (the corrections themselves are kept, as version 3 held
// them). Leaves user_version to the caller.
inline void drop_owner_editing(store::Database& db) {
    db.execute(
        "DROP TABLE account; DROP TABLE account_identity; DROP TABLE fiche_owner; DROP TABLE session;"
        "DROP TABLE one_time_token; DROP TABLE claim; DROP TABLE correction_proposal; DROP TABLE outbox;"
        "DROP TABLE audit_log; DROP TABLE owner_change; DROP TABLE import_job; DROP TABLE import_problem;"
        "CREATE TABLE field_override_v3(entity TEXT NOT NULL, entity_key TEXT NOT NULL, "
        "  field TEXT NOT NULL, value TEXT NOT NULL, declared_at TEXT NOT NULL, declared_by TEXT, "
        "  PRIMARY KEY(entity, entity_key, field)) WITHOUT ROWID;"
        "INSERT INTO field_override_v3 SELECT entity, entity_key, field, value, declared_at, declared_by FROM field_override;"
        "DROP TABLE field_override; ALTER TABLE field_override_v3 RENAME TO field_override;");
}

// Adds what schema versions 2 to 4 held and version 5 dropped: the view practice_text and
// the FTS5 index practice_fts over it (external content), filled. Leaves user_version to
// the caller.
inline void add_full_text_index_of_version_4(store::Database& db) {
    db.execute(R"sql(
CREATE VIEW practice_text(id, name, profession, specialties, site, commune) AS
SELECT p.id, coalesce(pr.first_name, '') || ' ' || pr.last_name,
  coalesce(pf.label, pr.profession_label, '') || ' ' || coalesce(sy.words, ''),
  (SELECT group_concat(coalesce(ps.label, ps.code) || ' ' || coalesce(ss.words, ''), ' ')
     FROM practitioner_specialty ps LEFT JOIN search_synonym ss ON ss.code = ps.code
    WHERE ps.practitioner_id = p.practitioner_id),
  coalesce(s.trade_name, '') || ' ' || coalesce(s.company_name, '') || ' ' ||
    coalesce(s.street_type_label, '') || ' ' || coalesce(s.street_name, ''),
  coalesce(c.name, s.commune_name, s.cedex_office, '') || ' ' || coalesce(s.postcode, '')
FROM practice p JOIN practitioner pr ON pr.id = p.practitioner_id JOIN site s ON s.id = p.site_id
LEFT JOIN profession pf ON pf.code = p.profession_code LEFT JOIN search_synonym sy ON sy.code = p.profession_code
LEFT JOIN commune c ON c.insee = s.resolved_insee
WHERE p.archived_import_id IS NULL;
CREATE VIRTUAL TABLE practice_fts USING fts5(name, profession, specialties, site, commune,
  content = 'practice_text', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3', detail = column, columnsize = 0);
INSERT INTO practice_fts(practice_fts) VALUES('rebuild');
)sql");
}

}  // namespace annuaire::testing
