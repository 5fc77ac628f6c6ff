// The facade through which the server reaches the domain: every endpoint calls
// one method with a typed query and gets JSON (or an export to write) back. Owns the
// in-memory index (reloaded in the background when the database changes) and a
// pool of read connections. Thread-safe. Each answer is made by a file of its own
// (results_page, clusters, suggest, page_settings, address_book, export_selection), from
// the index, the declared columns and the text cache this class hands it.
#pragma once

#include "search/export.hpp"
#include "search/search_query.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace annuaire::store {
struct CommitMark;
}
namespace annuaire::reference {
class CommuneOutlines;
}

namespace annuaire::search {

class PracticeIndex;
class DeclaredColumns;
class TextCache;
struct AddressBook;
struct PageData;

// No address index in the database: the geocoder cannot answer (503).
class Unavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The index is still being loaded or built after start: nothing to answer from yet (503,
// try again in a second).
class Starting : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ServiceConfig {
    std::string database_path;
    int reload_check_ms = 500;   // how often to look for a finished import
    // Exercise modes a search keeps when it names none (mode=all lifts it): a CPTS's map may
    // list its libéraux only. Empty: every mode.
    std::vector<std::string> default_modes;
    // Commune contours for the page's offline base map (reference::CommuneOutlines); none: no base map.
    std::optional<std::string> contours_path;
    // Where the index is saved after each build and loaded from at start (index_file.hpp);
    // none: built from the database at every start.
    std::optional<std::string> index_path;
    void validate() const;
};

class SearchService {
public:
    // Opens the database (throws if it cannot be read) and returns at once: the index is
    // loaded from config.index_path, or built, on a thread of its own. Until it is there,
    // health() says "starting" and the other calls throw Starting.
    explicit SearchService(ServiceConfig config);
    ~SearchService();
    SearchService(const SearchService&) = delete;
    SearchService& operator=(const SearchService&) = delete;

    // Tag of the data the answers come from; changes when an import, a geocoding or a
    // declaration is committed (and the index reloaded).
    std::string version() const;

    // {"status": "starting"} until the first index is served, then "ok" with what it holds.
    nlohmann::json health();
    // Waits until the first index is served; false when `timeout` ran out first.
    bool wait_until_ready(std::chrono::milliseconds timeout);
    // What the map page starts from: the territories, the box of the located practices, the
    // default exercise modes.
    nlohmann::json page_settings();
    // The contours of the communes served (the territories' and those of practices), as
    // GeoJSON text: the page's base map when no tile is at hand. Empty without contours.
    std::string base_map();
    // The JSON text of the answer (written directly: the busiest endpoint).
    std::string search(const SearchQuery& query);
    // Throws NotFound for an unknown or archived practitioner.
    nlohmann::json fiche(const std::string& practitioner_id);
    // GeoJSON text of the clusters of a view.
    std::string clusters(const ClusterQuery& query);
    nlohmann::json suggest(const std::string& q, int limit);
    // The matches of an export query, in name order, from the current index, ready to be
    // written. Throws QueryError ("too_many_results") above Limits::max_export_rows, before
    // anything is written. The export holds a read connection until it is destroyed, and
    // must not outlive this service.
    PreparedExport prepare_export(const ExportQuery& query);
    // Forward geocoding for "near this address" (issue 2): ranked candidates, best first.
    // Throws Unavailable when the database has no address index (BAN never loaded).
    nlohmann::json geocode(const std::string& q, int limit);

    // Brings the indexes up to date with the database (also done by the watcher thread):
    // owner edits alone are applied to the declared columns; anything else that the index
    // holds (imports, geocoding, pins, corrections; they change the meta table) rebuilds it,
    // and the address index when the BAN rows changed.
    void reload_if_changed();
    // Asks the watcher to look for commits now rather than at its next tick.
    void request_refresh();
    // After an owner edit committed with owner_change `sequence`: waits (at most `timeout`)
    // until search answers with it. False when the time ran out (a rebuild in progress).
    bool wait_for_owner_changes(std::int64_t sequence, std::chrono::milliseconds timeout);

private:
    struct Session;
    struct Lease;
    class LeasedExportDetails;
    Lease lease();
    std::shared_ptr<const PracticeIndex> index() const;
    std::shared_ptr<const AddressBook> addresses() const;
    // The index, the declared columns served with it and its text cache, taken together.
    struct Snapshot {
        std::shared_ptr<const PracticeIndex> ix;
        std::shared_ptr<const DeclaredColumns> declared;
        std::shared_ptr<TextCache> cache;
    };
    Snapshot snapshot() const;
    void watch();
    // The first index: loaded from the index file when there is a usable one, then brought up
    // to date with the database like any later change.
    void start_up();
    // With reload_mutex_ held: loads the address index when the BAN rows changed.
    void refresh_addresses_locked();
    void save_index_file(const PracticeIndex& index, const nlohmann::json& counts) const;
    // With reload_mutex_ held: applies the owner edits committed since the last look, when
    // nothing else changed (true); false when the index must be rebuilt.
    bool apply_owner_changes_locked();
    Filters with_defaults(const Filters& filters) const;
    std::shared_ptr<const PageData> page_data();

    ServiceConfig config_;
    mutable std::mutex index_mutex_;
    std::shared_ptr<const PracticeIndex> index_;
    std::shared_ptr<const DeclaredColumns> declared_;   // index_'s, with the owner edits applied since
    std::int64_t owner_changes_applied_ = 0;             // the last owner_change in declared_
    std::condition_variable applied_cv_;                 // with index_mutex_
    std::shared_ptr<TextCache> text_cache_;
    std::shared_ptr<const AddressBook> addresses_;   // null: no address index
    bool addresses_checked_ = false;                  // false: not looked at yet (starting)
    std::condition_variable ready_cv_;                // with index_mutex_: index_ set
    // How the index being served came: "file" or "database", and the time it took.
    std::string index_source_;
    double index_seconds_ = 0;
    bool rebuilding_ = false;                         // a new index is being built from the database
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::shared_ptr<const nlohmann::json> health_counts_;   // of the data index_ was built from
    std::mutex pool_mutex_;
    std::vector<std::unique_ptr<Session>> pool_;
    std::mutex reload_mutex_;
    std::unique_ptr<store::CommitMark> seen_commit_;
    bool rebuild_due_ = false;   // with reload_mutex_: the index served was made by older rules  // of the index being served; null before the first
    std::optional<std::string> seen_addresses_;      // BAN sources fingerprint of addresses_
    std::unique_ptr<Session> watcher_session_;
    std::mutex stop_mutex_;
    std::condition_variable stop_cv_;
    bool stopping_ = false;
    bool wake_ = false;   // request_refresh()
    std::thread watcher_;
    std::shared_ptr<const reference::CommuneOutlines> outlines_;   // null: no contours file
    std::mutex page_mutex_;
    std::shared_ptr<const PageData> page_data_;   // of one index version
};

}  // namespace annuaire::search
