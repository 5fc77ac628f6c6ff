#include "search/search_service.hpp"

#include "reference/commune_outlines.hpp"
#include "search/query_words.hpp"
#include "search/vocabulary.hpp"
#include "search/geodesy.hpp"
#include "owner/owner_fields.hpp"
#include "search/declared_columns.hpp"
#include "search/practice_index.hpp"
#include "store/address_store.hpp"
#include "store/search_store.hpp"
#include "text/normalize.hpp"
#include "util/json_writer.hpp"

#include "geocode_job.hpp"
#include "geocoder.hpp"
#include "projection.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <list>
#include <mutex>
#include <set>
#include <unordered_map>

namespace annuaire::search {

// The vocabulary of declared fields and exercise modes (owner/owner_fields.hpp).
using owner::CodeLabel;
using owner::index_of;
using owner::kActs;
using owner::kBooleanFields;
using owner::kConventionnement;
using owner::kExerciseModes;
using owner::kPublics;

void ServiceConfig::validate() const {
    if (database_path.empty()) throw std::invalid_argument("a database path is required");
    // Any other fault (permissions, a directory, ...) is the business of the open, which says which.
    std::error_code unreadable;
    if (!std::filesystem::exists(database_path, unreadable) && !unreadable) {
        throw std::invalid_argument("database '" + database_path + "' does not exist");
    }
    if (reload_check_ms < 10 || reload_check_ms > 3600000) {
        throw std::invalid_argument("reload check interval must be between 10 ms and 1 hour");
    }
    for (const auto& mode : default_modes) {
        if (index_of(kExerciseModes, mode) < 0) {
            std::string list;
            for (const auto& entry : kExerciseModes) list += (list.empty() ? "" : ", ") + std::string(entry.code);
            throw std::invalid_argument("default mode '" + mode + "' is not one of " + list);
        }
    }
}

struct SearchService::Session {
    explicit Session(const std::string& path) : db(store::open_search_reader(path)), store(db) {}
    store::Database db;
    store::SearchStore store;
};

struct SearchService::Lease {
    SearchService* owner;
    std::unique_ptr<Session> session;
    Lease(SearchService* o, std::unique_ptr<Session> s) : owner(o), session(std::move(s)) {}
    Lease(Lease&&) = default;
    ~Lease() {
        if (!session) return;
        std::lock_guard lock(owner->pool_mutex_);
        owner->pool_.push_back(std::move(session));
    }
    Session* operator->() { return session.get(); }
};

// The address index of the BAN rows and the geocoder over it, replaced as a whole.
struct SearchService::AddressBook {
    geo::AddressIndex index;
    std::unique_ptr<geo::Geocoder> geocoder;
};

SearchService::Lease SearchService::lease() {
    {
        std::lock_guard lock(pool_mutex_);
        if (!pool_.empty()) {
            auto session = std::move(pool_.back());
            pool_.pop_back();
            return Lease(this, std::move(session));
        }
    }
    return Lease(this, std::make_unique<Session>(config_.database_path));
}

SearchService::SearchService(ServiceConfig config) : config_(std::move(config)) {
    config_.validate();
    if (config_.contours_path) {
        outlines_ = std::make_shared<const reference::CommuneOutlines>(reference::CommuneOutlines::load(*config_.contours_path));
    }
    watcher_session_ = std::make_unique<Session>(config_.database_path);
    reload_if_changed();
    watcher_ = std::thread([this] { watch(); });
}

SearchService::~SearchService() {
    {
        std::lock_guard lock(stop_mutex_);
        stopping_ = true;
    }
    stop_cv_.notify_all();
    if (watcher_.joinable()) watcher_.join();
}

void SearchService::watch() {
    std::unique_lock lock(stop_mutex_);
    while (true) {
        stop_cv_.wait_for(lock, std::chrono::milliseconds(config_.reload_check_ms), [this] { return stopping_ || wake_; });
        if (stopping_) return;
        wake_ = false;
        lock.unlock();
        try {
            reload_if_changed();
        } catch (const std::exception& error) {
            // Keep serving the index we have; try again at the next tick.
            std::cerr << "annuaire serve: index reload failed: " << error.what() << "\n";
        }
        lock.lock();
    }
}

void SearchService::request_refresh() {
    {
        std::lock_guard lock(stop_mutex_);
        wake_ = true;
    }
    stop_cv_.notify_all();
}

bool SearchService::wait_for_owner_changes(std::int64_t sequence, std::chrono::milliseconds timeout) {
    request_refresh();
    std::unique_lock lock(index_mutex_);
    return applied_cv_.wait_for(lock, timeout, [&] { return owner_changes_applied_ >= sequence; });
}

bool SearchService::apply_owner_changes_locked() {
    auto& db = watcher_session_->db;
    const auto ix = index();
    store::ReadTransaction same_rows(db);
    // Any other writer of what the index holds (an import, geocoding, a pin, a correction)
    // changes the meta table: that takes a rebuild.
    if (store::meta_fingerprint(db) != ix->data_version) return false;
    const auto last = store::owner_change_sequence(db);
    std::shared_ptr<const DeclaredColumns> current;
    std::int64_t applied = 0;
    {
        std::lock_guard lock(index_mutex_);
        current = declared_;
        applied = owner_changes_applied_;
    }
    if (last <= applied) return true;   // owner data the index does not hold (accounts, claims, audit...)
    const auto first = store::first_owner_change(db);
    if (first == 0 || first > applied + 1) return false;   // the log no longer has every change since
    std::vector<std::pair<std::uint32_t, DeclaredColumns::Row>> changes;
    store::for_each_changed_practice(db, applied, [&](const store::DeclaredPracticeRow& practice) {
        const auto pos = ix->position_of(practice.practice_id);
        if (pos < 0) return;   // not public in this index
        DeclaredColumns::Row row;
        row.set_owner(practice.booleans, practice.conventionnement);
        for (const auto& code : practice.publics) row.add_public(code);
        for (const auto& code : practice.acts) row.add_act(code);
        for (const auto& [weekday, opens, closes] : practice.hours) row.add_hours(weekday, opens, closes);
        changes.emplace_back(static_cast<std::uint32_t>(pos), std::move(row));
    });
    auto next = current->with(changes, ix->profession);
    {
        std::lock_guard lock(index_mutex_);
        declared_ = std::move(next);
        owner_changes_applied_ = last;
    }
    applied_cv_.notify_all();
    return true;
}

void SearchService::reload_if_changed() {
    std::lock_guard lock(reload_mutex_);
    // Taken before the rows are read: a commit in between shows as a change next time.
    auto mark = store::commit_mark(watcher_session_->db);
    if (seen_commit_ && store::same_commit(*seen_commit_, mark)) return;
    // Owner edits are applied to the declared columns in place of a rebuild (13 s of CPU on the
    // national database): what they change shows in search within milliseconds.
    if (seen_commit_ && apply_owner_changes_locked()) {
        seen_commit_ = std::make_unique<store::CommitMark>(std::move(mark));
        return;
    }
    auto fresh = PracticeIndex::build(watcher_session_->db);
    auto fresh_cache = std::make_shared<TextCache>(*fresh);
    // The address index is rebuilt only when BAN rows were loaded, not for every import.
    std::shared_ptr<const AddressBook> book;
    std::string fingerprint;
    bool addresses_changed = false;
    {
        store::ReadTransaction same_rows(watcher_session_->db);  // the fingerprint of the rows loaded
        fingerprint = store::address_sources_fingerprint(watcher_session_->db);
        addresses_changed = fingerprint != seen_addresses_;
        if (addresses_changed && !fingerprint.empty()) {
            auto loaded = std::make_shared<AddressBook>();
            loaded->index = geo::load_address_index(watcher_session_->db);
            if (loaded->index.address_count() > 0) {
                // Free-text search uses the index only: no contours, no CEDEX table.
                loaded->geocoder = std::make_unique<geo::Geocoder>(loaded->index, nullptr, nullptr);
                book = std::move(loaded);
            }
        }
    }
    // Counted once per data version: on a national database each count reads a whole table.
    auto counts = std::make_shared<const nlohmann::json>(watcher_session_->store.health_counts());
    const bool first = !seen_commit_;
    seen_commit_ = std::make_unique<store::CommitMark>(std::move(mark));
    seen_addresses_ = std::move(fingerprint);
    const auto practices = fresh->size();
    {
        std::lock_guard swap(index_mutex_);
        declared_ = fresh->declared;
        owner_changes_applied_ = fresh->owner_changes_seen;
        index_ = std::move(fresh);
        text_cache_ = std::move(fresh_cache);
        health_counts_ = std::move(counts);
        if (addresses_changed) addresses_ = std::move(book);
    }
    applied_cv_.notify_all();
    if (!first) std::cerr << "annuaire serve: index reloaded after a commit (" << practices << " practices)\n";
}

std::shared_ptr<const PracticeIndex> SearchService::index() const {
    std::lock_guard lock(index_mutex_);
    return index_;
}

SearchService::Snapshot SearchService::snapshot() const {
    std::lock_guard lock(index_mutex_);
    return {index_, declared_, text_cache_};
}

std::shared_ptr<const SearchService::AddressBook> SearchService::addresses() const {
    std::lock_guard lock(index_mutex_);
    return addresses_;
}

std::string SearchService::version() const {
    std::lock_guard lock(index_mutex_);
    // The index's own tag, and how many owner edits were applied to it since it was built.
    return declared_->revision() == 0 ? index_->version : index_->version + "-" + std::to_string(declared_->revision());
}


namespace {

// ---- Matching -------------------------------------------------------------

struct Hit {
    std::uint32_t pos;
    float rank;       // text relevance, lower is better (0 without q)
    double distance;  // approximate metres (0 without near)
};

// The box around a set of located practices (none when nothing is located).
struct Bounds {
    double west = 180, south = 90, east = -180, north = -90;
    bool any = false;
    void add(const PracticeIndex& ix, std::uint32_t pos) {
        const double lat = ix.lat[pos], lon = ix.lon[pos];
        if (std::isnan(lat) || std::isnan(lon)) return;
        any = true;
        west = std::min(west, lon);
        east = std::max(east, lon);
        south = std::min(south, lat);
        north = std::max(north, lat);
    }
    void add(const Bounds& other) {
        if (!other.any) return;
        any = true;
        west = std::min(west, other.west);
        east = std::max(east, other.east);
        south = std::min(south, other.south);
        north = std::max(north, other.north);
    }
    void write(util::JsonWriter& out) const {
        if (!any) {
            out.null();
            return;
        }
        out.begin_array().value(west).value(south).value(east).value(north).end_array();
    }
};

// The facet groups of a search: each filter that has a facet of its own. A practice that
// fails only one group's filter is counted in that facet (disjunctive facets), so that a
// facet shows what each of its values would add while one of them is chosen.
enum FacetGroup : unsigned {
    kGroupProfession, kGroupSpecialty, kGroupCommune, kGroupMode, kGroupConventionnement, kGroupPublic, kGroupAct,
    kGroupBoolean   // + the number of the boolean field (kBooleanFields)
};

// The filters compiled against one index and the declared columns served with it. `text`
// holds the full-text matches of f.q (null when there is no q).
class Matcher {
public:
    Matcher(const PracticeIndex& ix, const DeclaredColumns& declared, const Filters& f, const TextHits* text)
        : ix_(ix), declared_(declared), f_(f), text_hits_(text) {
        const auto code_set = [](const Dictionary& dictionary, const std::vector<std::string>& codes) {
            std::vector<bool> set(dictionary.codes.size() + 1, false);
            for (const auto& code : codes) {
                const int found = dictionary.find(code);
                if (found >= 0) set[static_cast<std::size_t>(found)] = true;
            }
            return set;
        };
        if (!f.professions.empty()) professions_ = code_set(ix.professions, f.professions);
        if (!f.specialties.empty()) specialties_ = code_set(ix.specialties, f.specialties);
        if (!f.communes.empty()) communes_ = code_set(ix.communes, f.communes);
        if (!f.territories.empty()) {
            territories_.assign(ix.communes.codes.size() + 1, false);
            for (const auto& territory : f.territories) {
                const auto found = ix.territory_communes.find(territory);
                if (found == ix.territory_communes.end()) {
                    if (!ix.territory_labels.count(territory)) {
                        throw QueryError("invalid_parameter", "parameter 'territory': '" + territory + "' is not a known territory");
                    }
                    continue;
                }
                for (auto commune : found->second) territories_[commune] = true;
            }
        }
        const std::optional<bool>* booleans[] = {&f.carte_vitale, &f.tiers_payant, &f.pmr_access,
                                                 &f.home_visits, &f.teleconsultation, &f.telesoin};
        for (std::uint32_t i = 0; i < 6; ++i) {
            if (*booleans[i]) {
                owner_mask_ |= 3u << (2 * i);
                owner_value_ |= (**booleans[i] ? 2u : 1u) << (2 * i);
            }
        }
        for (const auto& code : f.conventionnement) conventionnement_ |= 1u << (index_of(kConventionnement, code) + 1);
        for (const auto& code : f.publics) publics_ |= 1u << index_of(kPublics, code);
        for (const auto& code : f.acts) acts_ |= 1u << index_of(kActs, code);
        for (const auto& code : f.modes) modes_ |= 1u << index_of(kExerciseModes, code);
        if (f.open_at) week_minute_ = (f.open_at->weekday - 1) * 1440 + f.open_at->minute;
        if (f.near) {
            local_.emplace(f.near->lat, f.near->lon);
            const double dlat = local_->lat_degrees(f.near->radius_m), dlon = local_->lon_degrees(f.near->radius_m);
            box_ = BBox{f.near->lon - dlon, f.near->lat - dlat, f.near->lon + dlon, f.near->lat + dlat};
            if (f.bbox) {
                box_->west = std::max(box_->west, f.bbox->west);
                box_->south = std::max(box_->south, f.bbox->south);
                box_->east = std::min(box_->east, f.bbox->east);
                box_->north = std::min(box_->north, f.bbox->north);
            }
        } else if (f.bbox) {
            box_ = f.bbox;
        }
    }

