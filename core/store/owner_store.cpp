#include "store/owner_store.hpp"

#include "store/declared_rows.hpp"
#include "store/schema.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <type_traits>

namespace annuaire::store {

namespace {

std::string now_utc() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm parts{};
    gmtime_r(&now, &parts);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return buffer;
}

// "08:30" for 510 (minutes since midnight, 0 to 1440).
std::string clock_text(int minute) {
    const auto two = [](int n) { return std::string(1, static_cast<char>('0' + n / 10)) + static_cast<char>('0' + n % 10); };
    return two(minute / 60) + ":" + two(minute % 60);
}

// The street line of a site as the fiche writes it: number, repetition index, street type, name.
constexpr const char* kAddressLineSql =
    "trim(coalesce(s.street_number || coalesce(s.repetition_index, '') || ' ', '') || "
    "coalesce(s.street_type_label || ' ', '') || coalesce(s.street_name, ''))";

// An SQL expression of the RPPS value that a correction of (entity, field, key) stands in
// for; the three arguments are SQL expressions (parameters or columns), never user text.
std::string rpps_value_sql(const std::string& entity, const std::string& field, const std::string& key) {
    const auto of_practitioner = [&](const std::string& column) {
        return "(SELECT " + column + " FROM practitioner WHERE id = " + key + ")";
    };
    const auto of_site = [&](const std::string& expression) {
        return "(SELECT " + expression + " FROM site s WHERE s.site_key = " + key + ")";
    };
    return "CASE WHEN " + entity + " = 'practitioner' THEN CASE " + field +
           " WHEN 'civility' THEN " + of_practitioner("civility_label") +
           " WHEN 'exercise_civility' THEN " + of_practitioner("exercise_civility_label") +
           " WHEN 'last_name' THEN " + of_practitioner("last_name") +
           " WHEN 'first_name' THEN " + of_practitioner("first_name") +
           " END ELSE CASE " + field +
           " WHEN 'site_name' THEN " + of_site("coalesce(s.trade_name, s.company_name)") +
           " WHEN 'phone' THEN " + of_site("s.phone") +
           " WHEN 'email' THEN " + of_site("s.email") +
           " WHEN 'address' THEN " +
           of_site(std::string("json_object('line', ") + kAddressLineSql +
                   ", 'complement', s.geo_complement, 'postcode', s.postcode, "
                   "'commune', coalesce(s.commune_name, s.cedex_office))") +
           " END END";
}

// Binds a Change to two parameters of an UPDATE written "column = CASE WHEN ?flag THEN ?value
// ELSE column END": the flag says whether the change names the column, the value is NULL
// when it clears it.
template <typename T>
void bind_change(Statement& st, int flag, const Change<T>& change) {
    st.bind(flag, change.named() ? 1 : 0);
    if (const auto* value = change.value()) {
        if constexpr (std::is_same_v<T, bool>) {
            st.bind(flag + 1, *value ? 1 : 0);
        } else {
            st.bind(flag + 1, *value);
        }
    } else {
        st.bind_null(flag + 1);
    }
}

// "column = CASE WHEN ?n THEN ?n+1 ELSE column END, ..." for columns from parameter `first` on.
std::string change_assignments(const std::vector<std::string>& columns, int first) {
    std::string sql;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const int flag = first + static_cast<int>(2 * i);
        sql += (i ? ", " : "") + columns[i] + " = CASE WHEN ?" + std::to_string(flag) + " THEN ?" + std::to_string(flag + 1) +
               " ELSE " + columns[i] + " END";
    }
    return sql;
}

}  // namespace

