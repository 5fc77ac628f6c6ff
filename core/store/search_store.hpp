// Every SQL statement of the search API: reading the rows the in-memory search index
// (and the items it shows) is built from, the practitioner fiche, the rows of exports.
// (What owners declare is written by store/owner_store.hpp.)
#pragma once

#include "store/database.hpp"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <tuple>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace annuaire::store {

// One public practice as the search index needs it.
struct IndexedPractice {
    std::int64_t practice_id = 0;
    std::int64_t site_id = 0;
    std::string profession_code;
    std::string insee;                   // resolved commune, may be empty
    std::optional<double> lat, lon;      // pinned position wins over the geocoder
    std::string precision;
    std::string sort_name;               // last name, first name
    std::string last_name;               // as items show them (civility: the exercise one, else the other)
    std::optional<std::string> first_name, civility;
    std::string civility_code, exercise_civility_code;   // RPPS codes (M, MME, MLLE; DR, PR), empty when absent
    // carte_vitale, tiers_payant, pmr_access, home_visits, teleconsultation, telesoin:
    // -1 not declared, 0 no, 1 yes (order of search::kBooleanFields).
    std::array<int, 6> booleans{-1, -1, -1, -1, -1, -1};
    std::string conventionnement;
};

struct ReferenceLabels {
    std::map<std::string, std::string> professions, specialties, communes, territories;
    std::map<std::string, std::vector<std::string>> territory_communes;
};

// Opens a read-only connection for the search API, after checking the schema is this program's.
Database open_search_reader(const std::string& path);

// The meta table as "key=value;..." — data_version of the last import, declarations, etc.
std::string meta_fingerprint(Database& db);

void for_each_indexed_practice(Database& db, const std::function<void(const IndexedPractice&)>& fn);
// (practice id, practitioner id) of every public practice.
void for_each_practice_practitioner_id(Database& db, const std::function<void(std::int64_t, const std::string&)>& fn);
// (practice id, savoir-faire code, label as the extract gives it or the code).
void for_each_practice_specialty(Database& db,
                                 const std::function<void(std::int64_t, const std::string&, const std::string&)>& fn);
// (practice id, value) pairs: declared publics, declared acts.
void for_each_practice_public(Database& db, const std::function<void(std::int64_t, const std::string&)>& fn);
void for_each_practice_act(Database& db, const std::function<void(std::int64_t, const std::string&)>& fn);
// (practice id, RPPS exercise mode code: L, S, B, I) of the public activities of each practice.
void for_each_practice_mode(Database& db, const std::function<void(std::int64_t, const std::string&)>& fn);
void for_each_practice_hours(Database& db, const std::function<void(std::int64_t, int, int, int)>& fn);
ReferenceLabels load_reference_labels(Database& db);

// The owner_change log (what owners declared, practice by practice, in commit order): the
// last sequence number given (0 before any), and the first one still in the log (0 when
// it is empty). A reader that has applied up to N and finds first > N + 1 has lost some.
std::int64_t owner_change_sequence(Database& db);
std::int64_t first_owner_change(Database& db);
// What is declared now of a public practice, as the index holds it.
struct DeclaredPracticeRow {
    std::int64_t practice_id = 0;
    std::array<int, 6> booleans{-1, -1, -1, -1, -1, -1};   // as IndexedPractice::booleans
    std::string conventionnement;
    std::vector<std::string> publics, acts;
    std::vector<std::array<int, 3>> hours;                 // weekday, opens, closes
};
// Every public practice an owner_change after `after` names, once, in practice id order.
void for_each_changed_practice(Database& db, std::int64_t after, const std::function<void(const DeclaredPracticeRow&)>& fn);
// What a search item shows of a site (every site, archived ones too: the caller keeps those
// of its practices).
struct SiteItem {
    std::int64_t site_id = 0;
    std::optional<std::string> site_name;            // trade name, else company name
    std::string address_line;                        // number, repetition index, street type and name
    std::optional<std::string> complement, postcode;
    std::optional<std::string> commune;              // as the extract writes it (name, else CEDEX office)
    std::optional<std::string> insee;                // resolved commune
    std::optional<std::string> phone;
    std::string precision;                           // of the location: 'pinned', the geocoder's, or 'none'
};
void for_each_site_item(Database& db, const std::function<void(const SiteItem&)>& fn);
// Owner corrections (field_override) of public practices as (practice id, entity, field, value):
// those of the practitioner and of the site, practice by practice, then by entity and field.
void for_each_practice_correction(
    Database& db, const std::function<void(std::int64_t, const std::string&, const std::string&, const std::string&)>& fn);
// (site id, site text, commune text) of every public site: its names and street; its
// commune name and postcode.
void for_each_site_text(Database& db, const std::function<void(std::int64_t, const std::string&, const std::string&)>& fn);
// Profession and specialty code -> extra words it is found by ("kiné" for 70).
std::map<std::string, std::string> load_search_synonyms(Database& db);

// The fiche and health reads of one connection, their statements prepared once per connection
// (Database::cached); one per server thread at a time.
class SearchStore {
public:
    explicit SearchStore(Database& db);
    // The whole fiche of a practitioner, each value with its provenance; nullopt if unknown.
    std::optional<nlohmann::json> fiche(const std::string& practitioner_id);
    nlohmann::json health_counts();

private:
    Database& db_;
};

// What an export row shows beyond the search index: the site's e-mail (the owner's
// correction, else the RPPS value, as the fiche shows it) and the declared text fields.
struct ExportDetails {
    std::optional<std::string> email;
    // declared_practitioner: the practitioner's own, for every practice
    std::optional<std::string> practitioner_phone, practitioner_mssante_email, website, expertise, training;
    // declared_practice: for this practice
    std::optional<std::string> phone, mssante_email, appointment_url;
};

// The per-row reads of one export, on one connection, from one snapshot: a read
// transaction is opened on construction and ended on destruction, so every row sees
// the same commit however long the export takes to write. One reader per connection
// at a time; the connection must outlive it.
class ExportDetailsReader {
public:
    explicit ExportDetailsReader(Database& db);
    ~ExportDetailsReader();
    ExportDetailsReader(const ExportDetailsReader&) = delete;
    ExportDetailsReader& operator=(const ExportDetailsReader&) = delete;

    // The details of the practice of `practitioner_id` at `site_id` (all empty when the
    // site is unknown).
    void read(std::string_view practitioner_id, std::int64_t site_id, ExportDetails& out);

private:
    Database& db_;
    Statement details_;
};

// All public practices as (practitioner id, site id, site key), for the sample generator.
std::vector<std::tuple<std::string, std::int64_t, std::string, std::string>> list_public_practices(Database& db);

}  // namespace annuaire::store
