#include "store/declared_rows.hpp"

namespace annuaire::store {

namespace {

std::optional<std::string> optional_text(Statement& st, int column) {
    return st.is_null(column) ? std::nullopt : std::optional<std::string>(st.column_text(column));
}

}  // namespace

std::optional<StoredPractitionerDeclaration> read_declared_practitioner(Database& db, const std::string& practitioner_id) {
    auto st = db.cached(
        "SELECT phone, mssante_email, expertise, training, website, declared_at, declared_by "
        "FROM declared_practitioner WHERE practitioner_id = ?1");
    st.bind(1, practitioner_id);
    if (!st.step()) return std::nullopt;
    StoredPractitionerDeclaration row;
    for (std::size_t i = 0; i < row.texts.size(); ++i) row.texts[i] = optional_text(st, static_cast<int>(i));
    row.declared_at = st.column_text(5);
    row.declared_by = optional_text(st, 6);
    return row;
}

std::vector<StoredPracticeDeclaration> read_declared_practices(Database& db, const std::string& practitioner_id) {
    auto practice = db.cached(
        "SELECT site_id, phone, mssante_email, appointment_url, conventionnement, carte_vitale, tiers_payant, pmr_access, "
        "home_visits, teleconsultation, telesoin, declared_at, declared_by FROM declared_practice "
        "WHERE practitioner_id = ?1 ORDER BY site_id");
    auto publics = db.cached("SELECT public_code FROM declared_public WHERE practitioner_id = ?1 AND site_id = ?2 ORDER BY 1");
    auto acts = db.cached("SELECT act_code FROM declared_act WHERE practitioner_id = ?1 AND site_id = ?2 ORDER BY 1");
    auto hours = db.cached(
        "SELECT weekday, opens_minute, closes_minute FROM declared_opening_hours WHERE practitioner_id = ?1 AND site_id = ?2 "
        "ORDER BY weekday, opens_minute");
    const auto codes = [&](Statement& st, std::int64_t site_id) {
        std::vector<std::string> values;
        st.bind(1, practitioner_id).bind(2, site_id);
        while (st.step()) values.push_back(st.column_text(0));
        st.reset();
        return values;
    };
    std::vector<StoredPracticeDeclaration> rows;
    practice.bind(1, practitioner_id);
    while (practice.step()) {
        StoredPracticeDeclaration row;
        row.site_id = practice.column_int64(0);
        for (std::size_t i = 0; i < row.texts.size(); ++i) row.texts[i] = optional_text(practice, static_cast<int>(1 + i));
        for (std::size_t i = 0; i < row.booleans.size(); ++i) {
            const int column = static_cast<int>(1 + kDeclaredPracticeTexts + i);
            if (!practice.is_null(column)) row.booleans[i] = practice.column_int(column) != 0;
        }
        row.declared_at = practice.column_text(11);
        row.declared_by = optional_text(practice, 12);
        row.publics = codes(publics, row.site_id);
        row.acts = codes(acts, row.site_id);
        hours.bind(1, practitioner_id).bind(2, row.site_id);
        while (hours.step()) row.hours.push_back({hours.column_int(0), hours.column_int(1), hours.column_int(2)});
        hours.reset();
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace annuaire::store