DeclarationSummary apply_declarations(Database& db, const DeclarationSet& set) {
    DeclarationSummary summary;
    auto log_change = db.cached("INSERT INTO owner_change(practitioner_id, site_id) VALUES(?1, ?2)");
    auto find_practitioner = db.cached("SELECT 1 FROM practitioner WHERE id = ?1");
    auto find_site_by_key = db.cached("SELECT id FROM site WHERE site_key = ?1");
    auto find_site = db.cached("SELECT 1 FROM site WHERE id = ?1");
    // A row first (when there is none), then only the named columns change.
    auto add_person = db.cached(
        "INSERT INTO declared_practitioner(practitioner_id, declared_at, declared_by) VALUES(?1, ?2, ?3) "
        "ON CONFLICT(practitioner_id) DO NOTHING");
    auto update_person = db.cached("UPDATE declared_practitioner SET declared_at = ?2, declared_by = ?3, " +
                                    change_assignments(kDeclaredPractitionerFields, 4) + " WHERE practitioner_id = ?1");
    auto add_practice = db.cached(
        "INSERT INTO declared_practice(practitioner_id, site_id, declared_at, declared_by) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(practitioner_id, site_id) DO NOTHING");
    auto update_practice = db.cached("UPDATE declared_practice SET declared_at = ?3, declared_by = ?4, " +
                                      change_assignments(kDeclaredPracticeFields, 5) +
                                      " WHERE practitioner_id = ?1 AND site_id = ?2");
    auto clear_publics = db.cached("DELETE FROM declared_public WHERE practitioner_id = ?1 AND site_id = ?2");
    auto clear_acts = db.cached("DELETE FROM declared_act WHERE practitioner_id = ?1 AND site_id = ?2");
    auto clear_hours = db.cached("DELETE FROM declared_opening_hours WHERE practitioner_id = ?1 AND site_id = ?2");
    auto add_public = db.cached("INSERT OR IGNORE INTO declared_public(practitioner_id, site_id, public_code) VALUES(?1, ?2, ?3)");
    auto add_act = db.cached("INSERT OR IGNORE INTO declared_act(practitioner_id, site_id, act_code) VALUES(?1, ?2, ?3)");
    auto add_hours = db.cached(
        "INSERT INTO declared_opening_hours(practitioner_id, site_id, weekday, opens_minute, closes_minute) "
        "VALUES(?1, ?2, ?3, ?4, ?5)");
    const auto require_practitioner = [&](const std::string& id) {
        find_practitioner.bind(1, id);
        const bool found = find_practitioner.step();
        find_practitioner.reset();
        if (!found) throw DatabaseError("unknown practitioner '" + id + "'");
    };
    for (const auto& d : set.practitioners) {
        require_practitioner(d.practitioner_id);
        add_person.bind(1, d.practitioner_id).bind(2, d.declared_at).bind(3, d.declared_by).run();
        update_person.bind(1, d.practitioner_id).bind(2, d.declared_at).bind(3, d.declared_by);
        const Change<std::string>* changes[] = {&d.phone, &d.mssante_email, &d.expertise, &d.training, &d.website};
        for (int i = 0; i < 5; ++i) bind_change(update_person, 4 + 2 * i, *changes[i]);
        update_person.run();
        log_change.bind(1, d.practitioner_id).bind_null(2).run();
        summary.last_owner_change = db.last_insert_rowid();
        ++summary.practitioners;
    }
    for (const auto& d : set.practices) {
        require_practitioner(d.practitioner_id);
        std::int64_t site_id = 0;
        if (d.site_key) {
            find_site_by_key.bind(1, *d.site_key);
            if (!find_site_by_key.step()) {
                find_site_by_key.reset();
                throw DatabaseError("unknown site_key '" + *d.site_key + "'");
            }
            site_id = find_site_by_key.column_int64(0);
            find_site_by_key.reset();
        } else {
            site_id = d.site_id.value_or(0);
            find_site.bind(1, site_id);
            const bool found = find_site.step();
            find_site.reset();
            if (!found) throw DatabaseError("unknown site_id " + std::to_string(site_id));
        }
        add_practice.bind(1, d.practitioner_id).bind(2, site_id).bind(3, d.declared_at).bind(4, d.declared_by).run();
        auto& st = update_practice;
        st.bind(1, d.practitioner_id).bind(2, site_id).bind(3, d.declared_at).bind(4, d.declared_by);
        const Change<std::string>* texts[] = {&d.phone, &d.mssante_email, &d.appointment_url, &d.conventionnement};
        for (int i = 0; i < 4; ++i) bind_change(st, 5 + 2 * i, *texts[i]);
        for (int i = 0; i < 6; ++i) bind_change(st, 13 + 2 * i, d.booleans[static_cast<std::size_t>(i)]);
        st.run();
        if (d.publics.named()) {
            clear_publics.bind(1, d.practitioner_id).bind(2, site_id).run();
            if (const auto* codes = d.publics.value()) {
                for (const auto& code : *codes) add_public.bind(1, d.practitioner_id).bind(2, site_id).bind(3, code).run();
            }
        }
        if (d.acts.named()) {
            clear_acts.bind(1, d.practitioner_id).bind(2, site_id).run();
            if (const auto* codes = d.acts.value()) {
                for (const auto& code : *codes) add_act.bind(1, d.practitioner_id).bind(2, site_id).bind(3, code).run();
            }
        }
        if (d.hours.named()) {
            clear_hours.bind(1, d.practitioner_id).bind(2, site_id).run();
            if (const auto* hours = d.hours.value()) {
                for (const auto& h : *hours) {
                    add_hours.bind(1, d.practitioner_id).bind(2, site_id).bind(3, h.weekday).bind(4, h.opens).bind(5, h.closes).run();
                }
            }
        }
        log_change.bind(1, d.practitioner_id).bind(2, site_id).run();
        summary.last_owner_change = db.last_insert_rowid();
        ++summary.practices;
    }
    auto site_key_of = db.cached("SELECT site_key FROM site WHERE id = ?1");
    for (const auto& c : set.corrections) {
        std::string entity = "site", key;
        if (c.practitioner_id) {
            require_practitioner(*c.practitioner_id);
            entity = "practitioner";
            key = *c.practitioner_id;
        } else if (c.site_key) {
            find_site_by_key.bind(1, *c.site_key);
            const bool found = find_site_by_key.step();
            find_site_by_key.reset();
            if (!found) throw DatabaseError("unknown site_key '" + *c.site_key + "'");
            key = *c.site_key;
        } else {
            site_key_of.bind(1, c.site_id.value_or(0));
            if (!site_key_of.step()) {
                site_key_of.reset();
                throw DatabaseError("unknown site_id " + std::to_string(c.site_id.value_or(0)));
            }
            key = site_key_of.column_text(0);
            site_key_of.reset();
        }
        if (!c.value.named()) continue;
        const auto* value = c.value.value();
        set_correction(db, entity, key, c.field, value ? std::optional<std::string>(*value) : std::nullopt, c.declared_at,
                       c.declared_by.value_or(""));
        ++summary.corrections;
    }
    return summary;
}

