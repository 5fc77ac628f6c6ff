#include "search/search_service.hpp"

#include "owner/owner_fields.hpp"
#include "reference/commune_outlines.hpp"
#include "search/address_book.hpp"
#include "search/clusters.hpp"
#include "search/declared_columns.hpp"
#include "search/export_selection.hpp"
#include "search/page_settings.hpp"
#include "search/practice_index.hpp"
#include "search/results_page.hpp"
#include "search/suggest.hpp"
#include "search/text_cache.hpp"
#include "store/address_store.hpp"
#include "store/search_store.hpp"

#include "geocode_job.hpp"
#include "geocoder.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <mutex>

namespace annuaire::search {

// The exercise modes (owner/owner_fields.hpp).
using owner::index_of;
using owner::kExerciseModes;

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

std::shared_ptr<const AddressBook> SearchService::addresses() const {
    std::lock_guard lock(index_mutex_);
    return addresses_;
}

std::string SearchService::version() const {
    std::lock_guard lock(index_mutex_);
    // The index's own tag, and how many owner edits were applied to it since it was built.
    return declared_->revision() == 0 ? index_->version : index_->version + "-" + std::to_string(declared_->revision());
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

std::shared_ptr<const PageData> SearchService::page_data() {
    const auto ix = index();
    std::lock_guard lock(page_mutex_);
    if (page_data_ && page_data_->version == ix->version) return page_data_;
    page_data_ = make_page_data(*ix, outlines_.get());
    return page_data_;
}

nlohmann::json SearchService::page_settings() {
    const auto ix = index();
    const auto data = page_data();
    return page_settings_json(*ix, *data, config_.default_modes, outlines_ != nullptr);
}

std::string SearchService::base_map() { return page_data()->base_map; }

std::string SearchService::search(const SearchQuery& given) {
    SearchQuery query = given;
    query.filters = with_defaults(given.filters);
    const auto [ix, declared, cache] = snapshot();
    return results_page(*ix, *declared, *cache, query);
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
    return clusters_answer(*ix, *declared, *cache, query);
}

nlohmann::json SearchService::suggest(const std::string& q, int limit) { return suggestions(*index(), q, limit); }

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
    auto positions = export_positions(*ix, *declared, *cache, query.filters);   // may refuse: before a lease
    return PreparedExport(query.format, ix, declared, std::move(positions), std::make_unique<LeasedExportDetails>(lease()));
}

nlohmann::json SearchService::geocode(const std::string& q, int limit) {
    const auto book = addresses();
    if (!book) {
        throw Unavailable("this database has no address index: load BAN files with "
                          "'annuaire geocode --db FILE --ban adresses-XX.csv.gz'");
    }
    return geocode_answer(*book, q, limit);
}

}  // namespace annuaire::search
