#include "store/import_writer.hpp"

#include "store/schema.hpp"
#include "util/hash.hpp"
#include "util/integer_map.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <vector>

namespace annuaire::store {

namespace {

using model::RowState;
using model::RowWrite;

// How a first import makes a practitioner's practices (see ImportWriter::State::Group).
enum GroupFlag : std::uint8_t {
    kGrouped = 1,    // their lines were met and their practices made
    kScattered = 2   // their lines are not all together in the extract
};

struct PractitionerState {
    RowState row;
    std::uint8_t group = 0;  // GroupFlag
    std::int64_t content_hash = 0;
};

struct SiteState {
    std::int64_t id = 0;
    std::int64_t content_hash = 0;
    RowState row;
};

struct ActivityState {
    std::int64_t id = 0;
    std::int64_t content_hash = 0;
    std::int64_t line_hash = 0;
    std::uint64_t seen_line = 0;  // 0 until a line of the extract has it
    RowState row;
};

// Practitioner ids are 9 (ADELI) or 11 (RPPS) digits: the in-memory maps key them
// by their value and length packed in an integer, so that they hold no strings.
std::uint64_t practitioner_key(std::string_view id) {
    if (id.empty() || id.size() > 18) throw std::invalid_argument("bad practitioner id '" + std::string(id) + "'");
    std::uint64_t value = 0;
    for (const char c : id) {
        if (c < '0' || c > '9') throw std::invalid_argument("bad practitioner id '" + std::string(id) + "'");
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return value << 5 | id.size();
}

std::string practitioner_id_of(std::uint64_t key) {
    std::string id(key & 31, '0');
    std::uint64_t value = key >> 5;
    for (auto it = id.rbegin(); it != id.rend() && value; ++it, value /= 10) *it = static_cast<char>('0' + value % 10);
    return id;
}

// The sites map is keyed by a 64-bit hash of site_key, like activities by activity_key.
std::int64_t site_key_hash(std::string_view site_key) { return util::FieldHasher().add(site_key).value(); }

std::int64_t hash_practitioner(const model::PractitionerFields& p) {
    util::FieldHasher h;
    h.add(p.id_type).add(p.national_id).add(p.civility_code).add(p.civility_label)
        .add(p.exercise_civility_code).add(p.exercise_civility_label).add(p.last_name)
        .add(p.first_name).add(p.profession_code).add(p.profession_label).add(p.category_code)
        .add(p.category_label);
    return h.value();
}

std::int64_t hash_address(const model::SiteFields& s) {
    util::FieldHasher h;
    h.add(s.street_number).add(s.repetition_index).add(s.street_type_code).add(s.street_type_label)
        .add(s.street_name).add(s.geo_complement).add(s.distribution_mention).add(s.cedex_office)
        .add(s.postcode).add(s.commune_code).add(s.commune_name).add(s.country_code);
    return h.value();
}

std::int64_t hash_site(const model::SiteFields& s, std::int64_t address_hash) {
    util::FieldHasher h;
    h.add(std::to_string(address_hash)).add(s.structure_id).add(s.former_structure_id).add(s.siret)
        .add(s.siren).add(s.finess).add(s.finess_legal).add(s.company_name).add(s.trade_name)
        .add(s.recipient_complement).add(s.country_name).add(s.phone).add(s.phone2).add(s.fax)
        .add(s.email).add(s.department_code).add(s.department_label).add(s.resolved_insee);
    return h.value();
}

std::int64_t hash_activity(const model::ActivityFields& a) {
    util::FieldHasher h;
    h.add(a.profession_label).add(a.mode_label).add(a.sector_label).add(a.pharmacist_section_code)
        .add(a.pharmacist_section_label).add(a.role_label).add(a.activity_kind_code)
        .add(a.activity_kind_label).add(a.registration_authority);
    return h.value();
}

// Writes the key into out, whose capacity is reused from line to line.
void site_key_of(const model::SiteFields& s, std::int64_t address_hash, std::string& out) {
    if (!s.structure_id.empty()) {
        out.assign(s.structure_id);
        return;
    }
    // Without a structure identifier, a site is its name at its address.
    util::FieldHasher h;
    h.add(std::to_string(address_hash)).add(s.company_name).add(s.trade_name);
    out.assign("address:");
    out += std::to_string(h.value());
}

std::int64_t activity_key_of(std::string_view practitioner_id, std::string_view site_key,
                             const model::ActivityFields& a) {
    util::FieldHasher h;
    h.add(practitioner_id).add(site_key).add(a.profession_code).add(a.mode_code).add(a.sector_code)
        .add(a.role_code);
    return h.value();
}

std::int64_t specialty_key_of(std::string_view practitioner_id, std::string_view code) {
    util::FieldHasher h;
    h.add(practitioner_id).add(code);
    return h.value();
}

constexpr const char* kUpsertPractitioner = R"sql(
INSERT INTO practitioner(id, id_type, national_id, civility_code, civility_label,
  exercise_civility_code, exercise_civility_label, last_name, first_name, profession_code,
  profession_label, category_code, category_label, content_hash, first_import_id,
  updated_import_id, archived_import_id)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, NULL)
ON CONFLICT(id) DO UPDATE SET id_type = excluded.id_type, national_id = excluded.national_id,
  civility_code = excluded.civility_code, civility_label = excluded.civility_label,
  exercise_civility_code = excluded.exercise_civility_code,
  exercise_civility_label = excluded.exercise_civility_label, last_name = excluded.last_name,
  first_name = excluded.first_name, profession_code = excluded.profession_code,
  profession_label = excluded.profession_label, category_code = excluded.category_code,
  category_label = excluded.category_label, content_hash = excluded.content_hash,
  updated_import_id = excluded.updated_import_id, archived_import_id = NULL
)sql";

// Sites and activities are written by rowid: the in-memory maps know whether a row
// exists, so no UPSERT (and no index on activity_key) is needed. The UPDATE
// statements take the parameters of the INSERT plus the rowid.
constexpr const char* kInsertSite = R"sql(
INSERT INTO site(site_key, structure_id, former_structure_id, siret, siren, finess, finess_legal,
  company_name, trade_name, recipient_complement, geo_complement, street_number,
  repetition_index, street_type_code, street_type_label, street_name, distribution_mention,
  cedex_office, postcode, commune_code, commune_name, country_code, country_name, phone, phone2,
  fax, email, department_code, department_label, resolved_insee, content_hash, address_hash,
  first_import_id, updated_import_id, archived_import_id)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
  ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?33, NULL)
)sql";