    // Calls fn(Hit) for every match.
    template <typename Fn>
    void for_each(Fn&& fn) const {
        for_each_candidate([&](std::uint32_t pos, float rank) {
            if (failed_groups<false>(pos)) return;
            double distance = 0;
            if (passes_rest(pos, distance)) fn(Hit{pos, rank, distance});
        });
    }

    // Calls hit(Hit) for every match, and miss(pos, group) for every practice that matches
    // all but the filter of one facet group.
    template <typename HitFn, typename MissFn>
    void for_each_with_near_misses(HitFn&& hit, MissFn&& miss) const {
        for_each_candidate([&](std::uint32_t pos, float rank) {
            const auto failed = failed_groups<true>(pos);
            if (failed & (failed - 1)) return;   // two groups or more
            double distance = 0;
            if (!passes_rest(pos, distance)) return;
            if (failed) {
                miss(pos, static_cast<unsigned>(__builtin_ctz(failed)));
            } else {
                hit(Hit{pos, rank, distance});
            }
        });
    }

    bool has_near() const { return local_.has_value(); }
    bool has_facet_filters() const {
        return !professions_.empty() || !specialties_.empty() || !communes_.empty() || modes_ || conventionnement_ ||
               publics_ || acts_ || owner_mask_;
    }

private:
    // Calls visit(pos, rank) for the practices that may match: the text matches, else those
    // of the box, else all.
    template <typename Visit>
    void for_each_candidate(Visit&& visit) const {
        if (text_hits_) {
            for (const auto& [pos, rank] : *text_hits_) visit(pos, rank);
        } else if (box_) {
            if (box_->west > box_->east || box_->south > box_->north) return;
            ix_.for_each_range(box_->west, box_->south, box_->east, box_->north, [&](std::size_t from, std::size_t to) {
                for (std::size_t pos = from; pos < to; ++pos) visit(static_cast<std::uint32_t>(pos), 0.f);
            });
        } else {
            const auto n = static_cast<std::uint32_t>(ix_.size());
            for (std::uint32_t pos = 0; pos < n; ++pos) visit(pos, 0.f);
        }
    }

