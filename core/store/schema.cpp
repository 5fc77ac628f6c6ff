#include "store/schema.hpp"

#include "store/database.hpp"
#include "store/owner_store.hpp"
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

// Version 4: owner editing (issue 6). Accounts and what they may edit, sessions, the
// one-time links mailed, claims of fiches, corrections waiting for an admin, the outbox, the
// audit log, the log of owner edits a running server applies to its index, and imports
// as jobs with every problem line kept. Secrets are never stored: passwords as argon2id
// hashes, session cookies and mailed tokens as SHA-256 hashes.
constexpr const char* kOwnerSchemaV4 = R"sql(
-- People who log in: admins of the annuaire, and professionals who own their fiche.
CREATE TABLE account(
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,          -- lower-cased: the login
  role TEXT NOT NULL CHECK (role IN ('admin', 'owner')),
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'disabled')),
  password_hash TEXT,                  -- argon2id (libsodium crypto_pwhash_str); NULL until set
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  password_set_at TEXT,
  last_login_at TEXT,
  failed_logins INTEGER NOT NULL DEFAULT 0,   -- since the last success
  locked_until TEXT                           -- set after too many failures in a row
);

-- Identities an external provider vouches for (OpenID Connect, e.g. Pro Santé Connect):
-- issuer and subject name an account. None is linked yet; the table is the room left for it.
CREATE TABLE account_identity(
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES account(id),
  linked_at TEXT NOT NULL,
  PRIMARY KEY(issuer, subject)
) WITHOUT ROWID;

-- Which fiches (practitioners) an account may edit.
CREATE TABLE fiche_owner(
  practitioner_id TEXT NOT NULL REFERENCES practitioner(id),
  account_id INTEGER NOT NULL REFERENCES account(id),
  since TEXT NOT NULL,
  claim_id INTEGER,
  PRIMARY KEY(practitioner_id, account_id)
) WITHOUT ROWID;
CREATE INDEX fiche_owner_account ON fiche_owner(account_id);

-- Sessions: the cookie carries a random token, of which only the SHA-256 is kept.
CREATE TABLE session(
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,            -- absolute end
  last_seen_at TEXT NOT NULL,          -- an idle session ends too
  revoked_at TEXT,
  client_address TEXT
) WITHOUT ROWID;
CREATE INDEX session_account ON session(account_id);

-- The tokens of links sent by mail or printed (set a password, follow a claim): hashes only.
CREATE TABLE one_time_token(
  token_hash TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('set_password', 'claim_status')),
  account_id INTEGER REFERENCES account(id),
  claim_id INTEGER REFERENCES claim(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
) WITHOUT ROWID;

-- "Je suis ce professionnel": a request to own a fiche, and how it was decided.
CREATE TABLE claim(
  id INTEGER PRIMARY KEY,
  practitioner_id TEXT NOT NULL REFERENCES practitioner(id),
  claimant_name TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  message TEXT,
  -- awaiting_review: an admin decides; awaiting_activation: a link to set a password was
  -- mailed (to the MSSanté address, or after an admin's approval); activated: the account
  -- owns the fiche; rejected: with a reason.
  status TEXT NOT NULL CHECK (status IN ('awaiting_review', 'awaiting_activation', 'activated', 'rejected')),
  proof TEXT NOT NULL CHECK (proof IN ('mssante', 'admin')),
  mssante_email TEXT,                  -- where the activation link went
  account_id INTEGER REFERENCES account(id),
  created_at TEXT NOT NULL,
  client_address TEXT,
  decided_at TEXT,
  decided_by TEXT,
  reason TEXT,
  activated_at TEXT
);
CREATE INDEX claim_status ON claim(status, id);
CREATE INDEX claim_practitioner ON claim(practitioner_id);

-- Corrections of RPPS values that owners propose: an admin accepts or rejects each.
CREATE TABLE correction_proposal(
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL CHECK (entity IN ('practitioner', 'site')),
  entity_key TEXT NOT NULL,            -- practitioner id, or site_key
  practitioner_id TEXT NOT NULL,       -- the fiche it was proposed from
  field TEXT NOT NULL,
  value TEXT,                          -- NULL: remove the correction
  proposed_at TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES account(id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'replaced')),
  decided_at TEXT,
  decided_by TEXT,
  reason TEXT
);
CREATE INDEX correction_proposal_status ON correction_proposal(status, id);

