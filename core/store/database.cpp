#include "store/database.hpp"

#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <unordered_map>
#include <vector>
#include <utility>

namespace annuaire::store {

namespace {

// A -wal file shorter than its header holds no frame: the database file is the whole database.
constexpr off_t kWalHeaderBytes = 32;
// File times are kept at a coarse granularity (a few milliseconds, a second on some file
// systems): a change within that time of an earlier look may leave them as they were.
constexpr time_t kSettledSeconds = 2;

std::string wal_of(const std::string& path) { return path + "-wal"; }
std::string shm_of(const std::string& path) { return path + "-shm"; }

// Absolute, so that a message about it says which directory it is.
std::string directory_of(const std::string& path) {
    std::error_code no_working_directory;
    auto parent = std::filesystem::absolute(path, no_working_directory).parent_path();
    if (no_working_directory) parent = std::filesystem::path(path).parent_path();
    return parent.empty() ? "." : parent.string();
}

bool exists(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0;
}

bool may(const std::string& path, int what) { return ::access(path.c_str(), what) == 0; }

bool on_read_only_file_system(const std::string& path) {
    struct statvfs info {};
    return ::statvfs(directory_of(path).c_str(), &info) == 0 && (info.f_flag & ST_RDONLY) != 0;
}

bool wal_has_frames(const std::string& path) {
    struct stat info {};
    return ::stat(wal_of(path).c_str(), &info) == 0 && info.st_size >= kWalHeaderBytes;
}

// Nothing can change a file on a read-only file system, so SQLite may skip its locks and
// its -shm file; but only when the -wal holds nothing, as immutable reads ignore it.
bool open_as_immutable(const std::string& path) {
    return on_read_only_file_system(path) && !exists(shm_of(path)) && !wal_has_frames(path);
}

// An SQLite URI for path (sqlite.org/uri.html): every byte but unreserved ones and '/' escaped.
std::string uri_of(const std::string& path) {
    std::string uri = "file:";
    for (const unsigned char c : path) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            uri.push_back(static_cast<char>(c));
        } else {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", c);
            uri += escaped;
        }
    }
    return uri;
}

// What keeps SQLite from reading or creating the -wal and -shm files beside `path`.
std::string wal_files_cause(const std::string& path) {
    const std::string wal = wal_of(path), shm = shm_of(path);
    for (const auto& file : {wal, shm}) {
        if (exists(file) && !may(file, R_OK)) return "permission denied: '" + file + "' is not readable by this user";
    }
    const bool has_wal = exists(wal), has_shm = exists(shm);
    if (has_wal && has_shm) return {};
    const std::string missing = !has_wal && !has_shm ? "'" + wal + "' and '" + shm + "'" : "'" + (has_wal ? shm : wal) + "'";
    std::string where;
    if (on_read_only_file_system(path)) {
        where = "the file system is mounted read-only";
    } else if (!may(directory_of(path), W_OK)) {
        where = "the directory '" + directory_of(path) + "' is not writable by this user";
    } else {
        return {};
    }
    const std::string advice = wal_has_frames(path)
        ? "'" + wal + "' holds changes the database file lacks: open the database once where it can be written"
        : "run `annuaire stats --db " + path + "` once as a user who can write there, which leaves them in place";
    return where + ", and SQLite needs " + missing + " beside this WAL database: " + advice;
}

// What is wrong with the database file itself for `mode`, or nothing.
std::string file_cause(const std::string& path, OpenMode mode) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        const int error = errno;
        if (error == EACCES) return "permission denied: a directory on its path cannot be entered by this user";
        if (error != ENOENT) return std::strerror(error);
        if (mode == OpenMode::read_only) return "the file does not exist";
        const auto directory = directory_of(path);
        if (!exists(directory)) return "the directory '" + directory + "' does not exist";
        if (on_read_only_file_system(path)) return "the file system is mounted read-only";
        if (!may(directory, W_OK)) return "the directory '" + directory + "' is not writable by this user";
        return {};
    }
    if (S_ISDIR(info.st_mode)) return "it is a directory, not a database file";
    if (!may(path, R_OK)) return "permission denied: the file is not readable by this user";
    if (mode == OpenMode::read_write) {
        if (on_read_only_file_system(path)) return "the file system is mounted read-only";
        if (!may(path, W_OK)) return "permission denied: the file is read-only for this user";
    }
    return {};
}

