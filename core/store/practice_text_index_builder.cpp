#include "store/practice_text_index_builder.hpp"

#include "store/schema.hpp"

#include <cstdio>

namespace annuaire::store {

PracticeTextIndexBuilder::PracticeTextIndexBuilder(std::string path) : path_(std::move(path)) {
    std::remove(path_.c_str());  // left by a killed run
    thread_ = std::thread([this] { run(); });
}

PracticeTextIndexBuilder::~PracticeTextIndexBuilder() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        queue_.clear();  // an abandoned build: stop as soon as possible
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
    std::remove(path_.c_str());
}

void PracticeTextIndexBuilder::add(std::int64_t practice_id, const Columns& columns) {
    filling_.ids.push_back(practice_id);
    for (const std::string_view column :
         {columns.name, columns.profession, columns.specialties, columns.site, columns.commune}) {
        filling_.text += column;
        filling_.ends.push_back(static_cast<std::uint32_t>(filling_.text.size()));
    }
    if (filling_.ids.size() >= kBatch) push_batch();
}

void PracticeTextIndexBuilder::push_batch() {
    if (filling_.ids.empty()) return;
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return queue_.size() < kQueuedBatches || error_ || finished_; });
    if (!error_ && !finished_) {  // else the thread stopped: its error surfaces in copy_into()
        queue_.push_back(std::move(filling_));
        changed_.notify_all();
    }
    filling_ = {};
}

void PracticeTextIndexBuilder::run() {
    try {
        Database db(path_, OpenMode::read_write);
        // A scratch file that nobody else reads: no journal, no syncs.
        db.execute(
            "PRAGMA page_size = 8192; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -16384;");
        create_practice_full_text_table(db);
        Transaction transaction(db);
        // FTS5 flushes its in-memory terms to a new segment every 'hashsize' bytes (1 MiB by
        // default), then merges segments: 64 MiB segments make a national build 40 % faster
        // (128 MiB is no faster, and takes 70 MB more memory).
        // The setting is stored with the index: set back to the default for later small updates.
        db.execute("INSERT INTO practice_fts(practice_fts, rank) VALUES('hashsize', 67108864)");
        auto insert = db.prepare(
            "INSERT INTO practice_fts(rowid, name, profession, specialties, site, commune) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
        for (;;) {
            Batch batch;
            {
                std::unique_lock lock(mutex_);
                changed_.wait(lock, [&] { return !queue_.empty() || closed_; });
                if (queue_.empty()) break;
                batch = std::move(queue_.front());
                queue_.pop_front();
                changed_.notify_all();
            }
            const std::string_view text(batch.text);
            std::uint32_t start = 0;
            for (std::size_t i = 0; i < batch.ids.size(); ++i) {
                insert.bind(1, batch.ids[i]);
                for (int column = 0; column < kColumns; ++column) {
                    const std::uint32_t end = batch.ends[i * kColumns + static_cast<std::size_t>(column)];
                    insert.bind_unowned_or_null(2 + column, text.substr(start, end - start));
                    start = end;
                }
                insert.run();
            }
        }
        db.execute("INSERT INTO practice_fts(practice_fts, rank) VALUES('hashsize', 1048576)");
        transaction.commit();
    } catch (...) {
        std::lock_guard lock(mutex_);
        error_ = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    finished_ = true;
    changed_.notify_all();
}

void PracticeTextIndexBuilder::copy_into(Database& target) {
    push_batch();
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    changed_.notify_all();
    thread_.join();
    if (error_) std::rethrow_exception(error_);

    Database built(path_, OpenMode::read_only);
    for (const auto& table : practice_full_text_shadow_tables()) {
        // Table names come from the schema, never from input.
        target.execute("DELETE FROM main." + table);
        auto read = built.prepare("SELECT * FROM " + table);
        std::string placeholders;
        for (int i = 1; i <= read.column_count(); ++i) placeholders += i == 1 ? "?" : ", ?";
        auto write = target.prepare("INSERT INTO main." + table + " VALUES(" + placeholders + ")");
        while (read.step()) {
            for (int i = 0; i < read.column_count(); ++i) write.bind_column_of(i + 1, read, i);
            write.run();
        }
    }
}

}  // namespace annuaire::store
