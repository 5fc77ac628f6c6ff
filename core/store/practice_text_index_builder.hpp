// Builds the full-text index of a first import on a thread of its own, while the
// importing thread writes the directory rows. SQLite allows one writer per file,
// so the index is built in a file beside the database and copied into it at the
// end: copying FTS5's tables is a few times cheaper than building the index.
#pragma once

#include "store/database.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace annuaire::store {

class PracticeTextIndexBuilder {
public:
    // Starts the thread; `path` is a scratch file, removed by the destructor.
    explicit PracticeTextIndexBuilder(std::string path);
    ~PracticeTextIndexBuilder();
    PracticeTextIndexBuilder(const PracticeTextIndexBuilder&) = delete;
    PracticeTextIndexBuilder& operator=(const PracticeTextIndexBuilder&) = delete;

    // The indexed text of one practice, column by column (empty text is NULL).
    struct Columns {
        std::string_view name, profession, specialties, site, commune;
    };
    // Queues one practice; waits while the queue is full, so memory stays bounded.
    void add(std::int64_t practice_id, const Columns& columns);

    // Waits for every queued practice to be indexed, then replaces the practice_fts
    // index of `target` (inside its open transaction) with the one built.
    // Rethrows an error of the building thread.
    void copy_into(Database& target);

private:
    // Practices queued together; their text in one buffer, to spare millions of allocations.
    struct Batch {
        std::string text;
        std::vector<std::int64_t> ids;
        std::vector<std::uint32_t> ends;  // kColumns per practice: where each column ends in text
    };
    static constexpr int kColumns = 5;

    void run();
    void push_batch();

    static constexpr std::size_t kBatch = 2048;
    // About 20 MB: the importing thread never waits for the index, which catches up
    // while the importing thread builds the other indexes.
    static constexpr std::size_t kQueuedBatches = 64;

    std::string path_;
    Batch filling_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Batch> queue_;
    bool closed_ = false;    // no more batches will come
    bool finished_ = false;  // the thread committed and closed its connection
    std::exception_ptr error_;
    std::thread thread_;     // last: starts once every other member is ready
};

}  // namespace annuaire::store
