// Tables of the offline geocoder (geo/): the BAN address index and what the
// geocoder found for each site. Part of schema version 1; executed by migrate().
// Every statement is idempotent (IF NOT EXISTS) so that AddressStore can also
// create these tables in a database made before they existed.
#pragma once

namespace annuaire::store {

inline constexpr const char* kAddressSchemaV1 = R"sql(
-- One row per BAN address point (per-department files adresses-XX.csv.gz).
-- Loading a file replaces every row of the communes it contains.
CREATE TABLE IF NOT EXISTS ban_address(
  id TEXT PRIMARY KEY,              -- BAN id, e.g. 68224_1750_00012_bis
  insee TEXT NOT NULL,              -- code_insee
  postcode TEXT NOT NULL,
  commune_name TEXT NOT NULL,
  routing_label TEXT NOT NULL,      -- libelle_acheminement
  old_insee TEXT NOT NULL,          -- code_insee_ancienne_commune ('' if none)
  old_commune_name TEXT NOT NULL,
  street_name TEXT NOT NULL,        -- nom_voie, as published
  number INTEGER NOT NULL,
  repetition TEXT NOT NULL,         -- canonical repetition index ('' if none)
  lon REAL NOT NULL,                -- WGS84
  lat REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ban_address_insee ON ban_address(insee);

-- The BAN files loaded, for reports.
CREATE TABLE IF NOT EXISTS ban_source(
  file_name TEXT PRIMARY KEY,
  rows INTEGER NOT NULL,
  communes INTEGER NOT NULL,
  loaded_at TEXT NOT NULL
) WITHOUT ROWID;

-- The commune the geocoder placed a site in (the importer's resolved_insee is
-- often empty); used to check positions against commune contours.
CREATE TABLE IF NOT EXISTS site_geocode(
  site_id INTEGER PRIMARY KEY,
  insee TEXT
);
)sql";

// Version 3: why the geocoder placed each site where it is (issue 8), one column each,
// added by migrate() to site_geocode. NULL for a site geocoded before version 3.
//   commune_source  code | postcode | label | cedex | importer | neighbour | none | manual
//   street_match    exact | name | fuzzy | ambiguous | none | manual
//   confidence      high | medium | low (low: for an administrator to review)
//   named_insee     the communes the address names first (its INSEE code's, else its
//                   postcode's, label's or CEDEX code's), space-separated; a site placed
//                   in another commune has site.geo_reason say why, first
inline constexpr const char* kGeocodeBasisColumns[][2] = {
    {"commune_source", "TEXT"},
    {"street_match", "TEXT"},
    {"confidence", "TEXT"},
    {"named_insee", "TEXT"},
};

}  // namespace annuaire::store