constexpr const char* kUpdateSite = R"sql(
UPDATE site SET site_key = ?1, structure_id = ?2, former_structure_id = ?3, siret = ?4,
  siren = ?5, finess = ?6, finess_legal = ?7, company_name = ?8, trade_name = ?9,
  recipient_complement = ?10, geo_complement = ?11, street_number = ?12, repetition_index = ?13,
  street_type_code = ?14, street_type_label = ?15, street_name = ?16, distribution_mention = ?17,
  cedex_office = ?18, postcode = ?19, commune_code = ?20, commune_name = ?21, country_code = ?22,
  country_name = ?23, phone = ?24, phone2 = ?25, fax = ?26, email = ?27, department_code = ?28,
  department_label = ?29, resolved_insee = ?30, content_hash = ?31, address_hash = ?32,
  updated_import_id = ?33, archived_import_id = NULL
WHERE id = ?34
)sql";

constexpr const char* kInsertActivity = R"sql(
INSERT INTO activity(activity_key, practitioner_id, site_id, profession_code, profession_label,
  mode_code, mode_label, sector_code, sector_label, pharmacist_section_code,
  pharmacist_section_label, role_code, role_label, activity_kind_code, activity_kind_label,
  registration_authority, content_hash, first_import_id, updated_import_id, archived_import_id)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18, NULL)
)sql";

// The key columns (activity_key, practitioner, site, codes) define the row and do not
// change; their parameters (?1..?4, ?6, ?8, ?12) are bound but unused.
constexpr const char* kUpdateActivity = R"sql(
UPDATE activity SET profession_label = ?5, mode_label = ?7, sector_label = ?9,
  pharmacist_section_code = ?10, pharmacist_section_label = ?11, role_label = ?13,
  activity_kind_code = ?14, activity_kind_label = ?15, registration_authority = ?16,
  content_hash = ?17, updated_import_id = ?18, archived_import_id = NULL
