#include "store/schema.hpp"

#include "store/database.hpp"
#include "store/schema_addresses.hpp"
#include "store/schema_search.hpp"

#include <string>

namespace annuaire::store {

namespace {

// Version 1. Conventions:
// - RPPS values are stored as the extract gives them (text, leading zeros kept);
//   empty fields are NULL.
// - Rows are never deleted by an import: a practitioner, site or activity that
//   leaves the extract gets archived_import_id set, and keeps its declared data.
// - content_hash columns hold a 64-bit hash of the RPPS fields of the row, so a
//   re-import can tell unchanged rows without comparing every column.
// - Everything a professional declares lives in declared_* and field_override
//   tables, keyed by natural keys, never in the RPPS columns.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE import_run(
  id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL,
  file_size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  header_columns INTEGER NOT NULL,
  territory_id TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  lines_read INTEGER NOT NULL,
  lines_rejected INTEGER NOT NULL,
  lines_outside_territory INTEGER NOT NULL,
  practitioners_added INTEGER NOT NULL,
  practitioners_updated INTEGER NOT NULL,
  practitioners_archived INTEGER NOT NULL,
  practitioners_unchanged INTEGER NOT NULL,
  report_json TEXT NOT NULL
);

-- Reference tables, loaded from data/reference.
CREATE TABLE profession(code TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE savoir_faire(code TEXT PRIMARY KEY, type_code TEXT, label TEXT NOT NULL);
CREATE TABLE commune(
  insee TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  department TEXT NOT NULL,
  merged_into TEXT            -- set for a delegated former commune
);
CREATE TABLE postcode_commune(
  postcode TEXT NOT NULL,
  insee TEXT NOT NULL,
  commune_name TEXT NOT NULL,
  routing_label TEXT NOT NULL,
  PRIMARY KEY(postcode, insee)
) WITHOUT ROWID;
-- Key columns first: SQLite 3.40's integrity_check misreads NOT NULL columns
-- placed between the key columns of a WITHOUT ROWID table.
CREATE TABLE cedex(
  cedex TEXT NOT NULL,
  insee TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY(cedex, insee)
) WITHOUT ROWID;

-- Extra words indexed with a profession or savoir-faire code (e.g. 70 -> kine).
CREATE TABLE search_synonym(code TEXT PRIMARY KEY, words TEXT NOT NULL);

CREATE TABLE territory(id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE territory_commune(
  territory_id TEXT NOT NULL REFERENCES territory(id),
  insee TEXT NOT NULL,
  PRIMARY KEY(territory_id, insee)
) WITHOUT ROWID;

CREATE TABLE practitioner(
  id TEXT PRIMARY KEY,                 -- Identifiant PP: RPPS (11 digits) or ADELI (9 digits)
  id_type TEXT NOT NULL,               -- '8' RPPS, '0' ADELI
  national_id TEXT,
  civility_code TEXT,
  civility_label TEXT,
  exercise_civility_code TEXT,
  exercise_civility_label TEXT,
  last_name TEXT NOT NULL,
  first_name TEXT,
  profession_code TEXT,
  profession_label TEXT,
  category_code TEXT,
  category_label TEXT,
  content_hash INTEGER NOT NULL,
  first_import_id INTEGER NOT NULL,
  updated_import_id INTEGER NOT NULL,
  archived_import_id INTEGER           -- NULL while the practitioner is public
) WITHOUT ROWID;

CREATE TABLE practitioner_specialty(
  practitioner_id TEXT NOT NULL REFERENCES practitioner(id),
  code TEXT NOT NULL,                  -- Code savoir-faire, e.g. SM54
  type_code TEXT,                      -- Code type savoir-faire, e.g. S, CEX
  type_label TEXT,
  label TEXT,
  PRIMARY KEY(practitioner_id, code)
) WITHOUT ROWID;

CREATE TABLE site(
  id INTEGER PRIMARY KEY,
  site_key TEXT NOT NULL,              -- unique: structure identifier, else 'address:'+hash of the address
  structure_id TEXT,
  former_structure_id TEXT,
  siret TEXT,
  siren TEXT,
  finess TEXT,
  finess_legal TEXT,
  company_name TEXT,
  trade_name TEXT,
  recipient_complement TEXT,
  geo_complement TEXT,
  street_number TEXT,
  repetition_index TEXT,
  street_type_code TEXT,
  street_type_label TEXT,
  street_name TEXT,
  distribution_mention TEXT,
  cedex_office TEXT,
  postcode TEXT,
  commune_code TEXT,                   -- as given by the extract (often empty)
  commune_name TEXT,
  country_code TEXT,
  country_name TEXT,
  phone TEXT,
  phone2 TEXT,
  fax TEXT,
  email TEXT,
  department_code TEXT,
  department_label TEXT,
  resolved_insee TEXT,                 -- commune resolved from code, postcode or CEDEX
  content_hash INTEGER NOT NULL,
  address_hash INTEGER NOT NULL,
  first_import_id INTEGER NOT NULL,
  updated_import_id INTEGER NOT NULL,
  archived_import_id INTEGER,
  -- Geocoding result (see geo/). precision: housenumber, interpolated, street,
  -- municipality, none; NULL until geocoded.
  lat REAL,
  lon REAL,
  geo_precision TEXT,
  geo_score REAL,
  geo_label TEXT,
  geo_reason TEXT,
  geocoded_address_hash INTEGER,
  -- A position pinned by an admin wins over the geocoder while address_hash == pinned_address_hash.
  pinned_lat REAL,
  pinned_lon REAL,
  pinned_address_hash INTEGER,
  pinned_at TEXT,
  pinned_by TEXT
);

CREATE TABLE activity(
  id INTEGER PRIMARY KEY,
  -- 64-bit hash of practitioner, site key, profession, mode, sector, role. Unique, but not
  -- indexed: only the importer looks it up, in memory.
  activity_key INTEGER NOT NULL,
  practitioner_id TEXT NOT NULL REFERENCES practitioner(id),
  site_id INTEGER REFERENCES site(id),  -- NULL: no public location
  profession_code TEXT,
  profession_label TEXT,
  mode_code TEXT,
  mode_label TEXT,
  sector_code TEXT,
  sector_label TEXT,
  pharmacist_section_code TEXT,
  pharmacist_section_label TEXT,
  role_code TEXT,
  role_label TEXT,
  activity_kind_code TEXT,
  activity_kind_label TEXT,
  registration_authority TEXT,
  content_hash INTEGER NOT NULL,
  first_import_id INTEGER NOT NULL,
  updated_import_id INTEGER NOT NULL,
  archived_import_id INTEGER
);

-- A practice is what search returns: one practitioner at one site, in one profession.
CREATE TABLE practice(
  id INTEGER PRIMARY KEY,
  practitioner_id TEXT NOT NULL REFERENCES practitioner(id),
  site_id INTEGER NOT NULL REFERENCES site(id),
  profession_code TEXT NOT NULL,
  archived_import_id INTEGER            -- unique (practitioner_id, site_id, profession_code)
);

-- Owner-declared data. Keys are natural keys that survive re-imports.
CREATE TABLE declared_practitioner(
  practitioner_id TEXT PRIMARY KEY REFERENCES practitioner(id),
  phone TEXT,
  mssante_email TEXT,
  expertise TEXT,
  training TEXT,
  website TEXT,
  declared_at TEXT NOT NULL,
  declared_by TEXT
) WITHOUT ROWID;

CREATE TABLE declared_practice(
  practitioner_id TEXT NOT NULL REFERENCES practitioner(id),
  site_id INTEGER NOT NULL REFERENCES site(id),
  phone TEXT,
  mssante_email TEXT,
  appointment_url TEXT,
  carte_vitale INTEGER CHECK (carte_vitale IN (0, 1)),
  conventionnement TEXT CHECK (conventionnement IN
      ('secteur_1', 'secteur_2', 'secteur_2_optam', 'non_conventionne')),
  tiers_payant INTEGER CHECK (tiers_payant IN (0, 1)),
  pmr_access INTEGER CHECK (pmr_access IN (0, 1)),
  home_visits INTEGER CHECK (home_visits IN (0, 1)),
  teleconsultation INTEGER CHECK (teleconsultation IN (0, 1)),
  telesoin INTEGER CHECK (telesoin IN (0, 1)),
  declared_at TEXT NOT NULL,
  declared_by TEXT,
  PRIMARY KEY(practitioner_id, site_id)
) WITHOUT ROWID;

-- Publics accepted (e.g. enfants, adolescents, adultes, personnes_agees, handicap).
CREATE TABLE declared_public(
  practitioner_id TEXT NOT NULL,
  site_id INTEGER NOT NULL,
  public_code TEXT NOT NULL,
  PRIMARY KEY(practitioner_id, site_id, public_code)
) WITHOUT ROWID;

-- Acts performed (free codes from a CPTS list, e.g. vaccination, ecg, frottis).
CREATE TABLE declared_act(
  practitioner_id TEXT NOT NULL,
  site_id INTEGER NOT NULL,
  act_code TEXT NOT NULL,
  PRIMARY KEY(practitioner_id, site_id, act_code)
) WITHOUT ROWID;

-- Weekly schedule: weekday 1 = Monday .. 7 = Sunday, minutes since midnight.
CREATE TABLE declared_opening_hours(
  practitioner_id TEXT NOT NULL,
  site_id INTEGER NOT NULL,
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens_minute INTEGER NOT NULL CHECK (opens_minute BETWEEN 0 AND 1439),
  closes_minute INTEGER NOT NULL CHECK (closes_minute BETWEEN 1 AND 1440),
  CHECK (opens_minute < closes_minute)
);
CREATE INDEX declared_opening_hours_practice ON declared_opening_hours(practitioner_id, site_id);

-- Corrections of RPPS values (e.g. a cabinet name or address), kept apart from them.
CREATE TABLE field_override(
  entity TEXT NOT NULL CHECK (entity IN ('practitioner', 'site')),
  entity_key TEXT NOT NULL,            -- practitioner id, or site_key
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  declared_at TEXT NOT NULL,
  declared_by TEXT,
  PRIMARY KEY(entity, entity_key, field)
) WITHOUT ROWID;
)sql";

// What search finds a practice by: the text of each public practice, made from the
// stored rows. The importer makes the same text from the extract's lines when it
// builds the index of a first import (ImportWriter), so both must agree.
constexpr const char* kPracticeTextView = R"sql(
CREATE VIEW practice_text(id, name, profession, specialties, site, commune) AS
SELECT p.id,
  coalesce(pr.first_name, '') || ' ' || pr.last_name,
  coalesce(pf.label, pr.profession_label, '') || ' ' || coalesce(sy.words, ''),
  (SELECT group_concat(coalesce(ps.label, ps.code) || ' ' || coalesce(ss.words, ''), ' ')
     FROM practitioner_specialty ps LEFT JOIN search_synonym ss ON ss.code = ps.code
    WHERE ps.practitioner_id = p.practitioner_id),
  coalesce(s.trade_name, '') || ' ' || coalesce(s.company_name, '') || ' ' ||
    coalesce(s.street_type_label, '') || ' ' || coalesce(s.street_name, ''),
  coalesce(c.name, s.commune_name, s.cedex_office, '') || ' ' || coalesce(s.postcode, '')
FROM practice p
JOIN practitioner pr ON pr.id = p.practitioner_id
JOIN site s ON s.id = p.site_id
LEFT JOIN profession pf ON pf.code = p.profession_code
LEFT JOIN search_synonym sy ON sy.code = p.profession_code
LEFT JOIN commune c ON c.insee = s.resolved_insee
WHERE p.archived_import_id IS NULL;
)sql";

// An external-content index over practice_text: FTS5 stores no copy of the text
// (a third of the index's size). The index must always hold exactly the rows of
// the view: whoever changes what the view shows first removes the old text with
// FTS5's 'delete' command, reading it from the view, then indexes the new text.
// detail = column: no word positions (so no phrase queries), a third less to build and store.
// columnsize = 0: no word count per practice (bm25() counts them from the text when asked;
// the server ranks its matches in memory), 1.8 million rows less to write.
constexpr const char* kPracticeFullTextTable = R"sql(
CREATE VIRTUAL TABLE practice_fts USING fts5(
  name, profession, specialties, site, commune,
  content = 'practice_text',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3',
  detail = column,
  columnsize = 0
);
)sql";