    // The bits (1 << FacetGroup) of the facet groups whose filter pos fails; unless `All`,
    // only the first found.
    template <bool All>
    std::uint32_t failed_groups(std::uint32_t pos) const {
        std::uint32_t failed = 0;
        const auto fail = [&](unsigned group) {
            failed |= 1u << group;
            return !All;
        };
        if (!professions_.empty() && !professions_[ix_.profession[pos]] && fail(kGroupProfession)) return failed;
        if (!communes_.empty() && !communes_[ix_.commune[pos]] && fail(kGroupCommune)) return failed;
        if (const auto differ = (declared_.owner(pos) & owner_mask_) ^ owner_value_) {
            for (unsigned i = 0; i < 6; ++i) {
                if ((differ >> (2 * i)) & 3u && fail(kGroupBoolean + i)) return failed;
            }
        }
        if (modes_ && !(ix_.modes_of(pos) & modes_) && fail(kGroupMode)) return failed;
        if (conventionnement_ && !(conventionnement_ & (1u << declared_.conventionnement_of(pos))) && fail(kGroupConventionnement)) {
            return failed;
        }
        if (publics_ && !(declared_.publics(pos) & publics_) && fail(kGroupPublic)) return failed;
        if (acts_ && !(declared_.acts(pos) & acts_) && fail(kGroupAct)) return failed;
        if (!specialties_.empty()) {
            bool any = false;
            for (auto i = ix_.specialty_offset[pos]; i < ix_.specialty_offset[pos + 1] && !any; ++i) {
                any = specialties_[ix_.specialty[i]];
            }
            if (!any && fail(kGroupSpecialty)) return failed;
        }
        return failed;
    }

    // The criteria that have no facet: territory, civility, opening hours, box and distance.
    bool passes_rest(std::uint32_t pos, double& distance) const {
        if (!territories_.empty() && !territories_[ix_.commune[pos]]) return false;
        if (f_.gender && !(ix_.rpps_flags[pos] & f_.gender)) return false;
        if (f_.title && !(ix_.rpps_flags[pos] & f_.title)) return false;
        if (week_minute_ >= 0) {
            bool open = false;
            const auto hours = declared_.hours(pos);
            for (std::size_t i = 0; i + 1 < hours.size() && !open; i += 2) {
                open = hours[i] <= week_minute_ && week_minute_ < hours[i + 1];
            }
            if (!open) return false;
        }
        distance = 0;
        if (box_) {
            const double lat = ix_.lat[pos], lon = ix_.lon[pos];
            // NaN (not located) fails every comparison.
            if (!(lat >= box_->south && lat <= box_->north && lon >= box_->west && lon <= box_->east)) return false;
            if (local_) {
                distance = local_->approx_m(lat, lon);
                const double radius = f_.near->radius_m;
                if (distance > radius * 1.005) return false;
                if (distance > radius * 0.995) {
                    distance = geo::geodesic_distance_m({f_.near->lon, f_.near->lat}, {lon, lat});
                    if (distance > radius) return false;
                }
            }
        }
        return true;
    }

    const PracticeIndex& ix_;
    const DeclaredColumns& declared_;
    const Filters& f_;
    std::vector<bool> professions_, specialties_, communes_, territories_;
    std::uint32_t owner_mask_ = 0, owner_value_ = 0, conventionnement_ = 0, publics_ = 0, acts_ = 0, modes_ = 0;
    int week_minute_ = -1;
    std::optional<BBox> box_;
    std::optional<LocalDistance> local_;
    const TextHits* text_hits_;
};

// ---- Facets ---------------------------------------------------------------

struct FacetCounts {
    explicit FacetCounts(const PracticeIndex& ix)
        : profession(ix.professions.codes.size()), specialty(ix.specialties.codes.size()),
          commune(ix.communes.codes.size()) {}
    std::vector<std::uint32_t> profession, specialty, commune;
    std::array<std::uint32_t, 5> modes{};   // by kExerciseModes, then none given
    DeclaredCounts declared;