WHERE id = ?19
)sql";

// The practices of the practitioners in temp.dirty_practitioner that their public
// activities imply and that do not exist yet.
void add_practices_of_dirty_practitioners(Database& db) {
    db.execute(
        "INSERT OR IGNORE INTO practice(practitioner_id, site_id, profession_code) "
        "SELECT a.practitioner_id, a.site_id, coalesce(a.profession_code, '') FROM activity a "
        "WHERE a.site_id IS NOT NULL AND a.archived_import_id IS NULL "
        "AND a.practitioner_id IN (SELECT id FROM temp.dirty_practitioner)");
}

}  // namespace

struct ImportWriter::State {
    explicit State(Database& database) : db(database) {}

    void prepare_statements() {
        upsert_practitioner = db.prepare(kUpsertPractitioner);
        insert_site = db.prepare(kInsertSite);
        update_site = db.prepare(kUpdateSite);
        insert_activity = db.prepare(kInsertActivity);
        update_activity = db.prepare(kUpdateActivity);
        insert_specialty = db.prepare(
            "INSERT OR REPLACE INTO practitioner_specialty(practitioner_id, code, type_code, "
            "type_label, label) VALUES(?1, ?2, ?3, ?4, ?5)");
    }

    Database& db;
    std::int64_t import_id = 0;
    bool first_import = false;
    std::uint64_t public_practitioners_before = 0;
    util::IntegerMap<std::uint64_t, PractitionerState> practitioners;  // by practitioner_key()
    util::IntegerMap<std::int64_t, SiteState> sites;                   // by site_key_hash()
    util::IntegerMap<std::int64_t, ActivityState> activities;          // by activity_key
    util::IntegerMap<std::int64_t, RowState> specialties;              // by specialty_key_of()
    std::uint64_t specialties_added = 0;

    // A first import makes practices as each practitioner's lines end (the extract
    // lists them together): no query over the activities at the end.
    struct Group {
        std::uint64_t key = 0;
        bool open = false;
        bool scattered = false;
        std::string practitioner_id;
        std::vector<std::pair<std::int64_t, std::string>> practices;   // site id, profession code
    };
    Group group;
    std::int64_t next_practice_id = 1;
    std::vector<std::string> scattered;  // practitioner ids
    std::optional<Statement> insert_practice;

    void start_group(std::uint64_t key, PractitionerState& practitioner, const model::PractitionerFields& p) {
        flush_group();
        group.key = key;
        group.open = true;
        group.practices.clear();
        group.scattered = practitioner.group & kGrouped;
        if (group.scattered) {
            if (!(practitioner.group & kScattered)) scattered.emplace_back(p.id);
            practitioner.group |= kScattered;
            return;
        }
        practitioner.group |= kGrouped;
        group.practitioner_id.assign(p.id);
    }

    void flush_group() {
        if (!group.open || group.scattered || group.practices.empty()) return;
        for (const auto& [site_id, profession_code] : group.practices) {
            insert_practice->bind(1, next_practice_id++).bind_unowned(2, group.practitioner_id).bind(3, site_id)
                .bind_unowned(4, profession_code);
            insert_practice->run();
        }
        group.practices.clear();
    }
    std::optional<Statement> upsert_practitioner;
    std::optional<Statement> insert_site;
    std::optional<Statement> update_site;
    std::optional<Statement> insert_activity;
    std::optional<Statement> update_activity;
    std::optional<Statement> insert_specialty;
};