DeclarationSummary write_declarations(Database& db, const DeclarationSet& set, const std::string& actor) {
    Transaction transaction(db);
    // The practitioners the set touches, each audited once with what was declared before and after.
    std::vector<std::string> practitioners;
    const auto touch = [&](const std::string& id) {
        if (std::find(practitioners.begin(), practitioners.end(), id) == practitioners.end()) practitioners.push_back(id);
    };
    for (const auto& d : set.practitioners) touch(d.practitioner_id);
    for (const auto& d : set.practices) touch(d.practitioner_id);
    std::vector<nlohmann::json> before;
    for (const auto& id : practitioners) before.push_back(declarations_of(db, id));
    const auto summary = apply_declarations(db, set);
    const auto at = now_utc();
    for (std::size_t i = 0; i < practitioners.size(); ++i) {
        add_audit(db, {0, at, actor, std::nullopt, "declarations.update", "practitioner", practitioners[i], before[i].dump(),
                       declarations_of(db, practitioners[i]).dump(), std::nullopt});
    }
    transaction.commit();
    return summary;
}

nlohmann::json declarations_of(Database& db, const std::string& practitioner_id) {
    nlohmann::json out = nlohmann::json::object();
    const auto provenance = [](nlohmann::json& fields, const auto& row) {
        fields["declared_at"] = row.declared_at;
        if (row.declared_by) fields["declared_by"] = *row.declared_by;
    };
    if (const auto person = read_declared_practitioner(db, practitioner_id)) {
        nlohmann::json fields = nlohmann::json::object();
        for (std::size_t i = 0; i < person->texts.size(); ++i) {
            if (person->texts[i]) fields[kDeclaredPractitionerFields[i]] = *person->texts[i];
        }
        provenance(fields, *person);
        out["practitioner"] = fields;
    }
    nlohmann::json practices = nlohmann::json::object();
    for (const auto& practice : read_declared_practices(db, practitioner_id)) {
        nlohmann::json fields = nlohmann::json::object();
        for (std::size_t i = 0; i < practice.texts.size(); ++i) {
            if (practice.texts[i]) fields[kDeclaredPracticeFields[i]] = *practice.texts[i];
        }
        for (std::size_t i = 0; i < practice.booleans.size(); ++i) {
            if (practice.booleans[i]) fields[kDeclaredPracticeFields[kDeclaredPracticeTexts + i]] = *practice.booleans[i];
        }
        if (!practice.publics.empty()) fields["publics"] = practice.publics;
        if (!practice.acts.empty()) fields["acts"] = practice.acts;
        nlohmann::json slots = nlohmann::json::array();
        for (const auto& [weekday, opens, closes] : practice.hours) {
            slots.push_back({{"weekday", weekday}, {"opens", clock_text(opens)}, {"closes", clock_text(closes)}});
        }
        if (!slots.empty()) fields["opening_hours"] = slots;
        provenance(fields, practice);
        practices[std::to_string(practice.site_id)] = fields;
    }
    if (!practices.empty()) out["practices"] = practices;
    return out;
}

