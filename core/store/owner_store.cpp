#include "store/owner_store.hpp"

#include <type_traits>

namespace annuaire::store {

namespace {

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

const std::vector<std::string> kPractitionerColumns = {"phone", "mssante_email", "expertise", "training", "website"};
// In the order of PracticeDeclaration: texts, then the booleans in search::kBooleanFields order.
const std::vector<std::string> kPracticeColumns = {"phone",        "mssante_email", "appointment_url",  "conventionnement",
                                                   "carte_vitale", "tiers_payant",  "pmr_access",       "home_visits",
                                                   "teleconsultation", "telesoin"};

}  // namespace

DeclarationSummary write_declarations(Database& db, const DeclarationSet& set) {
    Transaction transaction(db);
    DeclarationSummary summary;
    auto find_practitioner = db.prepare("SELECT 1 FROM practitioner WHERE id = ?1");
    auto find_site_by_key = db.prepare("SELECT id FROM site WHERE site_key = ?1");
    auto find_site = db.prepare("SELECT 1 FROM site WHERE id = ?1");
    // A row first (when there is none), then only the named columns change.
    auto add_person = db.prepare(
        "INSERT INTO declared_practitioner(practitioner_id, declared_at, declared_by) VALUES(?1, ?2, ?3) "
        "ON CONFLICT(practitioner_id) DO NOTHING");
    auto update_person = db.prepare("UPDATE declared_practitioner SET declared_at = ?2, declared_by = ?3, " +
                                    change_assignments(kPractitionerColumns, 4) + " WHERE practitioner_id = ?1");
    auto add_practice = db.prepare(
        "INSERT INTO declared_practice(practitioner_id, site_id, declared_at, declared_by) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(practitioner_id, site_id) DO NOTHING");
    auto update_practice = db.prepare("UPDATE declared_practice SET declared_at = ?3, declared_by = ?4, " +
                                      change_assignments(kPracticeColumns, 5) +
                                      " WHERE practitioner_id = ?1 AND site_id = ?2");
    auto clear_publics = db.prepare("DELETE FROM declared_public WHERE practitioner_id = ?1 AND site_id = ?2");
    auto clear_acts = db.prepare("DELETE FROM declared_act WHERE practitioner_id = ?1 AND site_id = ?2");
    auto clear_hours = db.prepare("DELETE FROM declared_opening_hours WHERE practitioner_id = ?1 AND site_id = ?2");
    auto add_public = db.prepare("INSERT OR IGNORE INTO declared_public(practitioner_id, site_id, public_code) VALUES(?1, ?2, ?3)");
    auto add_act = db.prepare("INSERT OR IGNORE INTO declared_act(practitioner_id, site_id, act_code) VALUES(?1, ?2, ?3)");
    auto add_hours = db.prepare(
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
        ++summary.practices;
    }
    auto site_key_of = db.prepare("SELECT site_key FROM site WHERE id = ?1");
    auto upsert_correction = db.prepare(
        "INSERT OR REPLACE INTO field_override(entity, entity_key, field, value, declared_at, declared_by) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    auto remove_correction = db.prepare("DELETE FROM field_override WHERE entity = ?1 AND entity_key = ?2 AND field = ?3");
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
        if (const auto* value = c.value.value()) {
            upsert_correction.bind(1, entity).bind(2, key).bind(3, c.field).bind(4, *value).bind(5, c.declared_at)
                .bind(6, c.declared_by).run();
        } else if (c.value.clears()) {
            remove_correction.bind(1, entity).bind(2, key).bind(3, c.field).run();
        }
        ++summary.corrections;
    }
    db.execute(
        "INSERT INTO meta(key, value) VALUES('declarations_version', '1') "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)");
    transaction.commit();
    return summary;
}

}  // namespace annuaire::store