// Secondary indexes of the directory tables, kept apart from kSchemaV1 because
// an import into an empty directory drops them and builds them after its bulk
// load, in the same transaction: a sorted build is several times faster than
// millions of random B-tree inserts.
constexpr const char* kDirectoryIndexes[][2] = {
    {"site_key", "CREATE UNIQUE INDEX IF NOT EXISTS site_key ON site(site_key)"},
    {"activity_practitioner",
     "CREATE INDEX IF NOT EXISTS activity_practitioner ON activity(practitioner_id, site_id, profession_code)"},
    {"practice_key",
     "CREATE UNIQUE INDEX IF NOT EXISTS practice_key ON practice(practitioner_id, site_id, profession_code)"},
    {"practice_site", "CREATE INDEX IF NOT EXISTS practice_site ON practice(site_id)"},
};

int user_version(Database& db) {
    auto statement = db.prepare("PRAGMA user_version");
    statement.step();
    return statement.column_int(0);
}

bool has_column(Database& db, const char* table, const char* column) {
    auto columns = db.prepare("SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2");
    columns.bind(1, std::string_view(table)).bind(2, std::string_view(column));
    columns.step();
    return columns.column_int(0) > 0;
}

[[noreturn]] void refuse_newer_schema(Database& db, int version) {
    throw DatabaseError("database '" + db.path() + "' has schema version " + std::to_string(version) +
                        ", newer than this program (" + std::to_string(kSchemaVersion) + "): upgrade annuaire");
}

}  // namespace