    void add(const PracticeIndex& ix, const DeclaredColumns& d, std::uint32_t pos) {
        add_directory(ix, pos);
        declared.count(d.owner(pos), d.publics(pos), d.acts(pos), 1);
    }
    // The facets that do not depend on what owners declare.
    void add_directory(const PracticeIndex& ix, std::uint32_t pos) {
        ++profession[ix.profession[pos]];
        ++commune[ix.commune[pos]];
        for (auto i = ix.specialty_offset[pos]; i < ix.specialty_offset[pos + 1]; ++i) ++specialty[ix.specialty[i]];
        add_modes(ix, pos);
    }
    // Counts pos in one facet only: a practice that fails that facet's filter alone.
    void add_to(const PracticeIndex& ix, const DeclaredColumns& d, std::uint32_t pos, unsigned group) {
        const auto count_bits = [](auto& counts, std::uint32_t bits) {
            for (; bits; bits &= bits - 1) ++counts[static_cast<std::size_t>(__builtin_ctz(bits))];
        };
        switch (group) {
            case kGroupProfession: ++profession[ix.profession[pos]]; break;
            case kGroupCommune: ++commune[ix.commune[pos]]; break;
            case kGroupSpecialty:
                for (auto i = ix.specialty_offset[pos]; i < ix.specialty_offset[pos + 1]; ++i) ++specialty[ix.specialty[i]];
                break;
            case kGroupMode: add_modes(ix, pos); break;
            case kGroupConventionnement: ++declared.conventionnement[static_cast<std::size_t>(d.conventionnement_of(pos))]; break;
            case kGroupPublic: count_bits(declared.publics, d.publics(pos)); break;
            case kGroupAct: count_bits(declared.acts, d.acts(pos)); break;
            default: {
                const unsigned field = group - kGroupBoolean;
                ++declared.booleans[field][(d.owner(pos) >> (2 * field)) & 3];
            }
        }
    }
    void add_modes(const PracticeIndex& ix, std::uint32_t pos) {
        const auto bits = ix.modes_of(pos);
        if (!bits) ++modes[kExerciseModes.size()];
        for (auto b = bits; b; b &= b - 1) ++modes[static_cast<std::size_t>(__builtin_ctz(b))];
    }
    void add(const FacetCounts& other) {
        const auto add_all = [](auto& into, const auto& from) {
            for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
        };
        add_all(profession, other.profession);
        add_all(specialty, other.specialty);
        add_all(commune, other.commune);
        add_all(modes, other.modes);
        declared.add(other.declared);
    }
};

// The directory facets of every practice of each profession, counted once per index: a
// text that names a profession ("médecin") matches all of its practices, and its facets
// are then these counts (with the declared ones the DeclaredColumns keep per profession)
// plus those of the few other matches, not a pass over 400,000 practices.
std::vector<FacetCounts> facets_by_profession(const PracticeIndex& ix) {
    std::vector<FacetCounts> counts(ix.professions.codes.size(), FacetCounts(ix));
    for (std::uint32_t pos = 0; pos < ix.size(); ++pos) counts[ix.profession[pos]].add_directory(ix, pos);
    return counts;
}

void write_entry(util::JsonWriter& out, std::string_view code, std::string_view label, std::uint32_t count) {
    out.begin_object();
    out.key("code").value(code);
    out.key("count").value(count);
    out.key("label").value(label);
    out.end_object();
}

void write_dictionary_facet(util::JsonWriter& out, const Dictionary& dictionary, const std::vector<std::uint32_t>& counts,
                            std::size_t limit) {
    std::vector<std::uint32_t> order;
    for (std::uint32_t i = 0; i < counts.size(); ++i) {
        if (counts[i]) order.push_back(i);
    }
    const auto before = [&](std::uint32_t a, std::uint32_t b) {
        return counts[a] != counts[b] ? counts[a] > counts[b] : dictionary.code_rank[a] < dictionary.code_rank[b];
    };
    // Only the first `limit` are shown: no need to sort thousands of communes.
    const auto shown = std::min(limit, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown), order.end(), before);
    out.begin_array();
    for (std::size_t k = 0; k < shown; ++k) {
        const auto i = order[k];
        if (dictionary.codes[i].empty()) {
            write_entry(out, "unknown", "Non renseigné", counts[i]);
        } else {
            write_entry(out, dictionary.codes[i], dictionary.labels[i], counts[i]);
        }
    }
    out.end_array();
}

template <std::size_t N, std::size_t M>
void write_list_facet(util::JsonWriter& out, const std::array<CodeLabel, N>& list, const std::array<std::uint32_t, M>& counts) {
    out.begin_array();
    for (std::size_t i = 0; i < N; ++i) {
        if (counts[i]) write_entry(out, list[i].code, list[i].label, counts[i]);
    }
    out.end_array();
}

// The "facets" object: each facet a list of {code, count, label}, most frequent first for
// the dictionaries, in list order for the declared fields.
void write_facets(util::JsonWriter& out, const PracticeIndex& ix, const FacetCounts& c) {
    enum class Kind { profession, specialty, commune, boolean, conventionnement, publics, acts, modes };
    struct Facet {
        std::string_view name;
        Kind kind;
        std::size_t field = 0;   // boolean field number
    };
    // In key order, as the other answers (nlohmann::json objects) write them.
    static const std::vector<Facet> facets = [] {
        std::vector<Facet> list = {{"profession", Kind::profession}, {"specialty", Kind::specialty},
                                   {"commune", Kind::commune},       {"conventionnement", Kind::conventionnement},
                                   {"public", Kind::publics},        {"act", Kind::acts},
                                   {"mode", Kind::modes}};
        for (std::size_t i = 0; i < kBooleanFields.size(); ++i) list.push_back({kBooleanFields[i].code, Kind::boolean, i});
        std::sort(list.begin(), list.end(), [](const Facet& a, const Facet& b) { return a.name < b.name; });
        return list;
    }();
    out.begin_object();
    for (const auto& facet : facets) {
        out.key(facet.name);
        switch (facet.kind) {
            case Kind::profession: write_dictionary_facet(out, ix.professions, c.profession, 200); break;
            case Kind::specialty: write_dictionary_facet(out, ix.specialties, c.specialty, 100); break;
            case Kind::commune: write_dictionary_facet(out, ix.communes, c.commune, 200); break;
            case Kind::boolean: {
                const auto& counts = c.declared.booleans[facet.field];
                out.begin_array();
                if (counts[2]) write_entry(out, "true", "Oui", counts[2]);
                if (counts[1]) write_entry(out, "false", "Non", counts[1]);
                if (counts[0]) write_entry(out, "unknown", "Non renseigné", counts[0]);
                out.end_array();
                break;
            }
            case Kind::conventionnement:
                out.begin_array();
                for (std::size_t i = 0; i < kConventionnement.size(); ++i) {
                    if (c.declared.conventionnement[i + 1]) {
                        write_entry(out, kConventionnement[i].code, kConventionnement[i].label, c.declared.conventionnement[i + 1]);
                    }
                }
                if (c.declared.conventionnement[0]) write_entry(out, "unknown", "Non renseigné", c.declared.conventionnement[0]);
                out.end_array();
                break;
            case Kind::modes:
                out.begin_array();
                for (std::size_t i = 0; i < kExerciseModes.size(); ++i) {
                    if (c.modes[i]) write_entry(out, kExerciseModes[i].code, kExerciseModes[i].label, c.modes[i]);
                }
                if (c.modes[kExerciseModes.size()]) write_entry(out, "unknown", "Non renseigné", c.modes[kExerciseModes.size()]);
                out.end_array();
                break;
            case Kind::publics: write_list_facet(out, kPublics, c.declared.publics); break;
            case Kind::acts: write_list_facet(out, kActs, c.declared.acts); break;
        }
    }
    out.end_object();
}

// True when the filters hold a criterion other than the bounding box (and other than the
// text, unless `count_text`).
bool has_criteria(const Filters& f, bool count_text = true) {
    return (count_text && !f.q.empty()) || !f.professions.empty() || !f.specialties.empty() || !f.communes.empty() ||
           !f.territories.empty() || f.carte_vitale || f.tiers_payant || f.pmr_access || f.home_visits ||
           f.teleconsultation || f.telesoin || !f.conventionnement.empty() || !f.publics.empty() ||
           !f.acts.empty() || f.open_at || f.near || !f.modes.empty() || f.gender || f.title;
}

// Collects every match of the filters, with facets when asked: each facet counted over
// the matches of every other filter (disjunctive facets).
std::vector<Hit> collect(const Matcher& matcher, const PracticeIndex& ix, const DeclaredColumns& declared, FacetCounts* facets) {
    std::vector<Hit> hits;
    if (facets && matcher.has_facet_filters()) {
        matcher.for_each_with_near_misses(
            [&](const Hit& hit) {
                hits.push_back(hit);
                facets->add(ix, declared, hit.pos);
            },
            [&](std::uint32_t pos, unsigned group) { facets->add_to(ix, declared, pos, group); });
        return hits;
    }
    matcher.for_each([&](const Hit& hit) {
        hits.push_back(hit);
        if (facets) facets->add(ix, declared, hit.pos);
    });
    return hits;
}

// Puts the first `needed` hits in order (the rest stays unordered).
void order_hits(std::vector<Hit>& hits, Sort sort, std::size_t needed, const PracticeIndex& ix,
                const std::optional<Near>& near) {
    needed = std::min(needed, hits.size());
    if (needed == 0) return;
    const auto by_name = [&](const Hit& a, const Hit& b) { return ix.name_rank[a.pos] < ix.name_rank[b.pos]; };
    if (sort == Sort::name) {
        std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(needed), hits.end(), by_name);
    } else if (sort == Sort::relevance) {
        std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(needed), hits.end(),
                          [&](const Hit& a, const Hit& b) { return a.rank != b.rank ? a.rank < b.rank : by_name(a, b); });
    } else {
        // Order by the approximate distance, then make the head exact: every hit that could
        // belong to the first `needed` gets its geodesic distance and is sorted again.
        const auto by_distance = [&](const Hit& a, const Hit& b) {
            return a.distance != b.distance ? a.distance < b.distance : by_name(a, b);
        };
        std::nth_element(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(needed - 1), hits.end(), by_distance);
        const double cutoff = hits[needed - 1].distance * 1.006 + 1.0;
        const auto head_end = std::partition(hits.begin(), hits.end(), [&](const Hit& h) { return h.distance <= cutoff; });
        for (auto it = hits.begin(); it != head_end; ++it) {
            it->distance = geo::geodesic_distance_m({near->lon, near->lat}, {ix.lon[it->pos], ix.lat[it->pos]});
        }
        std::sort(hits.begin(), head_end, by_distance);
    }
}