// Why a write failed with SQLITE_READONLY: the first thing in the way.
std::string write_cause(const std::string& path) {
    if (auto cause = file_cause(path, OpenMode::read_write); !cause.empty()) return cause;
    for (const auto& file : {wal_of(path), shm_of(path)}) {
        if (exists(file) && !may(file, W_OK)) return "permission denied: '" + file + "' is not writable by this user";
    }
    if (auto cause = wal_files_cause(path); !cause.empty()) return cause;
    return "SQLite refuses to write to it";
}

// The cause of SQLite error `rc` in plain words. SQLite's own message is only used for
// SQLITE_ERROR, where it names the missing table or column but holds no statement.
std::string cause_of(sqlite3* db, int rc, const std::string& path) {
    const int system_error = db ? sqlite3_system_errno(db) : 0;
    switch (rc & 0xff) {
        case SQLITE_CANTOPEN:
            if (auto cause = wal_files_cause(path); !cause.empty()) return cause;
            return system_error ? std::strerror(system_error) : "SQLite cannot open it";
        case SQLITE_READONLY:
            if (rc == SQLITE_READONLY_DIRECTORY) {
                if (auto cause = wal_files_cause(path); !cause.empty()) return cause;
            }
            if (rc == SQLITE_READONLY_CANTINIT || rc == SQLITE_READONLY_RECOVERY) {
                return "its shared-memory file '" + shm_of(path) +
                       "' needs to be rebuilt, and this user cannot write it: open the database once as a user who can";
            }
            return write_cause(path);
        case SQLITE_NOTADB: return "it is not an SQLite database";
        case SQLITE_CORRUPT: return "the file is damaged (SQLite finds it malformed)";
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return "it is locked by another program (an import still running?): try again when it is done";
        case SQLITE_FULL: return "the disk is full";
        case SQLITE_PERM:
        case SQLITE_AUTH: return "permission denied";
        case SQLITE_IOERR:
            return std::string("input/output error") + (system_error ? std::string(": ") + std::strerror(system_error) : "");
        case SQLITE_NOMEM: return "out of memory";
        case SQLITE_ERROR: return db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        default: return sqlite3_errstr(rc);
    }
}

// Statements report their failures through here: the file, the cause, never the SQL.
[[noreturn]] void fail(sqlite3* db, int rc, const std::string& path) {
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
        throw DatabaseBusy("database '" + path + "': " + cause_of(db, rc, path));
    }
    const bool refused_write = (rc & 0xff) == SQLITE_READONLY;
    throw DatabaseError((refused_write ? "cannot write to database '" : "database '") + path + "': " + cause_of(db, rc, path));
}

// SQLite's memory statistics take a global mutex on every allocation; nothing
// reads them. Must run before SQLite initialises, hence at the first connection.
void configure_sqlite_once() {
    static const bool configured = [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);  // SQLITE_MISUSE if already initialised: harmless
        return true;
    }();
    (void)configured;
}

}  // namespace

Database::Database(const std::string& path, OpenMode mode) : path_(std::make_shared<const std::string>(path)) {
    configure_sqlite_once();
    const bool creates = mode == OpenMode::read_write && !exists(path);
    const auto fail_to_open = [&](int rc, const std::string& verb) {
        std::string cause = file_cause(path, mode);
        if (cause.empty()) cause = db_ ? cause_of(db_, rc, path) : "out of memory";
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw DatabaseError("cannot " + verb + " database '" + path + "': " + cause);
    };
    int flags = SQLITE_OPEN_NOMUTEX;
    std::string name = path;
    if (mode == OpenMode::read_write) {
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    } else if (open_as_immutable(path)) {
        flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
        name = uri_of(path) + "?immutable=1";
    } else {
        flags |= SQLITE_OPEN_READONLY;
    }
    if (const int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr); rc != SQLITE_OK) {
        fail_to_open(rc, creates ? "create" : "open");
    }
    sqlite3_extended_result_codes(db_, 1);
    // A reader may meet a writer's checkpoint; wait instead of failing at once.
    sqlite3_busy_timeout(db_, 10000);
    if (mode == OpenMode::read_write) {
        // SQLite falls back to reading a file it may not write; say so now, not at the first write.
        if (sqlite3_db_readonly(db_, "main") == 1) fail_to_open(SQLITE_READONLY, "write to");
        // Keep -wal and -shm when the last connection closes (see OpenMode) ...
        int persist = 1;
        sqlite3_file_control(db_, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    }
    // ... and empty the -wal then, so that the next session starts afresh instead of
    // copying the frames of the last one into the database file again.
    const char* setup = mode == OpenMode::read_write ? "SELECT count(*) FROM sqlite_schema; PRAGMA journal_size_limit = 0"
                                                     : "SELECT count(*) FROM sqlite_schema";
    if (const int rc = sqlite3_exec(db_, setup, nullptr, nullptr, nullptr); rc != SQLITE_OK) {
        fail_to_open(rc, mode == OpenMode::read_write && (rc & 0xff) == SQLITE_READONLY ? "write to" : "open");
    }
}