-- Mail to send. No mail server is assumed: an SMTP relay drains this table (sent_at).
CREATE TABLE outbox(
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  kind TEXT NOT NULL,
  sent_at TEXT
);

-- Every change made through annuaire to owner data and to the directory: who, when, what,
-- the values before and after (JSON).
CREATE TABLE audit_log(
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,                 -- an account's e-mail, or "annuaire declare (user)", ...
  account_id INTEGER,
  action TEXT NOT NULL,                -- declarations.update, claim.approve, import.run, ...
  entity TEXT NOT NULL,
  entity_key TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  client_address TEXT
);
CREATE INDEX audit_entity ON audit_log(entity, entity_key);
CREATE INDEX audit_actor ON audit_log(actor);
CREATE INDEX audit_action ON audit_log(action);

-- The practices whose declarations changed, in commit order (site_id NULL: every practice
-- of the practitioner). A running server applies them to its index without a rebuild.
CREATE TABLE owner_change(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  practitioner_id TEXT NOT NULL,
  site_id INTEGER
);

-- Each import, from the console or the command line, and how it ended. A job left
-- 'running' by a process that is gone was interrupted: nothing of it was written.
CREATE TABLE import_job(
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('console', 'command line')),
  file_name TEXT NOT NULL,
  file_size INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  started_by TEXT NOT NULL,
  pid INTEGER,
  pid_start TEXT,                      -- the process's start time, so that a reused pid is not taken for it
  status TEXT NOT NULL CHECK (status IN ('running', 'imported', 'aborted', 'failed')),
  finished_at TEXT,
  import_id INTEGER,                   -- import_run.id once imported
  backup_file TEXT,
  report_json TEXT,
  error TEXT
);

-- Every rejected and duplicate line of an import, with its reason (the report lists 200).
CREATE TABLE import_problem(
  job_id INTEGER NOT NULL REFERENCES import_job(id),
  line INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('rejected', 'duplicate')),
  detail TEXT NOT NULL,
  PRIMARY KEY(job_id, kind, line)
) WITHOUT ROWID;

-- Corrections get an id, the RPPS value they were made against, and a conflict when a later
-- import changes that RPPS value: both are kept until an admin decides.
CREATE TABLE field_override_v4(
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL CHECK (entity IN ('practitioner', 'site')),
  entity_key TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  declared_at TEXT NOT NULL,
  declared_by TEXT,
  rpps_value TEXT,
  conflict_rpps_value TEXT,
  conflict_import_id INTEGER,
  UNIQUE(entity, entity_key, field)
);
INSERT INTO field_override_v4(entity, entity_key, field, value, declared_at, declared_by)
  SELECT entity, entity_key, field, value, declared_at, declared_by FROM field_override;
DROP TABLE field_override;
ALTER TABLE field_override_v4 RENAME TO field_override;
CREATE INDEX field_override_conflict ON field_override(conflict_import_id) WHERE conflict_import_id IS NOT NULL;
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

void drop_directory_indexes(Database& db) {
    for (const auto& [name, sql] : kDirectoryIndexes) db.execute(std::string("DROP INDEX IF EXISTS ") + name);
}

void create_directory_indexes(Database& db) {
    for (const auto& [name, sql] : kDirectoryIndexes) db.execute(sql);
}

void bump_meta_counter(Database& db, const char* key) {
    auto bump = db.prepare(
        "INSERT INTO meta(key, value) VALUES(?1, '1') "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)");
    bump.bind(1, key).run();
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
        // Version 2: two indexes that no query used are gone.
        db.execute("DROP INDEX IF EXISTS site_resolved_insee; DROP INDEX IF EXISTS activity_site;");
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
    if (version < 4) {
        db.execute(kOwnerSchemaV4);
        fill_correction_baselines(db);
    }
    if (version < 5) {
        // Version 5: no SQLite full-text index. Versions 1 to 4 kept an FTS5 table that
        // nothing read at run time (the server's in-memory text index answers every text
        // query); dropping it drops its shadow tables. The pages it held become free pages
        // of the file, which later writes reuse (VACUUM gives them back to the disk).
        db.execute("DROP TABLE IF EXISTS practice_fts; DROP VIEW IF EXISTS practice_text;");
    }
    db.execute("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    transaction.commit();
}

}  // namespace annuaire::store