// A key that orders floats as `<` does (no NaN; -0 as +0), in the high bits of a 64-bit key.
std::uint64_t ordered_float_key(float value) {
    const auto bits = std::bit_cast<std::uint32_t>(value + 0.0f);
    return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
}

// The first `needed` text matches by relevance (then name), in order: a bounded heap,
// so a page of a common word costs one pass over its matches. Each match is compared as
// one integer (rank, then name rank): the pass reads the name ranks in position order and
// seldom touches the heap.
std::vector<Hit> best_by_relevance(const TextHits& matches, std::size_t needed, const PracticeIndex& ix) {
    struct Keyed {
        std::uint64_t key;   // (rank, name rank): unique, as name ranks are
        std::uint32_t pos;
        float rank;
        bool operator<(const Keyed& other) const { return key < other.key; }
    };
    std::vector<Keyed> heap;   // max-heap: the worst kept match on top
    heap.reserve(std::min(needed, matches.size()));
    if (needed > 0) {
        for (const auto& [pos, rank] : matches) {
            const Keyed keyed{ordered_float_key(rank) << 32 | ix.name_rank[pos], pos, rank};
            if (heap.size() < needed) {
                heap.push_back(keyed);
                std::push_heap(heap.begin(), heap.end());
            } else if (keyed.key < heap.front().key) {
                std::pop_heap(heap.begin(), heap.end());
                heap.back() = keyed;
                std::push_heap(heap.begin(), heap.end());
            }
        }
    }
    std::sort_heap(heap.begin(), heap.end());
    std::vector<Hit> hits;
    hits.reserve(heap.size());
    for (const auto& keyed : heap) hits.push_back(Hit{keyed.pos, keyed.rank, 0});
    return hits;
}

}  // namespace

// The full-text matches of some words on one index and, computed on first use, what a
// query with that text alone shows whatever the page: the facets, as JSON text, and the
// head of the relevance order.
struct TextMatches {
    TextHits hits;                                  // (position, rank), position order
    std::vector<std::uint16_t> whole_professions;   // every practice of these matches

    // The box of the matches: that of each whole profession (counted once per index), and
    // the other matches one by one.
    const Bounds& bounds(const PracticeIndex& ix, const std::vector<Bounds>& by_profession) const {
        std::call_once(bounds_once_, [&] {
            std::vector<bool> whole(ix.professions.codes.size(), false);
            for (const auto code : whole_professions) {
                whole[code] = true;
                bounds_.add(by_profession[code]);
            }
            for (const auto& [pos, rank] : hits) {
                if (!whole[ix.profession[pos]]) bounds_.add(ix, pos);
            }
        });
        return bounds_;
    }

    // The first kHead matches by relevance: the pages a reader goes through (any page size
    // on the first page, the first five pages of 20) without a pass over every match.
    static constexpr std::size_t kHead = 100;
    const std::vector<Hit>& head(const PracticeIndex& ix) const {
        std::call_once(head_once_, [&] { head_ = best_by_relevance(hits, kHead, ix); });
        return head_;
    }

    // Written again when owners' declarations changed since (another revision of `declared`).
    std::shared_ptr<const std::string> facets_json(const PracticeIndex& ix, const DeclaredColumns& declared,
                                                   const std::vector<FacetCounts>& by_profession) const {
        std::lock_guard lock(facets_mutex_);
        if (facets_json_ && facets_revision_ == declared.revision()) return facets_json_;
        FacetCounts counts(ix);
        std::vector<bool> whole(ix.professions.codes.size(), false);
        for (const auto code : whole_professions) {
            whole[code] = true;
            counts.add(by_profession[code]);
            counts.declared.add(declared.by_profession()[code]);
        }
        // Sparse matches: each column read at a match is a cache miss; ask for those of a
        // later match while counting this one.
        constexpr std::size_t kAhead = 8;
        for (std::size_t h = 0; h < hits.size(); ++h) {
            if (h + kAhead < hits.size()) {
                const auto later = hits[h + kAhead].first;
                __builtin_prefetch(&ix.profession[later]);
                __builtin_prefetch(&ix.commune[later]);
                __builtin_prefetch(&ix.specialty_offset[later]);
                __builtin_prefetch(declared.address_of(later));
            }
            const auto pos = hits[h].first;
            if (!whole[ix.profession[pos]]) counts.add(ix, declared, pos);
        }
        auto text = std::make_shared<std::string>();
        util::JsonWriter out(*text);
        write_facets(out, ix, counts);
        facets_json_ = std::move(text);
        facets_revision_ = declared.revision();
        return facets_json_;
    }

private:
    mutable std::once_flag bounds_once_;
    mutable Bounds bounds_;
    mutable std::mutex facets_mutex_;
    mutable std::shared_ptr<const std::string> facets_json_;
    mutable std::uint64_t facets_revision_ = 0;
    mutable std::once_flag head_once_;
    mutable std::vector<Hit> head_;
};

// Recent full-text matches of one index, by normalised words: the same words typed by
// many users (or paged through) are matched once. Least recently used first out, in
// constant time. Dropped with the index.
class SearchService::TextCache {
public:
    explicit TextCache(const PracticeIndex& ix) : by_profession(facets_by_profession(ix)), bounds_by_profession(ix.professions.codes.size()) {
        for (std::uint32_t pos = 0; pos < ix.size(); ++pos) bounds_by_profession[ix.profession[pos]].add(ix, pos);
    }
    const std::vector<FacetCounts> by_profession;
    std::vector<Bounds> bounds_by_profession;

