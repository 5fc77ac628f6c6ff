// RAII wrappers around the SQLite C API: a connection, prepared statements and
// transactions. Every SQL statement of the project goes through these types.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace annuaire::store {

// Its message names the database file and says what is wrong in plain words, never
// with the text of an SQL statement: it is shown to users as it is.
class DatabaseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};
// Another connection holds the lock the statement needed, beyond the busy time-out (an
// import writing): trying again later may succeed.
class DatabaseBusy : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

// Every database is in WAL mode, and a reader of a WAL database needs the files FILE-wal
// and FILE-shm beside it (sqlite.org/wal.html, "Read-Only Databases"). A connection that
// can write keeps them when it closes (SQLITE_FCNTL_PERSIST_WAL), emptied, with the
// permissions of FILE: so a user who may only read FILE, in a directory they cannot
// write to, can still open it read-only after any annuaire command ran on it.
enum class OpenMode {
    // Never writes anything but the -wal/-shm files SQLite creates when they are missing
    // and the directory allows it. On a read-only file system, a database without -shm
    // file whose -wal holds nothing is opened as immutable: nothing can change it there.
    read_only,
    // Creates FILE if missing; refuses at once a file or file system this user cannot write.
    read_write,
};

class Statement;
class StatementCache;

// One SQLite connection. Move-only; closes on destruction.
class Database {
public:
    // Reads the file's header (and sets up its -wal/-shm files) before returning, so that a
    // missing, unreadable or foreign file fails here with its cause, not at the first query.
    Database(const std::string& path, OpenMode mode);
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs one or more statements that take no parameters (schema, pragmas).
    void execute(std::string_view sql);
    Statement prepare(std::string_view sql);
    // The same, prepared once per connection and SQL text: the statement handed out goes back,
    // reset and unbound, when it is destroyed, for the next call with that text (a second
    // holder of the same text at once gets one of its own). For statements run per request.
    Statement cached(std::string_view sql);
    std::int64_t last_insert_rowid() const;
    int changes() const;
    // How long a statement waits for another connection's lock before DatabaseBusy (10 s by default).
    void set_busy_timeout(int milliseconds);
    const std::string& path() const { return *path_; }
    sqlite3* handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
    // Shared with its statements, whose errors name the file as the user gave it.
    std::shared_ptr<const std::string> path_;
    // Shared with the statements handed out by cached(), which return to it.
    std::shared_ptr<StatementCache> cache_;
};

// A prepared statement. Bind indexes are 1-based, column indexes 0-based, as in SQLite.
class Statement {
public:
    Statement(sqlite3* db, std::shared_ptr<const std::string> path, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);  // copied by SQLite
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind_null(int index);
    // Binds the value of column `column` of `source`'s current row, whatever its type.
    Statement& bind_column_of(int index, const Statement& source, int column);
    // Empty text binds as NULL: the extract writes missing values as empty fields.
    Statement& bind_text_or_null(int index, std::string_view value);
    // Text that the caller keeps valid until the statement is run() or reset(): SQLite
    // reads it in place instead of copying it (a bulk import binds ~50 million fields).
    Statement& bind_unowned(int index, std::string_view value);
    Statement& bind_unowned_or_null(int index, std::string_view value);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }
    int parameter_index(const char* name) const;

    // Returns true while a row is available.
    bool step();
    // Steps a statement that returns no rows, then resets it for reuse.
    void run();
    void reset();

    bool is_null(int column) const;
    std::int64_t column_int64(int column) const;
    int column_int(int column) const { return static_cast<int>(column_int64(column)); }
    double column_double(int column) const;
    std::string column_text(int column) const;
    std::optional<std::string> column_optional_text(int column) const;
    std::optional<double> column_optional_double(int column) const;
    std::optional<std::int64_t> column_optional_int64(int column) const;
    int column_count() const;
    std::string column_name(int column) const;

private:
    friend class Database;
    // A statement prepared before, handed out again by Database::cached().
    Statement(sqlite3* db, std::shared_ptr<const std::string> path, sqlite3_stmt* kept)
        : db_(db), path_(std::move(path)), stmt_(kept) {}
    void check_bind(int rc, int index) const;
    void release();
    sqlite3* db_ = nullptr;
    std::shared_ptr<const std::string> path_;
    sqlite3_stmt* stmt_ = nullptr;
    std::shared_ptr<StatementCache> home_;   // set for a cached statement: where it goes back
    std::string sql_;                        // its key there
};

// What a connection that only reads can tell of the commits others made: compare two marks.
// PRAGMA data_version changes at every commit, and at every read transaction too when
// SQLite cannot tell: for a reader that cannot write the -shm file, while no writer has it
// open and the -wal file holds no frame. There the database file holds everything: it and
// the -shm file (which a writer truncates when it attaches) decide, by identity, size and
// times of change, once those times are old enough that a later change must move them.
struct CommitMark {
    std::int64_t data_version = 0;
    bool wal_has_frames = false;
    bool settled = false;   // the file times are older than the coarsest time granularity
    std::string files;
};
CommitMark commit_mark(Database& db);
bool same_commit(const CommitMark& earlier, const CommitMark& later);

// Copies what the write-ahead log holds into the database file, as far as no reader needs it
// (PASSIVE: never waits), so that the log does not grow across imports.
void checkpoint(Database& db);

// A read transaction: every statement until the destructor sees the same commit.
class ReadTransaction {
public:
    explicit ReadTransaction(Database& db);
    ~ReadTransaction();
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

private:
    Database& db_;
};

// BEGIN IMMEDIATE on construction; rolls back in the destructor unless commit() was called.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace annuaire::store
