#include "store/new_database_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace annuaire::store {

namespace {

namespace fs = std::filesystem;

void remove_if_present(const std::string& path) {
    std::error_code ignored;
    fs::remove(path, ignored);
}

// fsync of a file or directory; the rename is only durable once both are synced.
void sync_path(const std::string& path, bool directory) {
    const int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDWR);
    if (fd < 0) throw DatabaseError("cannot open '" + path + "' to flush it: " + std::strerror(errno));
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0) throw DatabaseError("cannot flush '" + path + "' to disk: " + std::strerror(error));
}

}  // namespace

bool NewDatabaseFile::can_build(const std::string& final_path) {
    struct stat info {};
    if (::stat(final_path.c_str(), &info) != 0) return errno == ENOENT;
    return S_ISREG(info.st_mode) && info.st_size == 0;
}

NewDatabaseFile::NewDatabaseFile(std::string final_path)
    : final_path_(std::move(final_path)), build_path_(final_path_ + ".building") {
    remove_build_files();
    db_.emplace(build_path_, OpenMode::read_write);
    db_->execute(
        "PRAGMA page_size = 8192;"
        "PRAGMA journal_mode = OFF;"
        "PRAGMA synchronous = OFF;"
        "PRAGMA locking_mode = EXCLUSIVE;"
        "PRAGMA foreign_keys = OFF;"  // enforced by the importer
        "PRAGMA temp_store = FILE;"
        "PRAGMA cache_size = -262144;");  // 256 MiB
}

NewDatabaseFile::~NewDatabaseFile() {
    if (writeback_.joinable()) writeback_.join();
    if (published_) return;
    db_.reset();
    remove_build_files();
}

void NewDatabaseFile::remove_build_files() {
    // "-fts": the full-text scratch file a killed import of schema version 4 or older left.
    for (const char* suffix : {"", "-journal", "-wal", "-shm", "-fts"}) remove_if_present(build_path_ + suffix);
}

void NewDatabaseFile::start_writeback() {
    if (writeback_.joinable()) writeback_.join();
    writeback_ = std::thread([path = build_path_] {
        // Only a head start for publish(), which syncs: a failure here changes nothing.
        const int fd = ::open(path.c_str(), O_RDONLY);
        if (fd < 0) return;
        ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
        ::close(fd);
    });
}

void NewDatabaseFile::publish() {
    if (writeback_.joinable()) writeback_.join();
    db_.reset();
    {
        Database db(build_path_, OpenMode::read_write);
        db.execute("PRAGMA journal_mode = WAL");
    }
    // The build's own -wal (empty) and -shm: the final path gets its own below.
    remove_if_present(build_path_ + "-wal");
    remove_if_present(build_path_ + "-shm");
    sync_path(build_path_, false);
    // A WAL or shared-memory file without its database belongs to nothing: never let
    // SQLite replay it into the new file.
    remove_if_present(final_path_ + "-wal");
    remove_if_present(final_path_ + "-shm");
    if (std::rename(build_path_.c_str(), final_path_.c_str()) != 0) {
        throw DatabaseError("cannot move '" + build_path_ + "' to '" + final_path_ + "': " + std::strerror(errno));
    }
    published_ = true;
    const auto directory = fs::path(final_path_).parent_path();
    sync_path(directory.empty() ? "." : directory.string(), true);
    // Opening it for writing leaves its -wal and -shm files in place, as after any session
    // that writes: a reader that cannot write to the directory needs them.
    Database leaves_wal_files(final_path_, OpenMode::read_write);
}

}  // namespace annuaire::store
