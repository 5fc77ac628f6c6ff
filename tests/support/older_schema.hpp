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

}  // namespace annuaire::testing