// ---- Corrections -----------------------------------------------------------------------

std::optional<std::string> rpps_value_of(Database& db, const std::string& entity, const std::string& entity_key,
                                         const std::string& field) {
    auto st = db.cached(std::string("SELECT ") + rpps_value_sql("?1", "?2", "?3"));
    st.bind(1, entity).bind(2, field).bind(3, entity_key);
    st.step();
    return st.column_optional_text(0);
}

void fill_correction_baselines(Database& db) {
    db.execute(std::string("UPDATE field_override SET rpps_value = ") +
               rpps_value_sql("field_override.entity", "field_override.field", "field_override.entity_key") +
               " WHERE rpps_value IS NULL");
}

std::vector<model::CorrectionBaseline> read_correction_baselines(Database& db) {
    auto rows = db.cached("SELECT o.id, o.entity, o.entity_key, o.field, o.value, o.rpps_value, o.conflict_rpps_value, " +
                           rpps_value_sql("o.entity", "o.field", "o.entity_key") +
                           ", o.conflict_import_id IS NOT NULL FROM field_override o ORDER BY o.id");
    std::vector<model::CorrectionBaseline> corrections;
    while (rows.step()) {
        corrections.push_back({rows.column_int64(0), rows.column_text(1), rows.column_text(2), rows.column_text(3),
                               rows.column_text(4), rows.column_optional_text(5), rows.column_optional_text(6),
                               rows.column_optional_text(7), rows.column_int64(8) != 0});
    }
    return corrections;
}

void flag_correction_conflicts(Database& db, const std::vector<model::CorrectionConflict>& conflicts,
                               std::int64_t import_id) {
    auto flag = db.cached("UPDATE field_override SET conflict_rpps_value = ?2, conflict_import_id = ?3 WHERE id = ?1");
    for (const auto& conflict : conflicts) flag.bind(1, conflict.id).bind(2, conflict.new_rpps_value).bind(3, import_id).run();
}