    std::shared_ptr<const TextMatches> find(const std::string& expression) {
        std::lock_guard lock(mutex_);
        const auto found = where_.find(expression);
        if (found == where_.end()) return nullptr;
        recent_.splice(recent_.begin(), recent_, found->second);
        return found->second->hits;
    }
    void add(const std::string& expression, std::shared_ptr<const TextMatches> hits) {
        if (hits->hits.size() > kMaxHits) return;
        std::vector<std::shared_ptr<const TextMatches>> evicted;   // freed once the lock is released
        std::lock_guard lock(mutex_);
        if (const auto found = where_.find(expression); found != where_.end()) {
            held_ -= found->second->hits->hits.size();
            evicted.push_back(std::move(found->second->hits));
            recent_.erase(found->second);
            where_.erase(found);
        }
        held_ += hits->hits.size();
        recent_.push_front(Entry{expression, std::move(hits)});
        where_.emplace(expression, recent_.begin());
        while (recent_.size() > kMaxEntries || held_ > kMaxHits) {
            auto& oldest = recent_.back();
            held_ -= oldest.hits->hits.size();
            evicted.push_back(std::move(oldest.hits));
            where_.erase(oldest.expression);
            recent_.pop_back();
        }
    }

    // Answers of /clusters without criteria, by zoom and cells: the same for every visitor.
    std::shared_ptr<const std::string> find_clusters(const std::string& key) {
        std::lock_guard lock(clusters_mutex_);
        const auto found = cluster_answers_.find(key);
        return found == cluster_answers_.end() ? nullptr : found->second;
    }
    void add_clusters(const std::string& key, std::shared_ptr<const std::string> answer) {
        std::lock_guard lock(clusters_mutex_);
        // Bounded without an LRU: views are few (a zoom and a pan), and a full cache starts over.
        if (cluster_bytes_ + answer->size() > kMaxClusterBytes || cluster_answers_.size() >= kMaxClusterAnswers) {
            cluster_answers_.clear();
            cluster_bytes_ = 0;
        }
        cluster_bytes_ += answer->size();
        cluster_answers_.insert_or_assign(key, std::move(answer));
    }

private:
    static constexpr std::size_t kMaxClusterAnswers = 2048;
    static constexpr std::size_t kMaxClusterBytes = 32u << 20;
    std::mutex clusters_mutex_;
    std::unordered_map<std::string, std::shared_ptr<const std::string>> cluster_answers_;
    std::size_t cluster_bytes_ = 0;
    // Enough entries that the common words of a busy hour stay (each holds its matches
    // and its facets written, about 10 kB); the matches held are bounded apart.
    static constexpr std::size_t kMaxEntries = 4096;
    static constexpr std::size_t kMaxHits = 8'000'000;   // 64 MB of (position, rank)
    struct Entry {
        std::string expression;
        std::shared_ptr<const TextMatches> hits;
    };
    std::mutex mutex_;
    std::list<Entry> recent_;   // most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> where_;
    std::size_t held_ = 0;
};

std::shared_ptr<const TextMatches> SearchService::text_hits(const PracticeIndex& ix, TextCache& cache, const std::string& q) {
    if (q.empty()) return nullptr;
    auto words = text::words(q);
    if (words.size() > kMaxQueryWords) words.resize(kMaxQueryWords);
    // A text with no letter or digit ("-", an emoji) is a text all the same: it matches
    // nothing, rather than leaving the search without a text criterion.
    if (words.empty()) return std::make_shared<const TextMatches>();
    std::string key;
    for (const auto& word : words) key.append(word).push_back(' ');
    if (auto cached = cache.find(key)) return cached;
    auto hits = std::make_shared<TextMatches>();
    hits->hits = ix.text.match(words, ix, &hits->whole_professions);   // in index order
    cache.add(key, hits);
    return hits;
}


nlohmann::json SearchService::health() {
    std::shared_ptr<const PracticeIndex> ix;
    std::shared_ptr<const nlohmann::json> stored_counts;
    {
        std::lock_guard lock(index_mutex_);
        ix = index_;
        stored_counts = health_counts_;
    }
    nlohmann::json health = {{"status", "ok"}, {"version", ix->version}};
    const auto& meta = ix->data_version;
    const auto at = meta.find("data_version=");
    health["data_version"] = at == std::string::npos ? std::string() : meta.substr(at + 13, meta.find(';', at) - at - 13);
    auto counts = *stored_counts;
    health["last_import"] = counts["last_import"];
    counts.erase("last_import");
    counts["indexed_practices"] = ix->size();
    counts["located_practices"] = ix->located();
    health["counts"] = counts;
    return health;
}

Filters SearchService::with_defaults(const Filters& filters) const {
    Filters effective = filters;
    if (!filters.modes_given) effective.modes = config_.default_modes;
    return effective;
}

// What the page asks once per data version, computed once per index.
struct SearchService::PageData {
    std::string version;
    Bounds bounds;
    std::string base_map;
};

std::shared_ptr<const SearchService::PageData> SearchService::page_data() {
    const auto ix = index();
    std::lock_guard lock(page_mutex_);
    if (page_data_ && page_data_->version == ix->version) return page_data_;
    auto data = std::make_shared<PageData>();
    data->version = ix->version;
    for (std::uint32_t pos = 0; pos < ix->size(); ++pos) data->bounds.add(*ix, pos);
    if (outlines_) {
        std::vector<std::string> communes;
        for (const auto& code : ix->communes.codes) {
            if (!code.empty()) communes.push_back(code);
        }
        // A territory's communes without a practice too: its outline is whole.
        for (const auto& [territory, codes] : ix->territory_commune_codes) communes.insert(communes.end(), codes.begin(), codes.end());
        data->base_map = outlines_->collection(communes);
    }
    page_data_ = data;
    return data;
}

nlohmann::json SearchService::page_settings() {
    const auto ix = index();
    const auto data = page_data();
    nlohmann::json territories = nlohmann::json::array();
    for (const auto& [id, name] : ix->territory_labels) territories.push_back({{"id", id}, {"name", name}});
    nlohmann::json bounds = nullptr;
    if (data->bounds.any) bounds = {data->bounds.west, data->bounds.south, data->bounds.east, data->bounds.north};
    return {{"territories", territories},
            {"bounds", bounds},
            {"default_mode", config_.default_modes},
            {"base_map", outlines_ != nullptr}};
}

std::string SearchService::base_map() { return page_data()->base_map; }