ImportWriter::ImportWriter(Database& db) : state_(std::make_unique<State>(db)) {
    auto& s = *state_;
    {
        auto next = db.prepare("SELECT coalesce(max(id), 0) + 1 FROM import_run");
        next.step();
        s.import_id = next.column_int64(0);
    }
    const auto count = [&](const char* table) {
        auto rows = db.prepare(std::string("SELECT count(*) FROM ") + table);
        rows.step();
        return static_cast<std::size_t>(rows.column_int64(0));
    };
    {
        s.practitioners.reserve(count("practitioner"));
        auto rows = db.prepare("SELECT id, content_hash, archived_import_id IS NOT NULL FROM practitioner");
        while (rows.step()) {
            auto& state = s.practitioners[practitioner_key(rows.column_text(0))];
            state.content_hash = rows.column_int64(1);
            state.row = RowState::stored(rows.column_int64(2) != 0);
            if (!state.row.was_archived()) ++s.public_practitioners_before;
        }
    }
    s.first_import = s.practitioners.empty() && count("site") == 0 && count("activity") == 0 &&
                     count("practice") == 0;
    {
        s.sites.reserve(count("site"));
        auto rows = db.prepare("SELECT site_key, id, content_hash, archived_import_id IS NOT NULL FROM site");
        while (rows.step()) {
            auto& state = s.sites[site_key_hash(rows.column_text(0))];
            state.id = rows.column_int64(1);
            state.content_hash = rows.column_int64(2);
            state.row = RowState::stored(rows.column_int64(3) != 0);
        }
    }
    {
        s.activities.reserve(count("activity"));
        auto rows = db.prepare("SELECT activity_key, id, content_hash, archived_import_id IS NOT NULL FROM activity");
        while (rows.step()) {
            auto& state = s.activities[rows.column_int64(0)];
            state.id = rows.column_int64(1);
            state.content_hash = rows.column_int64(2);
            state.row = RowState::stored(rows.column_int64(3) != 0);
        }
    }
    {
        s.specialties.reserve(count("practitioner_specialty"));
        auto rows = db.prepare("SELECT practitioner_id, code FROM practitioner_specialty");
        while (rows.step()) {
            s.specialties[specialty_key_of(rows.column_text(0), rows.column_text(1))] = RowState::stored(false);
        }
    }
    // Into an empty directory, rows go in without secondary indexes; finish() builds them.
    if (s.first_import) {
        drop_directory_indexes(db);
        s.insert_practice = db.prepare(
            "INSERT INTO practice(id, practitioner_id, site_id, profession_code) VALUES(?1, ?2, ?3, ?4)");
    }
    s.prepare_statements();
}

ImportWriter::~ImportWriter() = default;

std::int64_t ImportWriter::import_id() const { return state_->import_id; }

void ImportWriter::expect_lines(std::uint64_t lines) {
    auto& s = *state_;
    // About one activity, 0.55 practitioners and 0.4 sites per line nationally.
    s.activities.reserve(std::max<std::size_t>(s.activities.size(), lines));
    s.practitioners.reserve(std::max<std::size_t>(s.practitioners.size(), lines * 6 / 10));
    s.sites.reserve(std::max<std::size_t>(s.sites.size(), lines * 45 / 100));
}

void ImportWriter::prepare(const model::ExtractLine& line, LineKeys& keys) {
    const auto& p = line.practitioner;
    keys.site_key.clear();
    keys.address_hash = keys.site_hash = keys.site_key_hash = 0;
    if (line.has_site) {
        keys.address_hash = hash_address(line.site);
        site_key_of(line.site, keys.address_hash, keys.site_key);
        keys.site_key_hash = site_key_hash(keys.site_key);
        keys.site_hash = hash_site(line.site, keys.address_hash);
    }
    keys.practitioner_key = practitioner_key(p.id);
    keys.practitioner_hash = hash_practitioner(p);
    keys.activity_key = activity_key_of(p.id, keys.site_key, line.activity);
    keys.activity_hash = hash_activity(line.activity);
}

void ImportWriter::prefetch(const LineKeys& keys) const {
    const auto& s = *state_;
    s.activities.prefetch(keys.activity_key);
    s.practitioners.prefetch(keys.practitioner_key);
    if (keys.site_key_hash) s.sites.prefetch(keys.site_key_hash);
}