std::optional<std::string> set_correction(Database& db, const std::string& entity, const std::string& entity_key,
                                          const std::string& field, const std::optional<std::string>& value,
                                          const std::string& declared_at, const std::string& declared_by) {
    auto previous = db.cached("SELECT value FROM field_override WHERE entity = ?1 AND entity_key = ?2 AND field = ?3");
    previous.bind(1, entity).bind(2, entity_key).bind(3, field);
    std::optional<std::string> replaced;
    if (previous.step()) replaced = previous.column_text(0);
    previous.reset();
    if (value) {
        auto upsert = db.cached(
            "INSERT INTO field_override(entity, entity_key, field, value, declared_at, declared_by, rpps_value) "
            "VALUES(?1, ?3, ?2, ?4, ?5, ?6, " + rpps_value_sql("?1", "?2", "?3") + ") "
            "ON CONFLICT(entity, entity_key, field) DO UPDATE SET value = excluded.value, declared_at = excluded.declared_at, "
            "declared_by = excluded.declared_by, rpps_value = excluded.rpps_value, conflict_rpps_value = NULL, "
            "conflict_import_id = NULL");
        upsert.bind(1, entity).bind(2, field).bind(3, entity_key).bind(4, *value).bind(5, declared_at);
        if (declared_by.empty()) upsert.bind_null(6);
        else upsert.bind(6, declared_by);
        upsert.run();
    } else {
        auto remove = db.cached("DELETE FROM field_override WHERE entity = ?1 AND entity_key = ?2 AND field = ?3");
        remove.bind(1, entity).bind(2, entity_key).bind(3, field).run();
    }
    bump_meta_counter(db, "corrections_version");
    return replaced;
}

namespace {

CorrectionConflict conflict_from(Statement& st) {
    return {st.column_int64(0),          st.column_text(1),          st.column_text(2), st.column_text(3),
            st.column_text(4),           st.column_optional_text(5), st.column_optional_text(6),
            st.column_optional_int64(7).value_or(0)};
}

constexpr const char* kConflictColumns =
    "SELECT id, entity, entity_key, field, value, rpps_value, conflict_rpps_value, conflict_import_id FROM field_override ";

}  // namespace

std::vector<CorrectionConflict> list_conflicts(Database& db) {
    std::vector<CorrectionConflict> out;
    auto st = db.cached(std::string(kConflictColumns) + "WHERE conflict_import_id IS NOT NULL ORDER BY id");
    while (st.step()) out.push_back(conflict_from(st));
    return out;
}

std::optional<CorrectionConflict> find_conflict(Database& db, std::int64_t id) {
    auto st = db.cached(std::string(kConflictColumns) + "WHERE id = ?1 AND conflict_import_id IS NOT NULL");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return conflict_from(st);
}

void resolve_conflict(Database& db, std::int64_t id, bool keep_correction) {
    auto st = db.cached(keep_correction
                             ? "UPDATE field_override SET rpps_value = conflict_rpps_value, conflict_rpps_value = NULL, "
                               "conflict_import_id = NULL WHERE id = ?1"
                             : "DELETE FROM field_override WHERE id = ?1");
    st.bind(1, id).run();
    bump_meta_counter(db, "corrections_version");
}

namespace {

CorrectionProposal proposal_from(Statement& st) {
    CorrectionProposal p;
    p.id = st.column_int64(0);
    p.entity = st.column_text(1);
    p.entity_key = st.column_text(2);
    p.practitioner_id = st.column_text(3);
    p.field = st.column_text(4);
    p.value = st.column_optional_text(5);
    p.proposed_at = st.column_text(6);
    p.account_id = st.column_int64(7);
    p.status = st.column_text(8);
    p.decided_at = st.column_optional_text(9);
    p.decided_by = st.column_optional_text(10);
    p.reason = st.column_optional_text(11);
    return p;
}

constexpr const char* kProposalColumns =
    "SELECT id, entity, entity_key, practitioner_id, field, value, proposed_at, account_id, status, decided_at, decided_by, "
    "reason FROM correction_proposal ";

}  // namespace

std::int64_t add_proposal(Database& db, const CorrectionProposal& proposal) {
    auto replace = db.cached(
        "UPDATE correction_proposal SET status = 'replaced', decided_at = ?4 WHERE status = 'pending' AND entity = ?1 "
        "AND entity_key = ?2 AND field = ?3");
    replace.bind(1, proposal.entity).bind(2, proposal.entity_key).bind(3, proposal.field).bind(4, proposal.proposed_at).run();
    auto add = db.cached(
        "INSERT INTO correction_proposal(entity, entity_key, practitioner_id, field, value, proposed_at, account_id, status) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending')");
    add.bind(1, proposal.entity).bind(2, proposal.entity_key).bind(3, proposal.practitioner_id).bind(4, proposal.field)
        .bind(5, proposal.value).bind(6, proposal.proposed_at).bind(7, proposal.account_id).run();
    return db.last_insert_rowid();
}