std::string SearchService::search(const SearchQuery& given) {
    SearchQuery query = given;
    query.filters = with_defaults(given.filters);
    const auto [ix, declared, cache] = snapshot();
    const auto text = text_hits(*ix, *cache, query.filters.q);
    Bounds bounds;
    const auto offset = static_cast<std::size_t>(query.page - 1) * static_cast<std::size_t>(query.per_page);
    const auto needed = offset + static_cast<std::size_t>(query.per_page);
    std::optional<FacetCounts> counted;            // facets counted for this query
    std::shared_ptr<const std::string> text_facets;   // or those kept with the text, written
    std::vector<Hit> hits;
    std::size_t total = 0;
    if (text && query.sort == Sort::relevance && !has_criteria(query.filters, false) && !query.filters.bbox) {
        // Text alone: the facets are the same for every page, computed once per text; the
        // page is the head of the relevance order, selected without sorting every match
        // (and kept with the text for the first pages).
        if (query.facets) text_facets = text->facets_json(*ix, *declared, cache->by_profession);
        total = text->hits.size();
        bounds = text->bounds(*ix, cache->bounds_by_profession);
        if (needed <= TextMatches::kHead) {
            const auto& head = text->head(*ix);
            hits.assign(head.begin() + static_cast<std::ptrdiff_t>(std::min(offset, head.size())),
                        head.begin() + static_cast<std::ptrdiff_t>(std::min(needed, head.size())));
        } else {
            hits = best_by_relevance(text->hits, needed, *ix);
            hits.erase(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(std::min(offset, hits.size())));
        }
    } else {
        const Matcher matcher(*ix, *declared, query.filters, text ? &text->hits : nullptr);
        if (query.facets) counted.emplace(*ix);
        hits = collect(matcher, *ix, *declared, counted ? &*counted : nullptr);
        total = hits.size();
        for (const auto& hit : hits) bounds.add(*ix, hit.pos);
        order_hits(hits, query.sort, needed, *ix, query.filters.near);
        // Keep the page only.
        hits.resize(std::min(needed, hits.size()));
        hits.erase(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(std::min(offset, hits.size())));
    }

    // Written straight from the index, keys in order (as nlohmann::json writes them).
    std::string body;
    body.reserve(16384);
    util::JsonWriter out(body);
    out.begin_object();
    out.key("bounds");
    bounds.write(out);
    if (text_facets) {
        out.key("facets").raw_value(*text_facets);
    } else if (counted) {
        out.key("facets");
        write_facets(out, *ix, *counted);
    }
    out.key("items").begin_array();
    for (const auto& hit : hits) {
        std::optional<double> distance;
        if (query.filters.near) {
            distance = std::round(geo::geodesic_distance_m({query.filters.near->lon, query.filters.near->lat},
                                                           {ix->lon[hit.pos], ix->lat[hit.pos]}) * 10) / 10;
        }
        ix->items.write(out, *ix, *declared, hit.pos, distance);
    }
    out.end_array();
    out.key("page").value(query.page);
    out.key("per_page").value(query.per_page);
    out.key("sort").value(query.sort == Sort::relevance ? "relevance" : query.sort == Sort::distance ? "distance" : "name");
    out.key("total").value(total);
    if (!query.filters.understood.empty()) {
        // The words of q read as filters, so that a page can show how it understood them.
        out.key("understood").begin_array();
        for (const auto& read : query.filters.understood) {
            out.begin_object();
            out.key("parameter").value(read.parameter);
            out.key("value").value(read.value);
            out.key("words").value(read.words);
            out.end_object();
        }
        out.end_array();
    }
    out.end_object();
    return body;
}

nlohmann::json SearchService::fiche(const std::string& practitioner_id) {
    auto session = lease();
    auto fiche = session->store.fiche(practitioner_id);
    if (!fiche) throw NotFound("no public practitioner with id '" + practitioner_id.substr(0, 40) + "'");
    return *fiche;
}

std::string SearchService::clusters(const ClusterQuery& given) {
    ClusterQuery query = given;
    query.filters = with_defaults(given.filters);
    const auto [ix, declared, cache] = snapshot();
    auto session = lease();
    // Cells of a fixed world grid (Web-Mercator tiles of zoom+2, i.e. 64-pixel cells): a point
    // always falls in the same cell whatever the view, so clusters do not move when panning.
    // The view is snapped outward to whole cells, so a cell is counted whole or not at all.
    const int level = std::min(query.zoom + 2, 30);
    const int shift = 32 - level;
    const auto& box = *query.filters.bbox;
    const std::int64_t cx0 = mercator_x(box.west) >> shift, cx1 = mercator_x(box.east) >> shift;
    const std::int64_t cy0 = mercator_y(box.north) >> shift, cy1 = mercator_y(box.south) >> shift;
    const std::int64_t width = cx1 - cx0 + 1, height = cy1 - cy0 + 1;
    if (width * height > Limits::max_cluster_cells) {
        throw QueryError("invalid_parameter", "parameter 'bbox': too large for zoom " + std::to_string(query.zoom) +
                                                  " (at most " + std::to_string(Limits::max_cluster_cells) + " cells)");
    }
    // An answer without criteria depends on the index and the cells only: the first view of
    // every visitor is the same few answers, kept per index (owner edits do not change them).
    const bool unfiltered = !has_criteria(query.filters);
    std::string cache_key;
    if (unfiltered) {
        cache_key = std::to_string(query.zoom) + "/" + std::to_string(cx0) + "/" + std::to_string(cy0) + "/" +
                    std::to_string(cx1) + "/" + std::to_string(cy1);
        if (auto kept = cache->find_clusters(cache_key)) return *kept;
    }
    Filters filters = query.filters;
    const double full = std::ldexp(1.0, level);
    filters.bbox = BBox{mercator_x_to_lon(static_cast<double>(cx0), level),
                        mercator_y_to_lat(static_cast<double>(cy1 + 1), level),
                        std::min(180.0, mercator_x_to_lon(std::min(static_cast<double>(cx1 + 1), full), level)),
                        mercator_y_to_lat(static_cast<double>(cy0), level)};
    struct Cell {
        std::uint32_t count = 0;
        std::uint32_t first = 0;
        double lat = 0, lon = 0;
        bool one_place = true;   // every practice at the position of the first
    };
    std::vector<Cell> cells(static_cast<std::size_t>(width * height));
    std::size_t total = 0;
    if (unfiltered && level <= PracticeIndex::kCellZoom) {
        // No filter: the cells were counted when the index was built.
        ix->for_each_cell(level, static_cast<std::uint64_t>(cx0), static_cast<std::uint64_t>(cy0),
                          static_cast<std::uint64_t>(cx1), static_cast<std::uint64_t>(cy1),
                          [&](const PracticeIndex::CellSummary& summary) {
                              const auto cx = static_cast<std::int64_t>(summary.key & 0xffffffffu);
                              const auto cy = static_cast<std::int64_t>(summary.key >> 32);
                              cells[static_cast<std::size_t>((cy - cy0) * width + (cx - cx0))] =
                                  Cell{summary.count, summary.first, summary.lat_sum, summary.lon_sum, summary.one_place};
                              total += summary.count;
                          });
    } else {
        const auto text = text_hits(*ix, *cache, filters.q);
        const Matcher matcher(*ix, *declared, filters, text ? &text->hits : nullptr);
        matcher.for_each([&](const Hit& hit) {
            const std::int64_t cx = std::clamp<std::int64_t>(ix->mx[hit.pos] >> shift, cx0, cx1);
            const std::int64_t cy = std::clamp<std::int64_t>(ix->my[hit.pos] >> shift, cy0, cy1);
            auto& cell = cells[static_cast<std::size_t>((cy - cy0) * width + (cx - cx0))];
            if (cell.count++ == 0) cell.first = hit.pos;
            else cell.one_place = cell.one_place && ix->same_place(cell.first, hit.pos);
            cell.lat += ix->lat[hit.pos];
            cell.lon += ix->lon[hit.pos];
            ++total;
        });
    }
    // Written as text (keys in byte order, as nlohmann::json's dump() writes them).
    std::string answer;
    answer.reserve(256 + 200 * std::min<std::size_t>(total, 4096));
    util::JsonWriter out(answer);
    const auto& snapped = *filters.bbox;
    out.begin_object();
    out.key("bbox").begin_array().value(snapped.west).value(snapped.south).value(snapped.east).value(snapped.north).end_array();
    out.key("cell_zoom").value(level);
    std::size_t clusters = 0;
    for (const auto& cell : cells) clusters += cell.count > 1 ? 1 : 0;
    out.key("clusters").value(static_cast<std::uint64_t>(clusters));
    out.key("features").begin_array();
    for (std::int64_t cy = cy0; cy <= cy1; ++cy) {
        for (std::int64_t cx = cx0; cx <= cx1; ++cx) {
            const auto& cell = cells[static_cast<std::size_t>((cy - cy0) * width + (cx - cx0))];
            if (cell.count == 0) continue;
            out.begin_object().key("geometry").begin_object().key("coordinates").begin_array();
            if (cell.count == 1) {
                const auto pos = cell.first;
                out.value(ix->lon[pos]).value(ix->lat[pos]).end_array().key("type").value("Point").end_object();
                out.key("properties").begin_object()
                    .key("cluster").value(false)
                    .key("id").value(std::string_view(ix->practitioner_id[pos].data()))
                    .key("name").value(ix->items.display_name(pos))
                    .key("practice_id").value(static_cast<std::uint64_t>(ix->practice_id[pos]))
                    .key("profession").value(ix->professions.codes[ix->profession[pos]])
                    .key("profession_label").value(ix->professions.labels[ix->profession[pos]])
                    .key("site_id").value(static_cast<std::uint64_t>(ix->site_id[pos]))
                    .end_object();
            } else {
                out.value(cell.lon / cell.count).value(cell.lat / cell.count).end_array().key("type").value("Point").end_object();
                out.key("properties").begin_object()
                    .key("cell").value(std::to_string(level) + "/" + std::to_string(cx) + "/" + std::to_string(cy))
                    .key("cluster").value(true)
                    .key("count").value(static_cast<std::uint64_t>(cell.count))
                    .key("expansion_zoom").value(std::min(query.zoom + 2, Limits::max_zoom))
                    // Cannot split at any zoom: the practices of one address.
                    .key("one_place").value(cell.one_place)
                    .end_object();
            }
            out.key("type").value("Feature").end_object();
        }
    }
    out.end_array();
    out.key("total").value(static_cast<std::uint64_t>(total));
    out.key("type").value("FeatureCollection");
    out.key("zoom").value(query.zoom);
    out.end_object();
    if (unfiltered) cache->add_clusters(cache_key, std::make_shared<const std::string>(answer));
    return answer;
}

