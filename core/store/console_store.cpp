// The owner store's outbox, audit and import jobs: what the admin console reads and the
// jobs write (owner_store.hpp).
#include "store/owner_store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace annuaire::store {

// ---- Outbox and audit ------------------------------------------------------------------

std::int64_t add_mail(Database& db, const Mail& mail) {
    auto st = db.cached("INSERT INTO outbox(created_at, recipient, subject, body, kind) VALUES(?1, ?2, ?3, ?4, ?5)");
    st.bind(1, mail.created_at).bind(2, mail.recipient).bind(3, mail.subject).bind(4, mail.body).bind(5, mail.kind).run();
    return db.last_insert_rowid();
}

std::vector<Mail> list_mail(Database& db, bool unsent_only, int limit) {
    std::vector<Mail> out;
    auto st = db.cached(
        "SELECT id, created_at, recipient, subject, body, kind, sent_at FROM outbox WHERE (?1 = 0 OR sent_at IS NULL) "
        "ORDER BY id DESC LIMIT ?2");
    st.bind(1, unsent_only ? 1 : 0).bind(2, limit);
    while (st.step()) {
        out.push_back({st.column_int64(0), st.column_text(1), st.column_text(2), st.column_text(3), st.column_text(4),
                       st.column_text(5), st.column_optional_text(6)});
    }
    return out;
}

void mark_mail_sent(Database& db, std::int64_t id, const std::string& at) {
    auto st = db.cached("UPDATE outbox SET sent_at = ?2 WHERE id = ?1 AND sent_at IS NULL");
    st.bind(1, id).bind(2, at).run();
}

void add_audit(Database& db, const AuditEntry& entry) {
    auto st = db.cached(
        "INSERT INTO audit_log(at, actor, account_id, action, entity, entity_key, before_json, after_json, client_address) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    st.bind(1, entry.at).bind(2, entry.actor).bind(3, entry.account_id).bind(4, entry.action).bind(5, entry.entity)
        .bind(6, entry.entity_key).bind(7, entry.before_json).bind(8, entry.after_json).bind(9, entry.client_address).run();
}

void for_each_audit(Database& db, const AuditFilter& filter, const std::function<void(const AuditEntry&)>& fn) {
    // `to` is a date: the whole day is in.
    auto st = db.cached(
        "SELECT id, at, actor, account_id, action, entity, entity_key, before_json, after_json, client_address FROM audit_log "
        "WHERE (?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR action = ?2) AND (?3 IS NULL OR entity = ?3) "
        "AND (?4 IS NULL OR entity_key = ?4) AND (?5 IS NULL OR at >= ?5) AND (?6 IS NULL OR at < ?6 || 'T99') "
        "AND (?7 = 0 OR id < ?7) ORDER BY id DESC LIMIT ?8");
    st.bind(1, filter.actor).bind(2, filter.action).bind(3, filter.entity).bind(4, filter.entity_key).bind(5, filter.from)
        .bind(6, filter.to).bind(7, filter.before_id).bind(8, filter.limit);
    while (st.step()) {
        fn({st.column_int64(0), st.column_text(1), st.column_text(2), st.column_optional_int64(3), st.column_text(4),
            st.column_text(5), st.column_text(6), st.column_optional_text(7), st.column_optional_text(8),
            st.column_optional_text(9)});
    }
}

// ---- Import jobs --------------------------------------------------------------------------

namespace {

constexpr const char* kJobColumns =
    "SELECT id, source, file_name, file_size, started_at, started_by, pid, pid_start, status, finished_at, import_id, "
    "backup_file, report_json, error FROM import_job ";

ImportJob job_from(Statement& st) {
    ImportJob j;
    j.id = st.column_int64(0);
    j.source = st.column_text(1);
    j.file_name = st.column_text(2);
    j.file_size = st.column_int64(3);
    j.started_at = st.column_text(4);
    j.started_by = st.column_text(5);
    j.pid = st.column_optional_int64(6);
    j.pid_start = st.column_optional_text(7);
    j.status = st.column_text(8);
    j.finished_at = st.column_optional_text(9);
    j.import_id = st.column_optional_int64(10);
    j.backup_file = st.column_optional_text(11);
    j.report_json = st.column_optional_text(12);
    j.error = st.column_optional_text(13);
    return j;
}

}  // namespace

std::int64_t add_import_job(Database& db, const ImportJob& job) {
    auto st = db.cached(
        "INSERT INTO import_job(source, file_name, file_size, started_at, started_by, pid, pid_start, status, finished_at, "
        "import_id, backup_file, report_json, error) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    st.bind(1, job.source).bind(2, job.file_name).bind(3, job.file_size).bind(4, job.started_at).bind(5, job.started_by)
        .bind(6, job.pid).bind(7, job.pid_start).bind(8, job.status).bind(9, job.finished_at).bind(10, job.import_id)
        .bind(11, job.backup_file).bind(12, job.report_json).bind(13, job.error).run();
    return db.last_insert_rowid();
}

void finish_import_job(Database& db, const ImportJob& job) {
    auto st = db.cached(
        "UPDATE import_job SET status = ?2, finished_at = ?3, import_id = ?4, backup_file = ?5, report_json = ?6, error = ?7, "
        "pid = NULL, pid_start = NULL WHERE id = ?1");
    st.bind(1, job.id).bind(2, job.status).bind(3, job.finished_at).bind(4, job.import_id).bind(5, job.backup_file)
        .bind(6, job.report_json).bind(7, job.error).run();
}

std::optional<ImportJob> find_import_job(Database& db, std::int64_t id) {
    auto st = db.cached(std::string(kJobColumns) + "WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return job_from(st);
}

std::vector<ImportJob> list_import_jobs(Database& db, int limit) {
    std::vector<ImportJob> out;
    auto st = db.cached(std::string(kJobColumns) + "ORDER BY id DESC LIMIT ?1");
    st.bind(1, limit);
    while (st.step()) out.push_back(job_from(st));
    return out;
}

void add_import_problems(Database& db, std::int64_t job_id, const std::vector<ImportProblem>& problems) {
    auto st = db.cached("INSERT OR IGNORE INTO import_problem(job_id, line, kind, detail) VALUES(?1, ?2, ?3, ?4)");
    for (const auto& problem : problems) {
        st.bind(1, job_id).bind(2, static_cast<std::int64_t>(problem.line)).bind(3, problem.kind).bind(4, problem.detail).run();
    }
}

void for_each_import_problem(Database& db, std::int64_t job_id, const std::function<void(const ImportProblem&)>& fn) {
    auto st = db.cached("SELECT line, kind, detail FROM import_problem WHERE job_id = ?1 ORDER BY line, kind");
    st.bind(1, job_id);
    while (st.step()) fn({static_cast<std::uint64_t>(st.column_int64(0)), st.column_text(1), st.column_text(2)});
}

void clear_owner_changes(Database& db) { db.execute("DELETE FROM owner_change"); }

}  // namespace annuaire::store
