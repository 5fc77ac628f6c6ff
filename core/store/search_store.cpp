#include "store/search_store.hpp"

#include "store/declared_rows.hpp"
#include "store/schema.hpp"

#include <nlohmann/json.hpp>

#include <map>

namespace annuaire::store {

namespace {

// A pinned position wins while the address it was pinned for has not changed.
constexpr const char* kLat =
    "CASE WHEN s.pinned_lat IS NOT NULL AND s.pinned_address_hash = s.address_hash THEN s.pinned_lat ELSE s.lat END";
constexpr const char* kLon =
    "CASE WHEN s.pinned_lon IS NOT NULL AND s.pinned_address_hash = s.address_hash THEN s.pinned_lon ELSE s.lon END";
constexpr const char* kPrecision =
    "CASE WHEN s.pinned_lat IS NOT NULL AND s.pinned_address_hash = s.address_hash THEN 'pinned' "
    "ELSE coalesce(s.geo_precision, 'none') END";

// The page cache of a search read connection (32 MB), and the smaller one it has while an
// export reads through it: an export's reads are scattered over the whole file, so a large
// cache would only fill with pages read once.
constexpr const char* kReaderCacheSize = "PRAGMA cache_size = -32768";
constexpr const char* kExportCacheSize = "PRAGMA cache_size = -2048";

std::string indexed_practices_sql() {
    return std::string("SELECT p.id, p.site_id, p.profession_code, coalesce(s.resolved_insee, ''), ") + kLat +
           ", " + kLon + ", " + kPrecision +
           ", pr.last_name || ' ' || coalesce(pr.first_name, ''), "
           "dp.carte_vitale, dp.tiers_payant, dp.pmr_access, dp.home_visits, dp.teleconsultation, "
           "dp.telesoin, coalesce(dp.conventionnement, ''), "
           "pr.last_name, pr.first_name, coalesce(pr.exercise_civility_label, pr.civility_label), "
           "pr.civility_code, pr.exercise_civility_code "
           "FROM practice p JOIN practitioner pr ON pr.id = p.practitioner_id "
           "JOIN site s ON s.id = p.site_id "
           "LEFT JOIN declared_practice dp ON dp.practitioner_id = p.practitioner_id AND dp.site_id = p.site_id "
           "WHERE p.archived_import_id IS NULL";
}

std::string site_items_sql() {
    return std::string(
               "SELECT s.id, s.trade_name, s.company_name, s.street_number, s.repetition_index, s.street_type_label, "
               "s.street_name, s.geo_complement, s.postcode, coalesce(s.commune_name, s.cedex_office), s.resolved_insee, "
               "s.phone, ") +
           kPrecision + " FROM site s";
}

nlohmann::json text_or_null(Statement& st, int column) {
    if (st.is_null(column)) return nullptr;
    return st.column_text(column);
}

std::string join_address(Statement& st, int first) {
    // street_number, repetition_index, street_type_label, street_name
    std::string line;
    for (int i = first; i < first + 4; ++i) {
        if (st.is_null(i)) continue;
        const std::string part = st.column_text(i);
        if (part.empty()) continue;
        if (!line.empty() && i != first + 1) line += ' ';
        line += part;
    }
    return line;
}

// The first of two columns that is not NULL, or nullopt.
std::optional<std::string> first_not_null(Statement& st, int column, int fallback) {
    if (!st.is_null(column)) return st.column_text(column);
    return st.column_optional_text(fallback);
}

void for_each_pair(Database& db, const char* sql, const std::function<void(std::int64_t, const std::string&)>& fn) {
    auto st = db.cached(sql);
    while (st.step()) fn(st.column_int64(0), st.column_text(1));
}

}  // namespace

Database open_search_reader(const std::string& path) {
    Database db(path, OpenMode::read_only);
    require_current_schema(db);
    // No mmap: the first touch of each mapped page faults, and under load those faults
    // (and the address-space lock they take) made the 99th percentile twice as long.
    db.execute(kReaderCacheSize);
    return db;
}

std::string meta_fingerprint(Database& db) {
    auto st = db.cached("SELECT key, value FROM meta ORDER BY key");
    std::string out;
    while (st.step()) out += st.column_text(0) + "=" + st.column_text(1) + ";";
    return out;
}

void for_each_indexed_practice(Database& db, const std::function<void(const IndexedPractice&)>& fn) {
    auto st = db.cached(indexed_practices_sql());
    IndexedPractice row;
    while (st.step()) {
        row.practice_id = st.column_int64(0);
        row.site_id = st.column_int64(1);
        row.profession_code = st.column_text(2);
        row.insee = st.column_text(3);
        row.lat = st.column_optional_double(4);
        row.lon = st.column_optional_double(5);
        row.precision = st.column_text(6);
        row.sort_name = st.column_text(7);
        for (int i = 0; i < 6; ++i) row.booleans[i] = st.is_null(8 + i) ? -1 : st.column_int(8 + i);
        row.conventionnement = st.column_text(14);
        row.last_name = st.column_text(15);
        row.first_name = st.column_optional_text(16);
        row.civility = st.column_optional_text(17);
        row.civility_code = st.is_null(18) ? std::string() : st.column_text(18);
        row.exercise_civility_code = st.is_null(19) ? std::string() : st.column_text(19);
        fn(row);
    }
}

void for_each_practice_specialty(Database& db,
                                 const std::function<void(std::int64_t, const std::string&, const std::string&)>& fn) {
    auto st = db.cached(
        "SELECT p.id, ps.code, coalesce(ps.label, ps.code) FROM practice p JOIN practitioner_specialty ps "
        "ON ps.practitioner_id = p.practitioner_id WHERE p.archived_import_id IS NULL");
    while (st.step()) fn(st.column_int64(0), st.column_text(1), st.column_text(2));
}

void for_each_practice_public(Database& db, const std::function<void(std::int64_t, const std::string&)>& fn) {
    for_each_pair(db,
                  "SELECT p.id, d.public_code FROM practice p JOIN declared_public d "
                  "ON d.practitioner_id = p.practitioner_id AND d.site_id = p.site_id "
                  "WHERE p.archived_import_id IS NULL",
                  fn);
}

void for_each_practice_act(Database& db, const std::function<void(std::int64_t, const std::string&)>& fn) {
    for_each_pair(db,
                  "SELECT p.id, d.act_code FROM practice p JOIN declared_act d "
                  "ON d.practitioner_id = p.practitioner_id AND d.site_id = p.site_id "
                  "WHERE p.archived_import_id IS NULL",
                  fn);
}

void for_each_practice_mode(Database& db, const std::function<void(std::int64_t, const std::string&)>& fn) {
    // The activities of a practice: same practitioner, site and profession.
    for_each_pair(db,
                  "SELECT p.id, a.mode_code FROM practice p JOIN activity a ON a.practitioner_id = p.practitioner_id "
                  "AND a.site_id = p.site_id AND a.profession_code = p.profession_code "
                  "WHERE p.archived_import_id IS NULL AND a.archived_import_id IS NULL AND a.mode_code IS NOT NULL",
                  fn);
}

void for_each_practice_hours(Database& db, const std::function<void(std::int64_t, int, int, int)>& fn) {
    auto st = db.cached(
        "SELECT p.id, h.weekday, h.opens_minute, h.closes_minute FROM practice p "
        "JOIN declared_opening_hours h ON h.practitioner_id = p.practitioner_id AND h.site_id = p.site_id "
        "WHERE p.archived_import_id IS NULL");
    while (st.step()) fn(st.column_int64(0), st.column_int(1), st.column_int(2), st.column_int(3));
}

ReferenceLabels load_reference_labels(Database& db) {
    ReferenceLabels labels;
    const auto load = [&](const char* sql, std::map<std::string, std::string>& into) {
        auto st = db.cached(sql);
        while (st.step()) into[st.column_text(0)] = st.column_text(1);
    };
    load("SELECT code, label FROM profession", labels.professions);
    load("SELECT code, label FROM savoir_faire", labels.specialties);
    load("SELECT insee, name FROM commune", labels.communes);
    load("SELECT id, name FROM territory", labels.territories);
    auto st = db.cached("SELECT territory_id, insee FROM territory_commune");
    while (st.step()) labels.territory_communes[st.column_text(0)].push_back(st.column_text(1));
    return labels;
}

void for_each_site_text(Database& db, const std::function<void(std::int64_t, const std::string&, const std::string&)>& fn) {
    auto st = db.cached(
        "SELECT s.id, coalesce(s.trade_name, '') || ' ' || coalesce(s.company_name, '') || ' ' || "
        "coalesce(s.street_type_label, '') || ' ' || coalesce(s.street_name, ''), "
        "coalesce(c.name, s.commune_name, s.cedex_office, '') || ' ' || coalesce(s.postcode, '') "
        "FROM site s LEFT JOIN commune c ON c.insee = s.resolved_insee WHERE s.archived_import_id IS NULL");
    while (st.step()) fn(st.column_int64(0), st.column_text(1), st.column_text(2));
}

void for_each_site_item(Database& db, const std::function<void(const SiteItem&)>& fn) {
    auto st = db.cached(site_items_sql());
    SiteItem row;
    while (st.step()) {
        row.site_id = st.column_int64(0);
        row.site_name = first_not_null(st, 1, 2);
        row.address_line = join_address(st, 3);
        row.complement = st.column_optional_text(7);
        row.postcode = st.column_optional_text(8);
        row.commune = st.column_optional_text(9);
        row.insee = st.column_optional_text(10);
        row.phone = st.column_optional_text(11);
        row.precision = st.column_text(12);
        fn(row);
    }
}

void for_each_practice_correction(
    Database& db, const std::function<void(std::int64_t, const std::string&, const std::string&, const std::string&)>& fn) {
    auto st = db.cached(
        "SELECT p.id, o.entity, o.field, o.value FROM field_override o JOIN practice p ON p.practitioner_id = o.entity_key "
        "WHERE o.entity = 'practitioner' AND p.archived_import_id IS NULL "
        "UNION ALL SELECT p.id, o.entity, o.field, o.value FROM field_override o JOIN site s ON s.site_key = o.entity_key "
        "JOIN practice p ON p.site_id = s.id WHERE o.entity = 'site' AND p.archived_import_id IS NULL "
        "ORDER BY 1, 2, 3");
    while (st.step()) fn(st.column_int64(0), st.column_text(1), st.column_text(2), st.column_text(3));
}

std::map<std::string, std::string> load_search_synonyms(Database& db) {
    std::map<std::string, std::string> synonyms;
    auto st = db.cached("SELECT code, words FROM search_synonym");
    while (st.step()) synonyms[st.column_text(0)] = st.column_text(1);
    return synonyms;
}

SearchStore::SearchStore(Database& db) : db_(db) {}

nlohmann::json SearchStore::health_counts() {
    nlohmann::json counts;
    const auto count = [&](const char* sql) {
        auto st = db_.cached(sql);
        st.step();
        return st.column_int64(0);
    };
    counts["practitioners"] = count("SELECT count(*) FROM practitioner WHERE archived_import_id IS NULL");
    counts["practices"] = count("SELECT count(*) FROM practice WHERE archived_import_id IS NULL");
    counts["sites"] = count("SELECT count(*) FROM site WHERE archived_import_id IS NULL");
    auto last = db_.cached("SELECT finished_at, file_name FROM import_run ORDER BY id DESC LIMIT 1");
    if (last.step()) counts["last_import"] = {{"finished_at", last.column_text(0)}, {"file", last.column_text(1)}};
    else counts["last_import"] = nullptr;
    return counts;
}

std::optional<nlohmann::json> SearchStore::fiche(const std::string& practitioner_id) {
    auto person = db_.cached(
        "SELECT pr.id, pr.id_type, pr.civility_label, pr.exercise_civility_label, pr.last_name, pr.first_name, "
        "pr.profession_code, pr.profession_label, pr.category_label, pr.archived_import_id, "
        "r.finished_at, r.file_name FROM practitioner pr LEFT JOIN import_run r ON r.id = pr.updated_import_id "
        "WHERE pr.id = ?1");
    person.bind(1, practitioner_id);
    if (!person.step() || !person.is_null(9)) return std::nullopt;
    const nlohmann::json rpps_source = {{"source", "rpps"},
                                        {"extract", text_or_null(person, 11)},
                                        {"date", text_or_null(person, 10)}};
    const auto rpps = [&](nlohmann::json value) {
        nlohmann::json field = rpps_source;
        field["value"] = std::move(value);
        return field;
    };
    nlohmann::json fiche;
    fiche["id"] = practitioner_id;
    fiche["id_type"] = person.column_text(1) == "8" ? "RPPS" : "ADELI";
    fiche["civility"] = rpps(text_or_null(person, 2));
    fiche["exercise_civility"] = rpps(text_or_null(person, 3));
    fiche["last_name"] = rpps(person.column_text(4));
    fiche["first_name"] = rpps(text_or_null(person, 5));
    fiche["profession"] = rpps({{"code", text_or_null(person, 6)}, {"label", text_or_null(person, 7)}});
    fiche["category"] = rpps(text_or_null(person, 8));
    // Owner corrections: the corrected value is shown, the RPPS one stays beside it.
    auto corrections = db_.cached(
        "SELECT field, value, declared_at, declared_by FROM field_override WHERE entity = ?1 AND entity_key = ?2");
    const auto apply_corrections = [&](nlohmann::json& target, const char* entity, const std::string& key) {
        corrections.bind(1, entity).bind(2, key);
        while (corrections.step()) {
            const auto field = corrections.column_text(0);
            if (!target.contains(field)) continue;   // not a field of this fiche (checked when written)
            nlohmann::json rpps_field = std::move(target[field]);
            target[field] = {{"value", corrections.column_text(1)}, {"source", "override"},
                             {"date", corrections.column_text(2)}, {"declared_by", text_or_null(corrections, 3)},
                             {"rpps", std::move(rpps_field)}};
        }
        corrections.reset();
    };
    apply_corrections(fiche, "practitioner", practitioner_id);

    nlohmann::json specialties = nlohmann::json::array();
    auto sp = db_.cached(
        "SELECT ps.code, coalesce(sf.label, ps.label, ps.code), ps.type_label FROM practitioner_specialty ps "
        "LEFT JOIN savoir_faire sf ON sf.code = ps.code WHERE ps.practitioner_id = ?1 ORDER BY ps.code");
    sp.bind(1, practitioner_id);
    while (sp.step()) specialties.push_back({{"code", sp.column_text(0)}, {"label", sp.column_text(1)}, {"type", text_or_null(sp, 2)}});
    fiche["specialties"] = rpps(specialties);

    const auto declared = [](nlohmann::json value, const auto& row) {
        return nlohmann::json{{"value", std::move(value)}, {"source", "declared"}, {"date", row.declared_at},
                              {"declared_by", row.declared_by ? nlohmann::json(*row.declared_by) : nlohmann::json()}};
    };
    nlohmann::json declared_person = nlohmann::json::object();
    if (const auto person = read_declared_practitioner(db_, practitioner_id)) {
        for (std::size_t i = 0; i < person->texts.size(); ++i) {
            if (person->texts[i]) declared_person[kDeclaredPractitionerFields[i]] = declared(*person->texts[i], *person);
        }
    }
    fiche["declared"] = declared_person;

    nlohmann::json practices = nlohmann::json::array();
    auto pr = db_.cached(std::string(
        "SELECT p.id, p.site_id, p.profession_code, coalesce(pf.label, ''), s.trade_name, s.company_name, "
        "s.street_number, s.repetition_index, s.street_type_label, s.street_name, s.geo_complement, s.postcode, "
        "coalesce(c.name, s.commune_name, s.cedex_office), s.resolved_insee, s.phone, s.email, s.siret, s.finess, ") +
        kLat + ", " + kLon + ", " + kPrecision +
        ", (SELECT group_concat(DISTINCT coalesce(a.mode_label, '')) FROM activity a WHERE a.practitioner_id = p.practitioner_id "
        "AND a.site_id = p.site_id AND a.archived_import_id IS NULL), s.site_key "
        "FROM practice p JOIN site s ON s.id = p.site_id LEFT JOIN profession pf ON pf.code = p.profession_code "
        "LEFT JOIN commune c ON c.insee = s.resolved_insee "
        "WHERE p.practitioner_id = ?1 AND p.archived_import_id IS NULL ORDER BY p.id");
    std::map<std::int64_t, StoredPracticeDeclaration> declared_at_site;
    for (auto& row : read_declared_practices(db_, practitioner_id)) declared_at_site.emplace(row.site_id, std::move(row));
    pr.bind(1, practitioner_id);
    while (pr.step()) {
        const std::int64_t site_id = pr.column_int64(1);
        nlohmann::json practice;
        practice["site_id"] = site_id;
        practice["profession"] = rpps({{"code", pr.column_text(2)}, {"label", pr.column_text(3)}});
        practice["mode"] = rpps(text_or_null(pr, 21));
        practice["site_name"] = rpps(pr.is_null(4) ? text_or_null(pr, 5) : text_or_null(pr, 4));
        practice["address"] = rpps({{"line", join_address(pr, 6)}, {"complement", text_or_null(pr, 10)},
                                    {"postcode", text_or_null(pr, 11)}, {"commune", text_or_null(pr, 12)},
                                    {"insee", text_or_null(pr, 13)}});
        practice["phone"] = rpps(text_or_null(pr, 14));
        practice["email"] = rpps(text_or_null(pr, 15));
        practice["siret"] = rpps(text_or_null(pr, 16));
        practice["finess"] = rpps(text_or_null(pr, 17));
        apply_corrections(practice, "site", pr.column_text(22));
        if (!pr.is_null(18) && !pr.is_null(19)) {
            practice["location"] = {{"lat", pr.column_double(18)}, {"lon", pr.column_double(19)},
                                    {"precision", pr.column_text(20)}, {"source", "geocoder"}};
        } else {
            practice["location"] = nullptr;
        }
        nlohmann::json owner = nlohmann::json::object();
        if (const auto found = declared_at_site.find(site_id); found != declared_at_site.end()) {
            const auto& row = found->second;
            for (std::size_t i = 0; i < row.texts.size(); ++i) {
                if (row.texts[i]) owner[kDeclaredPracticeFields[i]] = declared(*row.texts[i], row);
            }
            for (std::size_t i = 0; i < row.booleans.size(); ++i) {
                if (row.booleans[i]) owner[kDeclaredPracticeFields[kDeclaredPracticeTexts + i]] = declared(*row.booleans[i], row);
            }
            if (!row.publics.empty()) owner["publics"] = declared(row.publics, row);
            if (!row.acts.empty()) owner["acts"] = declared(row.acts, row);
            nlohmann::json h = nlohmann::json::array();
            for (const auto& [weekday, opens, closes] : row.hours) {
                h.push_back({{"weekday", weekday}, {"opens_minute", opens}, {"closes_minute", closes}});
            }
            if (!h.empty()) owner["opening_hours"] = declared(h, row);
        }
        practice["declared"] = owner;
        practices.push_back(std::move(practice));
    }
    fiche["practices"] = practices;
    return fiche;
}

std::int64_t owner_change_sequence(Database& db) {
    // AUTOINCREMENT keeps the last number given in sqlite_sequence, even once the log is emptied.
    auto st = db.cached("SELECT seq FROM sqlite_sequence WHERE name = 'owner_change'");
    return st.step() ? st.column_int64(0) : 0;
}

void for_each_practice_practitioner_id(Database& db, const std::function<void(std::int64_t, const std::string&)>& fn) {
    auto st = db.cached("SELECT id, practitioner_id FROM practice WHERE archived_import_id IS NULL");
    while (st.step()) fn(st.column_int64(0), st.column_text(1));
}

std::int64_t first_owner_change(Database& db) {
    auto st = db.cached("SELECT coalesce(min(seq), 0) FROM owner_change");
    st.step();
    return st.column_int64(0);
}

void for_each_changed_practice(Database& db, std::int64_t after, const std::function<void(const DeclaredPracticeRow&)>& fn) {
    auto practices = db.cached(
        "SELECT DISTINCT p.id, p.practitioner_id, p.site_id, dp.carte_vitale, dp.tiers_payant, dp.pmr_access, "
        "dp.home_visits, dp.teleconsultation, dp.telesoin, coalesce(dp.conventionnement, '') "
        // CROSS JOIN keeps the log outside: the few new entries lead to their practices by index
        // (the planner would otherwise scan every practice, 0.3 s on the national database).
        "FROM owner_change c CROSS JOIN practice p ON p.practitioner_id = c.practitioner_id "
        "AND (c.site_id IS NULL OR p.site_id = c.site_id) "
        "LEFT JOIN declared_practice dp ON dp.practitioner_id = p.practitioner_id AND dp.site_id = p.site_id "
        "WHERE c.seq > ?1 AND p.archived_import_id IS NULL ORDER BY p.id");
    auto publics = db.cached("SELECT public_code FROM declared_public WHERE practitioner_id = ?1 AND site_id = ?2");
    auto acts = db.cached("SELECT act_code FROM declared_act WHERE practitioner_id = ?1 AND site_id = ?2");
    auto hours = db.cached(
        "SELECT weekday, opens_minute, closes_minute FROM declared_opening_hours WHERE practitioner_id = ?1 AND site_id = ?2");
    practices.bind(1, after);
    DeclaredPracticeRow row;
    while (practices.step()) {
        row.practice_id = practices.column_int64(0);
        const auto practitioner = practices.column_text(1);
        const auto site = practices.column_int64(2);
        for (int i = 0; i < 6; ++i) row.booleans[static_cast<std::size_t>(i)] = practices.is_null(3 + i) ? -1 : practices.column_int(3 + i);
        row.conventionnement = practices.column_text(9);
        row.publics.clear();
        row.acts.clear();
        row.hours.clear();
        publics.bind(1, practitioner).bind(2, site);
        while (publics.step()) row.publics.push_back(publics.column_text(0));
        publics.reset();
        acts.bind(1, practitioner).bind(2, site);
        while (acts.step()) row.acts.push_back(acts.column_text(0));
        acts.reset();
        hours.bind(1, practitioner).bind(2, site);
        while (hours.step()) row.hours.push_back({hours.column_int(0), hours.column_int(1), hours.column_int(2)});
        hours.reset();
        fn(row);
    }
}

ExportDetailsReader::ExportDetailsReader(Database& db)
    : db_(db),
      details_(db.cached(
          "SELECT coalesce(o.value, s.email), dpr.phone, dpr.mssante_email, dpr.website, dpr.expertise, dpr.training, "
          "dp.phone, dp.mssante_email, dp.appointment_url FROM site s "
          "LEFT JOIN field_override o ON o.entity = 'site' AND o.entity_key = s.site_key AND o.field = 'email' "
          "LEFT JOIN declared_practitioner dpr ON dpr.practitioner_id = ?1 "
          "LEFT JOIN declared_practice dp ON dp.practitioner_id = ?1 AND dp.site_id = s.id "
          "WHERE s.id = ?2")) {
    db_.execute(kExportCacheSize);
    // A deferred transaction takes its snapshot at the first read: read once now.
    db_.execute("BEGIN");
    try {
        auto first = db_.cached("SELECT 1 FROM sqlite_schema LIMIT 1");
        first.step();
    } catch (...) {
        db_.execute("ROLLBACK");
        db_.execute(kReaderCacheSize);
        throw;
    }
}

ExportDetailsReader::~ExportDetailsReader() {
    try {
        details_.reset();
        db_.execute("COMMIT");
    } catch (...) {
        // A read transaction has nothing to keep; the connection stays usable.
    }
    try {
        // The pages the export read go (shrink_memory frees this connection's cache).
        db_.execute("PRAGMA shrink_memory");
        db_.execute(kReaderCacheSize);
    } catch (...) {
    }
}

void ExportDetailsReader::read(std::string_view practitioner_id, std::int64_t site_id, ExportDetails& out) {
    details_.bind(1, practitioner_id).bind(2, site_id);
    std::optional<std::string>* fields[] = {&out.email,   &out.practitioner_phone, &out.practitioner_mssante_email,
                                            &out.website, &out.expertise,          &out.training,
                                            &out.phone,   &out.mssante_email,      &out.appointment_url};
    if (details_.step()) {
        for (int i = 0; i < 9; ++i) *fields[i] = details_.column_optional_text(i);
    } else {
        for (auto* field : fields) field->reset();
    }
    details_.reset();
}

std::vector<std::tuple<std::string, std::int64_t, std::string, std::string>> list_public_practices(Database& db) {
    std::vector<std::tuple<std::string, std::int64_t, std::string, std::string>> rows;
    auto st = db.cached(
        "SELECT p.practitioner_id, p.site_id, s.site_key, p.profession_code FROM practice p JOIN site s ON s.id = p.site_id "
        "WHERE p.archived_import_id IS NULL ORDER BY p.practitioner_id, s.site_key, p.profession_code");
    while (st.step()) rows.emplace_back(st.column_text(0), st.column_int64(1), st.column_text(2), st.column_text(3));
    return rows;
}

}  // namespace annuaire::store