void create_practice_full_text_table(Database& db) { db.execute(kPracticeFullTextTable); }

void rebuild_practice_full_text_index(Database& db) {
    db.execute("INSERT INTO practice_fts(practice_fts) VALUES('rebuild')");
}

const std::vector<std::string>& practice_full_text_shadow_tables() {
    // FTS5 keeps an index in these ordinary tables (sqlite.org/fts5.html, "shadow tables").
    static const std::vector<std::string> tables = {"practice_fts_data", "practice_fts_idx",
                                                    "practice_fts_config"};
    return tables;
}

void drop_directory_indexes(Database& db) {
    for (const auto& [name, sql] : kDirectoryIndexes) db.execute(std::string("DROP INDEX IF EXISTS ") + name);
}

void create_directory_indexes(Database& db) {
    for (const auto& [name, sql] : kDirectoryIndexes) db.execute(sql);
}

void configure_writer(Database& db) {
    db.execute(
        // Only takes effect on a new, empty file (WAL fixes the page size): 8 KiB pages
        // make a national import write fewer, fuller B-tree pages than the default 4 KiB.
        "PRAGMA page_size = 8192;"
        "PRAGMA journal_mode = WAL;"
        "PRAGMA synchronous = NORMAL;"
        "PRAGMA foreign_keys = OFF;"  // enforced by the importer; FK checks cost 30 % at scale
        "PRAGMA temp_store = FILE;"
        "PRAGMA cache_size = -262144;");  // 256 MiB
}

