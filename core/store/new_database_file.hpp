// A database built from nothing in a file beside its final path, and moved there
// only once complete. Nobody can read the file while it is built, so it is written
// without rollback journal or WAL (each page once, not twice); a failure or a
// SIGKILL leaves nothing at the final path.
#pragma once

#include "store/database.hpp"

#include <optional>
#include <string>
#include <thread>

namespace annuaire::store {

class NewDatabaseFile {
public:
    // True when nothing is at final_path yet (or an empty file): a build can replace it.
    static bool can_build(const std::string& final_path);

    // Opens a fresh build file, removing one a killed run may have left.
    explicit NewDatabaseFile(std::string final_path);
    // Removes the build file unless publish() moved it in place.
    ~NewDatabaseFile();
    NewDatabaseFile(const NewDatabaseFile&) = delete;
    NewDatabaseFile& operator=(const NewDatabaseFile&) = delete;

    Database& db() { return *db_; }
    const std::string& build_path() const { return build_path_; }

    // Asks the kernel to start writing what the build has written so far, on a thread
    // of its own, so that publish()'s flush to disk finds less left to write.
    void start_writeback();

    // Call after the last transaction committed: closes the connection, switches
    // the file to WAL (as every reader and writer expects), flushes it to disk,
    // renames it to the final path and sets up its -wal and -shm files there.
    void publish();

private:
    // The build file and what SQLite may have left beside it.
    void remove_build_files();
    std::string final_path_;
    std::string build_path_;
    std::optional<Database> db_;
    std::thread writeback_;
    bool published_ = false;
};

}  // namespace annuaire::store
