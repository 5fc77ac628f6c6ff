// The database schema and its migrations. The schema is the contract between
// the importer, the geocoder and the search API.
#pragma once

#include <string>

namespace annuaire::store {

class Database;

inline constexpr int kSchemaVersion = 5;

// Creates or migrates the schema to kSchemaVersion. Safe to call on every open.
void migrate(Database& db);
// For a connection that only reads, and so cannot migrate: throws, saying what to do,
// unless the database has the schema of this program.
void require_current_schema(Database& db);

// Counts one more change of `key` in the meta table, inside the caller's transaction. Every
// writer of what the search index holds (import, geocoding, pins, corrections) does, so that
// a running server rebuilds its index; owner declarations go through the owner_change log
// instead (store/owner_store.hpp), which the server applies without a rebuild.
void bump_meta_counter(Database& db, const char* key);

// Pragmas every read-write connection uses: WAL so that readers never wait for an import.
void configure_writer(Database& db);

// The secondary indexes of the practitioner, site, activity and practice tables.
// An import into an empty directory drops them before its bulk load and creates
// them after it, inside its transaction, so that no reader ever sees them missing.
void drop_directory_indexes(Database& db);
void create_directory_indexes(Database& db);

}  // namespace annuaire::store