std::uint64_t ImportWriter::add(const model::ExtractLine& line, const LineKeys& keys) {
    auto& s = *state_;
    const auto& p = line.practitioner;

    const std::int64_t address_hash = keys.address_hash;
    const std::int64_t activity_key = keys.activity_key;
    auto& activity = s.activities[activity_key];
    const model::LineRepeat repeat = model::repeat_of(activity.seen_line, activity.line_hash, line.line_hash);
    if (repeat == model::LineRepeat::duplicate) return activity.seen_line;

    // The first line of a practitioner in the extract defines their fields.
    const std::uint64_t key = keys.practitioner_key;
    auto& practitioner = s.practitioners[key];
    if (s.first_import && (!s.group.open || s.group.key != key)) s.start_group(key, practitioner, p);
    if (!practitioner.row.seen()) {
        const std::int64_t hash = keys.practitioner_hash;
        if (practitioner.row.see(practitioner.content_hash, hash) != RowWrite::none) {
            practitioner.content_hash = hash;
            auto& st = *s.upsert_practitioner;
            st.bind_unowned(1, p.id).bind_unowned(2, p.id_type).bind_unowned_or_null(3, p.national_id)
                .bind_unowned_or_null(4, p.civility_code).bind_unowned_or_null(5, p.civility_label)
                .bind_unowned_or_null(6, p.exercise_civility_code)
                .bind_unowned_or_null(7, p.exercise_civility_label).bind_unowned(8, p.last_name)
                .bind_unowned_or_null(9, p.first_name).bind_unowned_or_null(10, p.profession_code)
                .bind_unowned_or_null(11, p.profession_label).bind_unowned_or_null(12, p.category_code)
                .bind_unowned_or_null(13, p.category_label).bind(14, hash).bind(15, s.import_id);
            st.run();
        }
    }

    if (!line.specialty.code.empty()) {
        auto& specialty = s.specialties[specialty_key_of(p.id, line.specialty.code)];
        // A specialty is its key: no fields of its own to compare.
        if (!specialty.seen() && specialty.see(0, 0) == RowWrite::insert) {
            const auto& sp = line.specialty;
            s.insert_specialty->bind_unowned(1, p.id).bind_unowned(2, sp.code).bind_unowned_or_null(3, sp.type_code)
                .bind_unowned_or_null(4, sp.type_label).bind_unowned_or_null(5, sp.label);
            s.insert_specialty->run();
            ++s.specialties_added;
            practitioner.row.related_changed();
        }
    }

    if (repeat == model::LineRepeat::same_activity) return 0;  // it only adds its specialty

    std::int64_t site_id = 0;
    if (line.has_site) {
        auto& site = s.sites[keys.site_key_hash];
        if (!site.row.seen()) {
            const std::int64_t hash = keys.site_hash;
            const RowWrite write = site.row.see(site.content_hash, hash);
            if (write != RowWrite::none) {
                const bool existed = write == RowWrite::update;
                site.content_hash = hash;
                const auto& f = line.site;
                auto& st = existed ? *s.update_site : *s.insert_site;
                st.bind_unowned(1, keys.site_key);
                int i = 2;
                for (const std::string_view value :
                     {f.structure_id, f.former_structure_id, f.siret, f.siren, f.finess, f.finess_legal,
                      f.company_name, f.trade_name, f.recipient_complement, f.geo_complement,
                      f.street_number, f.repetition_index, f.street_type_code, f.street_type_label,
                      f.street_name, f.distribution_mention, f.cedex_office, f.postcode, f.commune_code,
                      f.commune_name, f.country_code, f.country_name, f.phone, f.phone2, f.fax, f.email,
                      f.department_code, f.department_label, std::string_view(f.resolved_insee)}) {
                    st.bind_unowned_or_null(i++, value);
                }
                st.bind(31, hash).bind(32, address_hash).bind(33, s.import_id);
                if (existed) st.bind(34, site.id);
                st.run();
                if (!existed) site.id = s.db.last_insert_rowid();
            }
        }
        site_id = site.id;
        if (s.first_import && !s.group.scattered) {
            const std::pair<std::int64_t, std::string_view> practice(site_id, line.activity.profession_code);
            const bool known = std::any_of(s.group.practices.begin(), s.group.practices.end(), [&](const auto& entry) {
                return entry.first == practice.first && entry.second == practice.second;
            });
            if (!known) s.group.practices.emplace_back(site_id, line.activity.profession_code);
        }
    }

    activity.seen_line = line.line_number;
    activity.line_hash = line.line_hash;
    const std::int64_t hash = keys.activity_hash;
    const RowWrite write = activity.row.see(activity.content_hash, hash);
    if (write != RowWrite::none) {
        const bool existed = write == RowWrite::update;
        activity.content_hash = hash;
        practitioner.row.related_changed();
        const auto& a = line.activity;
        auto& st = existed ? *s.update_activity : *s.insert_activity;
        st.bind(1, activity_key).bind_unowned(2, p.id);
        if (site_id) st.bind(3, site_id); else st.bind_null(3);
        int i = 4;
        for (const std::string_view value :
             {a.profession_code, a.profession_label, a.mode_code, a.mode_label, a.sector_code,
              a.sector_label, a.pharmacist_section_code, a.pharmacist_section_label, a.role_code,
              a.role_label, a.activity_kind_code, a.activity_kind_label, a.registration_authority}) {
            st.bind_unowned_or_null(i++, value);
        }
        st.bind(17, hash).bind(18, s.import_id);
        if (existed) st.bind(19, activity.id);
        st.run();
        if (!existed) activity.id = s.db.last_insert_rowid();
    }
    return 0;
}