// The statements of Database::cached() not in use, by SQL text. Statements still held when
// the connection closes are finalized when they come back (sqlite3_close_v2 waits for them).
class StatementCache {
public:
    sqlite3_stmt* take(const std::string& sql) {
        std::lock_guard lock(mutex_);
        const auto found = idle_.find(sql);
        if (found == idle_.end() || found->second.empty()) return nullptr;
        sqlite3_stmt* stmt = found->second.back();
        found->second.pop_back();
        return stmt;
    }
    void give_back(const std::string& sql, sqlite3_stmt* stmt) {
        sqlite3_reset(stmt);   // ends its read of the database
        sqlite3_clear_bindings(stmt);
        std::lock_guard lock(mutex_);
        if (closed_) sqlite3_finalize(stmt);
        else idle_[sql].push_back(stmt);
    }
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        for (auto& [sql, statements] : idle_) {
            for (auto* stmt : statements) sqlite3_finalize(stmt);
        }
        idle_.clear();
    }
    ~StatementCache() { close(); }

private:
    std::mutex mutex_;
    bool closed_ = false;
    std::unordered_map<std::string, std::vector<sqlite3_stmt*>> idle_;
};

Database::~Database() {
    if (cache_) cache_->close();
    if (db_) sqlite3_close_v2(db_);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)), cache_(std::move(other.cache_)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        if (cache_) cache_->close();
        if (db_) sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
        cache_ = std::move(other.cache_);
    }
    return *this;
}

void Database::execute(std::string_view sql) {
    const std::string text(sql);
    if (const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr); rc != SQLITE_OK) fail(db_, rc, *path_);
}

Statement Database::prepare(std::string_view sql) { return Statement(db_, path_, sql); }

Statement Database::cached(std::string_view sql) {
    if (!cache_) cache_ = std::make_shared<StatementCache>();
    std::string key(sql);
    sqlite3_stmt* kept = cache_->take(key);
    Statement statement = kept ? Statement(db_, path_, kept) : Statement(db_, path_, sql);
    statement.home_ = cache_;
    statement.sql_ = std::move(key);
    return statement;
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const { return sqlite3_changes(db_); }

void Database::set_busy_timeout(int milliseconds) { sqlite3_busy_timeout(db_, milliseconds); }

Statement::Statement(sqlite3* db, std::shared_ptr<const std::string> path, std::string_view sql)
    : db_(db), path_(std::move(path)) {
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &stmt_, nullptr);
    if (rc != SQLITE_OK) fail(db, rc, *path_);
}

void Statement::release() {
    if (!stmt_) return;
    if (home_) home_->give_back(sql_, std::exchange(stmt_, nullptr));
    else sqlite3_finalize(std::exchange(stmt_, nullptr));
}

Statement::~Statement() { release(); }

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), path_(other.path_), stmt_(std::exchange(other.stmt_, nullptr)),
      home_(std::move(other.home_)), sql_(std::move(other.sql_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        release();
        db_ = other.db_;
        path_ = other.path_;
        stmt_ = std::exchange(other.stmt_, nullptr);
        home_ = std::move(other.home_);
        sql_ = std::move(other.sql_);
    }
    return *this;
}

