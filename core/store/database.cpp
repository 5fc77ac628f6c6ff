#include "store/database.hpp"

#include <sqlite3.h>

#include <utility>

namespace annuaire::store {

namespace {

[[noreturn]] void fail(sqlite3* db, const std::string& context) {
    throw DatabaseError(context + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
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

Database::Database(const std::string& path, OpenMode mode) : path_(path) {
    configure_sqlite_once();
    const int flags = mode == OpenMode::read_only
                          ? SQLITE_OPEN_READONLY
                          : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        std::string message = "cannot open database '" + path + "': " +
                              (db_ ? sqlite3_errmsg(db_) : "out of memory");
        sqlite3_close(db_);
        db_ = nullptr;
        throw DatabaseError(message);
    }
    sqlite3_extended_result_codes(db_, 1);
    // A reader may meet a writer's checkpoint; wait instead of failing at once.
    sqlite3_busy_timeout(db_, 10000);
}

Database::~Database() {
    if (db_) sqlite3_close_v2(db_);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        if (db_) sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
    }
    return *this;
}

void Database::execute(std::string_view sql) {
    std::string text(sql);
    char* error = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errmsg(db_);
        sqlite3_free(error);
        throw DatabaseError("SQL error in '" + path_ + "': " + message);
    }
}

Statement Database::prepare(std::string_view sql) { return Statement(db_, sql); }

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const { return sqlite3_changes(db_); }

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt_, nullptr) != SQLITE_OK) {
        fail(db, "cannot prepare statement '" + std::string(sql.substr(0, 120)) + "'");
    }
}

Statement::~Statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        if (stmt_) sqlite3_finalize(stmt_);
        db_ = other.db_;
        stmt_ = std::exchange(other.stmt_, nullptr);
    }
    return *this;
}

void Statement::check_bind(int rc, int index) const {
    if (rc != SQLITE_OK) fail(db_, "cannot bind parameter " + std::to_string(index));
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
    std::string message = sqlite3_errmsg(db_);
    sqlite3_reset(stmt_);
    throw DatabaseError("SQL step failed: " + message);
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