ImportSummary ImportWriter::finish() {
    auto& s = *state_;
    ImportSummary summary;
    summary.import_id = s.import_id;
    auto step_start = std::chrono::steady_clock::now();
    const auto step_done = [&](const char* name) {
        const auto now = std::chrono::steady_clock::now();
        summary.step_seconds.emplace_back(name, std::chrono::duration<double>(now - step_start).count());
        step_start = now;
    };
    summary.public_practitioners_before = s.public_practitioners_before;
    summary.specialties_added = s.specialties_added;

    s.db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS dirty_practitioner(id TEXT PRIMARY KEY) WITHOUT ROWID;"
        "DELETE FROM temp.dirty_practitioner;");
    auto archive_practitioner = s.db.prepare("UPDATE practitioner SET archived_import_id = ?1 WHERE id = ?2");
    auto archive_site = s.db.prepare("UPDATE site SET archived_import_id = ?1 WHERE id = ?2");
    auto archive_activity = s.db.prepare(
        "UPDATE activity SET archived_import_id = ?1 WHERE id = ?2 RETURNING practitioner_id");
    auto mark_dirty = s.db.prepare("INSERT OR IGNORE INTO temp.dirty_practitioner(id) VALUES(?1)");
    // Every activity at a site has its practice there (archived or not): practice_site finds them.
    auto mark_site_dirty = s.db.prepare(
        "INSERT OR IGNORE INTO temp.dirty_practitioner(id) "
        "SELECT practitioner_id FROM practice WHERE site_id = ?1");

    for (const auto& [key, activity] : s.activities) {
        summary.activities.count(activity.row.outcome());
        if (activity.row.to_archive()) {
            archive_activity.bind(1, s.import_id).bind(2, activity.id);
            while (archive_activity.step()) {
                if (auto* found = s.practitioners.find(practitioner_key(archive_activity.column_text(0)))) {
                    found->row.related_changed();
                }
            }
            archive_activity.reset();
        }
    }
    for (const auto& [key, site] : s.sites) {
        summary.sites.count(site.row.outcome());
        if (site.row.to_archive()) archive_site.bind(1, s.import_id).bind(2, site.id).run();
        if (!s.first_import && site.row.site_practices_may_change()) mark_site_dirty.bind(1, site.id).run();
    }
    for (const auto& [key, practitioner] : s.practitioners) {
        summary.practitioners.count(practitioner.row.outcome());
        const bool archive = practitioner.row.to_archive();
        const bool dirty = !s.first_import && practitioner.row.practitioner_practices_may_change();
        if (!archive && !dirty) continue;
        const std::string id = practitioner_id_of(key);
        if (archive) archive_practitioner.bind(1, s.import_id).bind(2, id).run();
        if (dirty) mark_dirty.bind(1, id).run();
    }

    step_done("archive");
    // Specialties that left the extract are RPPS data, not declared data: drop them.
    std::vector<std::int64_t> removed;
    for (const auto& [key, specialty] : s.specialties) {
        if (specialty.to_archive()) removed.push_back(key);
    }
    if (!removed.empty()) {
        std::unordered_map<std::int64_t, bool> to_remove;
        for (auto key : removed) to_remove[key] = true;
        auto rows = s.db.prepare("SELECT practitioner_id, code FROM practitioner_specialty");
        auto remove = s.db.prepare("DELETE FROM practitioner_specialty WHERE practitioner_id = ?1 AND code = ?2");
        std::vector<std::pair<std::string, std::string>> doomed;
        while (rows.step()) {
            std::string id = rows.column_text(0);
            std::string code = rows.column_text(1);
            if (to_remove.count(specialty_key_of(id, code))) doomed.emplace_back(std::move(id), std::move(code));
        }
        for (const auto& [id, code] : doomed) {
            remove.bind(1, id).bind(2, code).run();
            if (!s.first_import) mark_dirty.bind(1, id).run();
        }
        summary.specialties_removed = doomed.size();
    }

    step_done("specialties");
    s.practitioners = {};
    s.sites = {};
    s.activities = {};
    s.specialties = {};
    // Practices, for every practitioner whose activities may have changed.
    if (s.first_import) {
        s.flush_group();
        s.insert_practice.reset();
        // A sorted build of every index at once.
        create_directory_indexes(s.db);
        step_done("indexes");
        // Practitioners whose lines are not together in the extract get the practices of
        // their later lines the way a re-import makes them (rare: the extract is sorted).
        if (!s.scattered.empty()) {
            auto mark_dirty = s.db.prepare("INSERT OR IGNORE INTO temp.dirty_practitioner(id) VALUES(?1)");
            for (const auto& id : s.scattered) mark_dirty.bind(1, id).run();
            add_practices_of_dirty_practitioners(s.db);
        }
        step_done("practices");
    } else {
        add_practices_of_dirty_practitioners(s.db);
        auto refresh_practices = s.db.prepare(
            "UPDATE practice SET archived_import_id = CASE WHEN EXISTS("
            "SELECT 1 FROM activity a WHERE a.practitioner_id = practice.practitioner_id "
            "AND a.site_id = practice.site_id AND coalesce(a.profession_code, '') = practice.profession_code "
            "AND a.archived_import_id IS NULL) THEN NULL ELSE coalesce(archived_import_id, ?1) END "
            "WHERE practitioner_id IN (SELECT id FROM temp.dirty_practitioner)");
        refresh_practices.bind(1, s.import_id).run();
        step_done("practices");
    }
    {
        auto count = s.db.prepare("SELECT count(*) FROM practice WHERE archived_import_id IS NULL");
        count.step();
        summary.public_practices_after = static_cast<std::uint64_t>(count.column_int64(0));
    }
    return summary;
}

