#include "search/search_service.hpp"

#include "owner/owner_fields.hpp"
#include "reference/commune_outlines.hpp"
#include "search/address_book.hpp"
#include "search/clusters.hpp"
#include "search/declared_columns.hpp"
#include "search/export_selection.hpp"
#include "search/index_file.hpp"
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
#include <cmath>
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
    watcher_ = std::thread([this] {
        start_up();
        watch();
    });
}

bool SearchService::wait_until_ready(std::chrono::milliseconds timeout) {
    std::unique_lock lock(index_mutex_);
    return ready_cv_.wait_for(lock, timeout, [this] { return index_ != nullptr; });
}

void SearchService::start_up() {
    const auto seconds_since = [](std::chrono::steady_clock::time_point from) {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - from).count();
    };
    if (config_.index_path && std::filesystem::exists(*config_.index_path)) {
        const auto began = std::chrono::steady_clock::now();
        try {
            auto saved = load_index(*config_.index_path);
            auto cache = std::make_shared<TextCache>(*saved.index);
            auto counts = std::make_shared<const nlohmann::json>(std::move(saved.health_counts));
            std::lock_guard reload(reload_mutex_);
            {
                std::lock_guard swap(index_mutex_);
                declared_ = saved.index->declared;
                owner_changes_applied_ = saved.index->owner_changes_seen;
                index_ = saved.index;
                text_cache_ = std::move(cache);
                health_counts_ = std::move(counts);
                index_source_ = "file";
                index_seconds_ = seconds_since(began);
            }
            // Not the mark of any commit: the first look compares the data with the file's.
            seen_commit_ = std::make_unique<store::CommitMark>();
            rebuild_due_ = !saved.current_rules;
            ready_cv_.notify_all();
            std::cerr << "annuaire serve: index loaded from " << *config_.index_path << " in " << index_seconds_
                      << " s (" << saved.index->size() << " practices"
                      << (rebuild_due_ ? "; saved by an older build: rebuilding it" : "") << ")" << std::endl;
        } catch (const std::exception& error) {
            std::cerr << "annuaire serve: " << error.what() << "; building the index from the database" << std::endl;
        }
    }
    while (true) {
        try {
            reload_if_changed();
            return;
        } catch (const std::exception& error) {
            std::cerr << "annuaire serve: cannot build the index: " << error.what() << "; trying again in 5 s" << std::endl;
        }
        std::unique_lock lock(stop_mutex_);
        if (stop_cv_.wait_for(lock, std::chrono::seconds(5), [this] { return stopping_; })) return;
    }
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
    if (seen_commit_ && !rebuild_due_ && apply_owner_changes_locked()) {
        seen_commit_ = std::make_unique<store::CommitMark>(std::move(mark));
        refresh_addresses_locked();
        return;
    }
    const auto began = std::chrono::steady_clock::now();
    {
        std::lock_guard state(index_mutex_);
        rebuilding_ = true;
    }
    std::shared_ptr<const PracticeIndex> fresh;
    try {
        fresh = PracticeIndex::build(watcher_session_->db);
    } catch (...) {
        std::lock_guard state(index_mutex_);
        rebuilding_ = false;
        throw;
    }
    auto fresh_cache = std::make_shared<TextCache>(*fresh);
    // Counted once per data version: on a national database each count reads a whole table.
    auto counts = std::make_shared<const nlohmann::json>(watcher_session_->store.health_counts());
    const bool first = !seen_commit_;
    seen_commit_ = std::make_unique<store::CommitMark>(std::move(mark));
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    {
        std::lock_guard swap(index_mutex_);
        declared_ = fresh->declared;
        owner_changes_applied_ = fresh->owner_changes_seen;
        index_ = fresh;
        text_cache_ = std::move(fresh_cache);
        health_counts_ = counts;
        index_source_ = "database";
        index_seconds_ = seconds;
        rebuilding_ = false;
    }
    rebuild_due_ = false;
    applied_cv_.notify_all();
    ready_cv_.notify_all();
    std::cerr << "annuaire serve: index " << (first ? "built" : "rebuilt after a commit") << " in " << seconds << " s ("
              << fresh->size() << " practices)" << std::endl;
    save_index_file(*fresh, *counts);
    refresh_addresses_locked();
}

