// Writes one import of an RPPS extract into the store: every SQL statement of
// the import lives here. The caller owns the transaction, so that a failure
// anywhere (a threshold, a signal, a crash) leaves the previous data intact.
#pragma once

#include "model/extract_rows.hpp"
#include "model/reconciliation.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace annuaire::store {

// What finish() wrote, counted by the rules of model/reconciliation.hpp.
struct ImportSummary {
    std::int64_t import_id = 0;
    model::EntityCounts practitioners;
    model::EntityCounts sites;
    model::EntityCounts activities;
    std::uint64_t specialties_added = 0;
    std::uint64_t specialties_removed = 0;
    std::uint64_t public_practitioners_before = 0;
    std::uint64_t public_practices_after = 0;
    // Seconds spent in each step of finish(), for benchmarks.
    std::vector<std::pair<std::string, double>> step_seconds;
};

struct ImportRunRecord {
    std::string file_name;
    std::uint64_t file_size = 0;
    std::string sha256;
    int header_columns = 0;
    std::string territory_id;
    std::string started_at;
    std::string finished_at;
    std::uint64_t lines_read = 0;
    std::uint64_t lines_rejected = 0;
    std::uint64_t lines_outside_territory = 0;
    std::string report_json;
};

// What ImportWriter::add() computes from a line before touching the store: keys and
// content hashes. prepare() is pure, so the reading thread can do it.
struct LineKeys {
    std::string site_key;            // empty without a site
    std::int64_t site_key_hash = 0;
    std::int64_t address_hash = 0;
    std::int64_t site_hash = 0;
    std::uint64_t practitioner_key = 0;
    std::int64_t practitioner_hash = 0;
    std::int64_t activity_key = 0;
    std::int64_t activity_hash = 0;
};

class ImportWriter {
public:
    // Must be constructed inside an open write transaction on db.
    explicit ImportWriter(Database& db);
    ~ImportWriter();
    ImportWriter(const ImportWriter&) = delete;
    ImportWriter& operator=(const ImportWriter&) = delete;

    std::int64_t import_id() const;

    // Optional sizing hint (the extract's expected line count), given before the
    // first add(): the in-memory maps then never rehash during the import.
    void expect_lines(std::uint64_t lines);

    // Fills keys for line. Throws std::invalid_argument on an identifier that is not digits.
    static void prepare(const model::ExtractLine& line, LineKeys& keys);

    // Starts loading the in-memory state a coming add() of these keys will read: the
    // maps are hundreds of megabytes, so each lookup is otherwise a wait for memory.
    void prefetch(const LineKeys& keys) const;

    // Adds one line, with its keys from prepare(). Returns the number of an earlier
    // identical line when this one is an exact duplicate (and writes nothing), else 0.
    std::uint64_t add(const model::ExtractLine& line, const LineKeys& keys);

    // Archives what the extract no longer holds and refreshes practices. Call once,
    // after the last add().
    ImportSummary finish();

    // Records the run; the caller then commits its transaction.
    void record_run(const ImportRunRecord& run, const ImportSummary& summary);

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace annuaire::store