void ImportWriter::record_run(const ImportRunRecord& run, const ImportSummary& summary) {
    auto& s = *state_;
    auto insert = s.db.prepare(R"sql(
INSERT INTO import_run(id, file_name, file_size, sha256, header_columns, territory_id, started_at,
  finished_at, lines_read, lines_rejected, lines_outside_territory, practitioners_added,
  practitioners_updated, practitioners_archived, practitioners_unchanged, report_json)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
)sql");
    insert.bind(1, s.import_id).bind(2, run.file_name).bind(3, static_cast<std::int64_t>(run.file_size))
        .bind(4, run.sha256).bind(5, run.header_columns).bind_text_or_null(6, run.territory_id)
        .bind(7, run.started_at).bind(8, run.finished_at)
        .bind(9, static_cast<std::int64_t>(run.lines_read))
        .bind(10, static_cast<std::int64_t>(run.lines_rejected))
        .bind(11, static_cast<std::int64_t>(run.lines_outside_territory))
        .bind(12, static_cast<std::int64_t>(summary.practitioners.added + summary.practitioners.restored))
        .bind(13, static_cast<std::int64_t>(summary.practitioners.updated))
        .bind(14, static_cast<std::int64_t>(summary.practitioners.archived))
        .bind(15, static_cast<std::int64_t>(summary.practitioners.unchanged))
        .bind(16, run.report_json);
    insert.run();
    auto meta = s.db.prepare("INSERT INTO meta(key, value) VALUES('data_version', ?1) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    meta.bind(1, std::to_string(s.import_id) + "-" + run.sha256.substr(0, 12)).run();
}

}  // namespace annuaire::store