nlohmann::json SearchService::suggest(const std::string& q, int limit) {
    auto ix = index();
    // "Dr Mul": civility words before the word being typed are not part of a name.
    const auto words = read_query_text(q, true).words;
    nlohmann::json items = nlohmann::json::array();
    if (words.empty()) return {{"items", items}};
    const auto matches = [&](const std::string& label) {
        const auto label_words = text::words(label);
        for (const auto& word : words) {
            bool found = false;
            for (const auto& lw : label_words) {
                if (lw.compare(0, word.size(), word) == 0) { found = true; break; }
            }
            if (!found) return false;
        }
        return true;
    };
    const auto add_from = [&](const char* type, const Dictionary& dictionary, const std::map<std::string, std::string>& labels, int max) {
        int added = 0;
        for (const auto& code : dictionary.codes) {
            if (code.empty() || added >= max) continue;
            const auto label = labels.find(code);
            const std::string& text = label == labels.end() ? code : label->second;
            if (matches(text) || code == q) {
                items.push_back({{"type", type}, {"code", code}, {"label", text}});
                ++added;
            }
        }
    };
    add_from("profession", ix->professions, ix->profession_labels, 3);
    add_from("specialty", ix->specialties, ix->specialty_labels, 3);
    add_from("commune", ix->communes, ix->commune_labels, 3);
    if (static_cast<int>(items.size()) < limit) {
        // A practitioner with several practices is suggested once.
        std::set<std::string> seen;
        for (const std::uint32_t pos : ix->text.names_starting_with(words, *ix, static_cast<std::size_t>(limit) * 3)) {
            std::string id(ix->practitioner_id[pos].data());
            if (!seen.insert(id).second) continue;
            items.push_back({{"type", "practitioner"}, {"id", std::move(id)}, {"label", ix->items.display_name(pos)},
                             {"profession", ix->professions.codes[ix->profession[pos]]}});
            if (static_cast<int>(items.size()) >= limit) break;
        }
    }
    if (static_cast<int>(items.size()) > limit) items.erase(items.begin() + limit, items.end());
    return {{"items", items}};
}

// The database reads of one export, on a connection lent by the pool for as long as the
// export lives, in one read transaction.
class SearchService::LeasedExportDetails final : public ExportDetailsSource {
public:
    explicit LeasedExportDetails(Lease lease) : lease_(std::move(lease)), reader_(lease_->db) {}
    void read(std::string_view practitioner_id, std::int64_t site_id, store::ExportDetails& out) override {
        reader_.read(practitioner_id, site_id, out);
    }

private:
    Lease lease_;                          // declared first: returned to the pool last,
    store::ExportDetailsReader reader_;    // after the reader has ended its transaction
};

PreparedExport SearchService::prepare_export(const ExportQuery& given) {
    ExportQuery query = given;
    query.filters = with_defaults(given.filters);
    const auto [ix, declared, cache] = snapshot();
    const auto text = text_hits(*ix, *cache, query.filters.q);
    const Matcher matcher(*ix, *declared, query.filters, text ? &text->hits : nullptr);
    // Positions only (4 bytes a row), and no more than the limit: a query over it is
    // counted, not collected.
    std::vector<std::uint32_t> positions;
    std::size_t matches = 0;
    matcher.for_each([&](const Hit& hit) {
        if (matches++ < Limits::max_export_rows) positions.push_back(hit.pos);
    });
    if (matches > Limits::max_export_rows) {
        throw QueryError("too_many_results", "the query matches " + std::to_string(matches) +
                                                 " practices; narrow it to at most " +
                                                 std::to_string(Limits::max_export_rows) + " to export");
    }
    std::sort(positions.begin(), positions.end(),
              [&ix = *ix](std::uint32_t a, std::uint32_t b) { return ix.name_rank[a] < ix.name_rank[b]; });
    return PreparedExport(query.format, ix, declared, std::move(positions), std::make_unique<LeasedExportDetails>(lease()));
}

nlohmann::json SearchService::geocode(const std::string& q, int limit) {
    const auto book = addresses();
    if (!book) {
        throw Unavailable("this database has no address index: load BAN files with "
                          "'annuaire geocode --db FILE --ban adresses-XX.csv.gz'");
    }
    const auto round_to = [](double value, double scale) { return std::round(value * scale) / scale; };
    nlohmann::json items = nlohmann::json::array();
    for (const auto& candidate : book->geocoder->search(q, static_cast<std::size_t>(std::max(limit, 0)))) {
        const int commune = book->index.commune_by_insee(candidate.insee);
        items.push_back({{"label", candidate.label},
                         {"lat", round_to(candidate.lat, 1e7)},
                         {"lon", round_to(candidate.lon, 1e7)},
                         {"precision", geo::to_string(candidate.precision)},
                         {"score", round_to(candidate.score, 1e3)},
                         {"postcode", candidate.postcode},
                         {"commune", commune < 0 ? std::string() : book->index.communes()[static_cast<std::size_t>(commune)].name},
                         {"insee", candidate.insee}});
    }
    return {{"items", items}};
}

}  // namespace annuaire::search