void Statement::check_bind(int rc, int index) const {
    if (rc != SQLITE_OK) {
        throw DatabaseError("database '" + *path_ + "': cannot bind parameter " + std::to_string(index) + ": " +
                            sqlite3_errstr(rc));
    }
}

Statement& Statement::bind(int index, std::int64_t value) {
    check_bind(sqlite3_bind_int64(stmt_, index, value), index);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    check_bind(sqlite3_bind_double(stmt_, index, value), index);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    check_bind(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                                   SQLITE_UTF8),
               index);
    return *this;
}

Statement& Statement::bind_null(int index) {
    check_bind(sqlite3_bind_null(stmt_, index), index);
    return *this;
}

Statement& Statement::bind_column_of(int index, const Statement& source, int column) {
    check_bind(sqlite3_bind_value(stmt_, index, sqlite3_column_value(source.stmt_, column)), index);
    return *this;
}

Statement& Statement::bind_text_or_null(int index, std::string_view value) {
    return value.empty() ? bind_null(index) : bind(index, value);
}

Statement& Statement::bind_unowned(int index, std::string_view value) {
    check_bind(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8), index);
    return *this;
}

Statement& Statement::bind_unowned_or_null(int index, std::string_view value) {
    return value.empty() ? bind_null(index) : bind_unowned(index, value);
}

int Statement::parameter_index(const char* name) const {
    int index = sqlite3_bind_parameter_index(stmt_, name);
    if (index == 0) throw DatabaseError(std::string("no SQL parameter named ") + name);
    return index;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(stmt_);
    fail(db_, rc, *path_);
}

void Statement::run() {
    step();
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::column_int64(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::column_double(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::column_text(int column) const {
    const auto* text = sqlite3_column_text(stmt_, column);
    if (!text) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> Statement::column_optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return column_text(column);
}

std::optional<double> Statement::column_optional_double(int column) const {
    if (is_null(column)) return std::nullopt;
    return column_double(column);
}

std::optional<std::int64_t> Statement::column_optional_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return column_int64(column);
}

int Statement::column_count() const { return sqlite3_column_count(stmt_); }

std::string Statement::column_name(int column) const { return sqlite3_column_name(stmt_, column); }

CommitMark commit_mark(Database& db) {
    CommitMark mark;
    // The files first: a commit after this look shows at the next one. Only stat(): opening
    // and closing any of them would drop the POSIX locks SQLite holds on it in this process.
    const auto& path = db.path();
    mark.wal_has_frames = wal_has_frames(path);
    timespec now {};
    ::clock_gettime(CLOCK_REALTIME, &now);
    mark.settled = true;
    for (const auto& file : {path, shm_of(path)}) {
        struct stat info {};
        if (::stat(file.c_str(), &info) != 0) continue;
        for (const auto& time : {info.st_mtim, info.st_ctim}) {
            mark.files += std::to_string(time.tv_sec) + "." + std::to_string(time.tv_nsec) + ":";
            if (time.tv_sec >= now.tv_sec - kSettledSeconds) mark.settled = false;
        }
        mark.files += std::to_string(info.st_dev) + ":" + std::to_string(info.st_ino) + ":" +
                      std::to_string(info.st_size) + ";";
    }
    auto version = db.cached("PRAGMA data_version");
    version.step();
    mark.data_version = version.column_int64(0);
    return mark;
}

bool same_commit(const CommitMark& earlier, const CommitMark& later) {
    if (later.data_version == earlier.data_version) return true;
    return !earlier.wal_has_frames && !later.wal_has_frames && earlier.settled && later.files == earlier.files;
}

void checkpoint(Database& db) { db.execute("PRAGMA wal_checkpoint(PASSIVE)"); }

ReadTransaction::ReadTransaction(Database& db) : db_(db) { db_.execute("BEGIN"); }

ReadTransaction::~ReadTransaction() {
    // Ending a read transaction only releases its snapshot: nothing to report.
    sqlite3_exec(db_.handle(), "COMMIT", nullptr, nullptr, nullptr);
}

Transaction::Transaction(Database& db) : db_(db) { db_.execute("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (!done_) {
        // Never throw from a destructor: a failed rollback leaves SQLite to recover on next open.
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    db_.execute("COMMIT");
    done_ = true;
}

}  // namespace annuaire::store