std::vector<CorrectionProposal> list_proposals(Database& db, const std::string& status,
                                               std::optional<std::string> practitioner_id) {
    std::vector<CorrectionProposal> out;
    auto st = db.cached(std::string(kProposalColumns) +
                         "WHERE status = ?1 AND (?2 IS NULL OR practitioner_id = ?2) ORDER BY id");
    st.bind(1, status).bind(2, practitioner_id);
    while (st.step()) out.push_back(proposal_from(st));
    return out;
}

std::optional<CorrectionProposal> find_proposal(Database& db, std::int64_t id) {
    auto st = db.cached(std::string(kProposalColumns) + "WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return proposal_from(st);
}

void decide_proposal(Database& db, std::int64_t id, const std::string& status, const std::string& decided_at,
                     const std::string& decided_by, const std::optional<std::string>& reason) {
    auto st = db.cached("UPDATE correction_proposal SET status = ?2, decided_at = ?3, decided_by = ?4, reason = ?5 WHERE id = ?1");
    st.bind(1, id).bind(2, status).bind(3, decided_at).bind(4, decided_by).bind(5, reason).run();
}

// ---- Sites to review --------------------------------------------------------------------

namespace {

// The position of a site: the pin while its address is the one pinned, else the geocoder's.
constexpr const char* kSitePrecision =
    "CASE WHEN s.pinned_lat IS NOT NULL AND s.pinned_address_hash = s.address_hash THEN 'pinned' "
    "ELSE coalesce(s.geo_precision, 'none') END";
constexpr const char* kSiteLat =
    "CASE WHEN s.pinned_lat IS NOT NULL AND s.pinned_address_hash = s.address_hash THEN s.pinned_lat ELSE s.lat END";
constexpr const char* kSiteLon =
    "CASE WHEN s.pinned_lon IS NOT NULL AND s.pinned_address_hash = s.address_hash THEN s.pinned_lon ELSE s.lon END";

std::string review_sql(const std::string& where) {
    return std::string("SELECT s.id, s.site_key, coalesce(s.trade_name, s.company_name), ") + kAddressLineSql + ", s.postcode, "
           "coalesce(c.name, s.commune_name, s.cedex_office), s.resolved_insee, " + kSiteLat + ", " + kSiteLon + ", " +
           kSitePrecision +
           ", (SELECT count(*) FROM practice p WHERE p.site_id = s.id AND p.archived_import_id IS NULL) FROM site s "
           "LEFT JOIN commune c ON c.insee = s.resolved_insee WHERE s.archived_import_id IS NULL AND " + where;
}

ReviewSite review_site_from(Statement& st) {
    return {st.column_int64(0),          st.column_text(1),           st.column_optional_text(2),
            st.column_text(3),           st.column_optional_text(4),  st.column_optional_text(5),
            st.column_optional_text(6),  st.column_optional_double(7), st.column_optional_double(8),
            st.column_text(9),           st.column_int64(10)};
}

}  // namespace

std::vector<ReviewSite> sites_to_review(Database& db, const std::vector<std::string>& precisions, std::int64_t after_id,
                                        int limit) {
    // The precisions as a JSON array bound as one parameter: no SQL is built from them.
    const nlohmann::json wanted = precisions;
    auto st = db.cached(review_sql(std::string("s.id > ?1 AND ") + kSitePrecision +
                                    " IN (SELECT value FROM json_each(?2)) ORDER BY s.id LIMIT ?3"));
    st.bind(1, after_id).bind(2, wanted.dump()).bind(3, limit);
    std::vector<ReviewSite> out;
    while (st.step()) out.push_back(review_site_from(st));
    return out;
}

std::optional<ReviewSite> find_review_site(Database& db, std::int64_t id) {
    auto st = db.cached(review_sql("s.id = ?1"));
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return review_site_from(st);
}

}  // namespace annuaire::store