void require_current_schema(Database& db) {
    const int version = user_version(db);
    if (version == kSchemaVersion) return;
    if (version > kSchemaVersion) refuse_newer_schema(db, version);
    if (version > 0) {
        throw DatabaseError("database '" + db.path() + "' has schema version " + std::to_string(version) +
                            ", older than this program (" + std::to_string(kSchemaVersion) +
                            "): run `annuaire import`, `geocode`, `declare` or `pin` on it once, which upgrades it");
    }
    auto tables = db.prepare("SELECT count(*) FROM sqlite_schema");
    tables.step();
    if (tables.column_int64(0) == 0) {
        throw DatabaseError("database '" + db.path() + "' is empty: import an RPPS extract into it first (annuaire import)");
    }
    throw DatabaseError("'" + db.path() + "' is an SQLite database, but not an annuaire one (it has no annuaire schema version)");
}

void migrate(Database& db) {
    const int version = user_version(db);
    if (version == kSchemaVersion) return;
    if (version > kSchemaVersion) refuse_newer_schema(db, version);
    Transaction transaction(db);
    if (version == 0) {
        db.execute(kSchemaV1);
        create_directory_indexes(db);
        db.execute(kAddressSchemaV1);
        db.execute(kSearchSchemaV1);
    }
    if (version < 2) {
        // Version 2: the full-text index reads its text from practice_text instead of
        // keeping a copy; two indexes that no query used are gone.
        db.execute(
            "DROP TABLE IF EXISTS practice_fts;"
            "DROP INDEX IF EXISTS site_resolved_insee;"
            "DROP INDEX IF EXISTS activity_site;");
        db.execute(kPracticeTextView);
        create_practice_full_text_table(db);
        if (version > 0) rebuild_practice_full_text_index(db);
    }
    if (version < 3) {
        // Version 3: why each site was placed where it is. A database of version 1 may
        // predate the geocoder's tables.
        db.execute(kAddressSchemaV1);
        for (const auto& [column, type] : kGeocodeBasisColumns) {
            if (!has_column(db, "site_geocode", column)) {
                db.execute(std::string("ALTER TABLE site_geocode ADD COLUMN ") + column + " " + type);
            }
        }
    }
    db.execute("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    transaction.commit();
}

}  // namespace annuaire::store