void SearchService::refresh_addresses_locked() {
    // The address index is rebuilt only when BAN rows were loaded, not for every import.
    std::shared_ptr<const AddressBook> book;
    std::string fingerprint;
    {
        store::ReadTransaction same_rows(watcher_session_->db);  // the fingerprint of the rows loaded
        fingerprint = store::address_sources_fingerprint(watcher_session_->db);
        if (addresses_checked_ && fingerprint == seen_addresses_) return;
        if (!fingerprint.empty()) {
            const auto began = std::chrono::steady_clock::now();
            auto loaded = std::make_shared<AddressBook>();
            loaded->index = geo::load_address_index(watcher_session_->db);
            if (loaded->index.address_count() > 0) {
                // Free-text search uses the index only: no contours, no CEDEX table.
                loaded->geocoder = std::make_unique<geo::Geocoder>(loaded->index, nullptr, nullptr);
                std::cerr << "annuaire serve: address index loaded in "
                          << std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count() << " s ("
                          << loaded->index.address_count() << " addresses)" << std::endl;
                book = std::move(loaded);
            }
        }
    }
    seen_addresses_ = std::move(fingerprint);
    std::lock_guard swap(index_mutex_);
    addresses_ = std::move(book);
    addresses_checked_ = true;
}

void SearchService::save_index_file(const PracticeIndex& index, const nlohmann::json& counts) const {
    if (!config_.index_path) return;
    const auto began = std::chrono::steady_clock::now();
    try {
        save_index(index, counts, *config_.index_path);
        std::cerr << "annuaire serve: index saved to " << *config_.index_path << " in "
                  << std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count() << " s" << std::endl;
    } catch (const std::exception& error) {
        // Serving goes on; only the next start is slower.
        std::cerr << "annuaire serve: " << error.what() << ": the next start will build the index again" << std::endl;
    }
}

namespace {
const char* const kStartingMessage = "the directory is being loaded after a start: try again in a second";
}

std::shared_ptr<const PracticeIndex> SearchService::index() const {
    std::lock_guard lock(index_mutex_);
    if (!index_) throw Starting(kStartingMessage);
    return index_;
}

SearchService::Snapshot SearchService::snapshot() const {
    std::lock_guard lock(index_mutex_);
    if (!index_) throw Starting(kStartingMessage);
    return {index_, declared_, text_cache_};
}

std::shared_ptr<const AddressBook> SearchService::addresses() const {
    std::lock_guard lock(index_mutex_);
    if (!addresses_checked_) throw Starting("the address index is being loaded after a start: try again in a second");
    return addresses_;
}

std::string SearchService::version() const {
    std::lock_guard lock(index_mutex_);
    if (!index_) return {};
    // The index's own tag, and how many owner edits were applied to it since it was built.
    return declared_->revision() == 0 ? index_->version : index_->version + "-" + std::to_string(declared_->revision());
}

nlohmann::json SearchService::health() {
    std::shared_ptr<const PracticeIndex> ix;
    std::shared_ptr<const nlohmann::json> stored_counts;
    nlohmann::json index_state;
    std::string geocoder;
    {
        std::lock_guard lock(index_mutex_);
        ix = index_;
        stored_counts = health_counts_;
        const auto since_start = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        index_state = ix ? nlohmann::json{{"state", rebuilding_ ? "rebuilding" : "ready"},
                                          {"source", index_source_},
                                          {"load_seconds", std::round(index_seconds_ * 1000) / 1000}}
                         : nlohmann::json{{"state", rebuilding_ ? "building" : "loading"},
                                          {"seconds_since_start", std::round(since_start * 1000) / 1000}};
        geocoder = !addresses_checked_ ? "loading" : addresses_ ? "ready" : "none";
    }
    // Until the index and the address index are both loaded: a load balancer keeps its visitors
    // elsewhere (503). Searches are answered as soon as the index is there.
    if (!ix) return {{"status", "starting"}, {"index", index_state}, {"geocoder", geocoder}};
    nlohmann::json health = {{"status", geocoder == "loading" ? "starting" : "ok"},
                             {"version", ix->version},
                             {"index", index_state},
                             {"geocoder", geocoder}};
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
