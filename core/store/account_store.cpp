// The owner store's accounts, sessions, one-time links, fiches and claims (owner_store.hpp).
#include "store/owner_store.hpp"

#include <algorithm>

namespace annuaire::store {

// ---- Accounts, sessions, links ------------------------------------------------------------

namespace {

constexpr const char* kAccountColumns =
    "SELECT id, email, role, status, password_hash, created_at, created_by, last_login_at, locked_until, failed_logins "
    "FROM account ";

Account account_from(Statement& st) {
    Account a;
    a.id = st.column_int64(0);
    a.email = st.column_text(1);
    a.role = st.column_text(2);
    a.status = st.column_text(3);
    a.password_hash = st.column_optional_text(4);
    a.created_at = st.column_text(5);
    a.created_by = st.column_text(6);
    a.last_login_at = st.column_optional_text(7);
    a.locked_until = st.column_optional_text(8);
    a.failed_logins = st.column_int(9);
    return a;
}

}  // namespace

std::optional<Account> find_account(Database& db, std::int64_t id) {
    auto st = db.cached(std::string(kAccountColumns) + "WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return account_from(st);
}

std::optional<Account> find_account_by_email(Database& db, const std::string& email) {
    auto st = db.cached(std::string(kAccountColumns) + "WHERE email = ?1");
    st.bind(1, email);
    if (!st.step()) return std::nullopt;
    return account_from(st);
}

std::int64_t add_account(Database& db, const std::string& email, const std::string& role, const std::string& created_at,
                         const std::string& created_by) {
    auto st = db.cached("INSERT INTO account(email, role, status, created_at, created_by) VALUES(?1, ?2, 'pending', ?3, ?4)");
    st.bind(1, email).bind(2, role).bind(3, created_at).bind(4, created_by).run();
    return db.last_insert_rowid();
}

std::vector<Account> list_accounts(Database& db) {
    std::vector<Account> out;
    auto st = db.cached(std::string(kAccountColumns) + "ORDER BY id");
    while (st.step()) out.push_back(account_from(st));
    return out;
}

void set_account_status(Database& db, std::int64_t id, const std::string& status) {
    auto st = db.cached("UPDATE account SET status = ?2 WHERE id = ?1");
    st.bind(1, id).bind(2, status).run();
}

void set_password_hash(Database& db, std::int64_t id, const std::string& hash, const std::string& at) {
    auto st = db.cached(
        "UPDATE account SET password_hash = ?2, password_set_at = ?3, status = CASE WHEN status = 'pending' THEN 'active' "
        "ELSE status END, failed_logins = 0, locked_until = NULL WHERE id = ?1");
    st.bind(1, id).bind(2, hash).bind(3, at).run();
}

void record_failed_login(Database& db, std::int64_t id, const std::optional<std::string>& locked_until) {
    auto st = db.cached(
        "UPDATE account SET failed_logins = failed_logins + 1, locked_until = coalesce(?2, locked_until) WHERE id = ?1");
    st.bind(1, id).bind(2, locked_until).run();
}

void record_login(Database& db, std::int64_t id, const std::string& at) {
    auto st = db.cached("UPDATE account SET failed_logins = 0, locked_until = NULL, last_login_at = ?2 WHERE id = ?1");
    st.bind(1, id).bind(2, at).run();
}

void add_session(Database& db, const Session& session, const std::string& client_address) {
    auto st = db.cached(
        "INSERT INTO session(token_hash, account_id, csrf_token, created_at, expires_at, last_seen_at, client_address) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    st.bind(1, session.token_hash).bind(2, session.account_id).bind(3, session.csrf_token).bind(4, session.created_at)
        .bind(5, session.expires_at).bind(6, session.last_seen_at).bind(7, client_address).run();
}

std::optional<Session> find_session(Database& db, const std::string& token_hash) {
    auto st = db.cached(
        "SELECT token_hash, account_id, csrf_token, created_at, expires_at, last_seen_at, revoked_at FROM session "
        "WHERE token_hash = ?1");
    st.bind(1, token_hash);
    if (!st.step()) return std::nullopt;
    return Session{st.column_text(0), st.column_int64(1), st.column_text(2), st.column_text(3),
                   st.column_text(4), st.column_text(5), st.column_optional_text(6)};
}

void touch_session(Database& db, const std::string& token_hash, const std::string& at) {
    auto st = db.cached("UPDATE session SET last_seen_at = ?2 WHERE token_hash = ?1");
    st.bind(1, token_hash).bind(2, at).run();
}

void revoke_session(Database& db, const std::string& token_hash, const std::string& at) {
    auto st = db.cached("UPDATE session SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL");
    st.bind(1, token_hash).bind(2, at).run();
}

int revoke_sessions_of(Database& db, std::int64_t account_id, const std::string& at) {
    auto st = db.cached("UPDATE session SET revoked_at = ?2 WHERE account_id = ?1 AND revoked_at IS NULL");
    st.bind(1, account_id).bind(2, at).run();
    return db.changes();
}

void purge_expired(Database& db, const std::string& before) {
    auto sessions = db.cached("DELETE FROM session WHERE expires_at < ?1 OR revoked_at < ?1");
    sessions.bind(1, before).run();
    auto tokens = db.cached("DELETE FROM one_time_token WHERE expires_at < ?1");
    tokens.bind(1, before).run();
}

void add_token(Database& db, const OneTimeToken& token) {
    auto st = db.cached(
        "INSERT INTO one_time_token(token_hash, purpose, account_id, claim_id, created_at, expires_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    st.bind(1, token.token_hash).bind(2, token.purpose).bind(3, token.account_id).bind(4, token.claim_id)
        .bind(5, token.created_at).bind(6, token.expires_at).run();
}

std::optional<OneTimeToken> find_token(Database& db, const std::string& token_hash) {
    auto st = db.cached(
        "SELECT token_hash, purpose, account_id, claim_id, created_at, expires_at, used_at FROM one_time_token "
        "WHERE token_hash = ?1");
    st.bind(1, token_hash);
    if (!st.step()) return std::nullopt;
    return OneTimeToken{st.column_text(0), st.column_text(1), st.column_optional_int64(2), st.column_optional_int64(3),
                        st.column_text(4), st.column_text(5), st.column_optional_text(6)};
}

void use_token(Database& db, const std::string& token_hash, const std::string& at) {
    auto st = db.cached("UPDATE one_time_token SET used_at = ?2 WHERE token_hash = ?1");
    st.bind(1, token_hash).bind(2, at).run();
}

void expire_tokens_of(Database& db, std::int64_t account_id, const std::string& purpose, const std::string& at) {
    auto st = db.cached(
        "UPDATE one_time_token SET expires_at = ?3 WHERE account_id = ?1 AND purpose = ?2 AND used_at IS NULL AND expires_at > ?3");
    st.bind(1, account_id).bind(2, purpose).bind(3, at).run();
}

// ---- Fiches and claims ------------------------------------------------------------------

bool practitioner_exists(Database& db, const std::string& practitioner_id, bool public_only) {
    auto st = db.cached(public_only ? "SELECT 1 FROM practitioner WHERE id = ?1 AND archived_import_id IS NULL"
                                     : "SELECT 1 FROM practitioner WHERE id = ?1");
    st.bind(1, practitioner_id);
    return st.step();
}

std::string practitioner_name(Database& db, const std::string& practitioner_id) {
    auto st = db.cached("SELECT trim(coalesce(first_name, '') || ' ' || last_name) FROM practitioner WHERE id = ?1");
    st.bind(1, practitioner_id);
    return st.step() ? st.column_text(0) : std::string();
}

std::vector<std::string> fiches_of(Database& db, std::int64_t account_id) {
    std::vector<std::string> out;
    auto st = db.cached("SELECT practitioner_id FROM fiche_owner WHERE account_id = ?1 ORDER BY practitioner_id");
    st.bind(1, account_id);
    while (st.step()) out.push_back(st.column_text(0));
    return out;
}

std::vector<std::pair<std::int64_t, std::string>> sites_of_practitioner(Database& db, const std::string& practitioner_id) {
    std::vector<std::pair<std::int64_t, std::string>> out;
    auto st = db.cached(
        "SELECT DISTINCT s.id, s.site_key FROM practice p JOIN site s ON s.id = p.site_id "
        "WHERE p.practitioner_id = ?1 AND p.archived_import_id IS NULL ORDER BY s.id");
    st.bind(1, practitioner_id);
    while (st.step()) out.emplace_back(st.column_int64(0), st.column_text(1));
    return out;
}

std::optional<std::int64_t> site_id_of_key(Database& db, const std::string& site_key) {
    auto st = db.cached("SELECT id FROM site WHERE site_key = ?1");
    st.bind(1, site_key);
    if (!st.step()) return std::nullopt;
    return st.column_int64(0);
}

std::vector<std::int64_t> owners_of(Database& db, const std::string& practitioner_id) {
    std::vector<std::int64_t> out;
    auto st = db.cached("SELECT account_id FROM fiche_owner WHERE practitioner_id = ?1 ORDER BY account_id");
    st.bind(1, practitioner_id);
    while (st.step()) out.push_back(st.column_int64(0));
    return out;
}

void grant_fiche(Database& db, const std::string& practitioner_id, std::int64_t account_id, const std::string& at,
                 std::optional<std::int64_t> claim_id) {
    auto st = db.cached(
        "INSERT INTO fiche_owner(practitioner_id, account_id, since, claim_id) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(practitioner_id, account_id) DO NOTHING");
    st.bind(1, practitioner_id).bind(2, account_id).bind(3, at).bind(4, claim_id).run();
}

std::vector<std::string> known_mssante_addresses(Database& db, const std::string& practitioner_id) {
    std::vector<std::string> out;
    // What owners declare through their account is declared_by 'owner'.
    auto st = db.cached(
        "SELECT lower(s.email) FROM activity a JOIN site s ON s.id = a.site_id WHERE a.practitioner_id = ?1 "
        "AND lower(s.email) LIKE '%.mssante.fr' "
        "UNION SELECT lower(mssante_email) FROM declared_practitioner WHERE practitioner_id = ?1 "
        "AND mssante_email IS NOT NULL AND coalesce(declared_by, '') <> 'owner' "
        "UNION SELECT lower(mssante_email) FROM declared_practice WHERE practitioner_id = ?1 "
        "AND mssante_email IS NOT NULL AND coalesce(declared_by, '') <> 'owner' ORDER BY 1");
    st.bind(1, practitioner_id);
    while (st.step()) out.push_back(st.column_text(0));
    return out;
}

namespace {

constexpr const char* kClaimColumns =
    "SELECT id, practitioner_id, claimant_name, contact_email, message, status, proof, mssante_email, account_id, created_at, "
    "client_address, decided_at, decided_by, reason, activated_at FROM claim ";

Claim claim_from(Statement& st) {
    Claim c;
    c.id = st.column_int64(0);
    c.practitioner_id = st.column_text(1);
    c.claimant_name = st.column_text(2);
    c.contact_email = st.column_text(3);
    c.message = st.column_optional_text(4);
    c.status = st.column_text(5);
    c.proof = st.column_text(6);
    c.mssante_email = st.column_optional_text(7);
    c.account_id = st.column_optional_int64(8);
    c.created_at = st.column_text(9);
    c.client_address = st.column_optional_text(10);
    c.decided_at = st.column_optional_text(11);
    c.decided_by = st.column_optional_text(12);
    c.reason = st.column_optional_text(13);
    c.activated_at = st.column_optional_text(14);
    return c;
}

}  // namespace

std::int64_t add_claim(Database& db, const Claim& claim) {
    auto st = db.cached(
        "INSERT INTO claim(practitioner_id, claimant_name, contact_email, message, status, proof, mssante_email, account_id, "
        "created_at, client_address) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    st.bind(1, claim.practitioner_id).bind(2, claim.claimant_name).bind(3, claim.contact_email).bind(4, claim.message)
        .bind(5, claim.status).bind(6, claim.proof).bind(7, claim.mssante_email).bind(8, claim.account_id)
        .bind(9, claim.created_at).bind(10, claim.client_address).run();
    return db.last_insert_rowid();
}

std::optional<Claim> find_claim(Database& db, std::int64_t id) {
    auto st = db.cached(std::string(kClaimColumns) + "WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return claim_from(st);
}

std::vector<Claim> list_claims(Database& db, const std::optional<std::string>& status) {
    std::vector<Claim> out;
    auto st = db.cached(std::string(kClaimColumns) + "WHERE ?1 IS NULL OR status = ?1 ORDER BY id");
    st.bind(1, status);
    while (st.step()) out.push_back(claim_from(st));
    return out;
}

int open_claims_of(Database& db, const std::string& practitioner_id) {
    auto st = db.cached(
        "SELECT count(*) FROM claim WHERE practitioner_id = ?1 AND status IN ('awaiting_review', 'awaiting_activation')");
    st.bind(1, practitioner_id);
    st.step();
    return st.column_int(0);
}

void update_claim(Database& db, const Claim& claim) {
    auto st = db.cached(
        "UPDATE claim SET status = ?2, account_id = ?3, decided_at = ?4, decided_by = ?5, reason = ?6, activated_at = ?7, "
        "mssante_email = ?8 WHERE id = ?1");
    st.bind(1, claim.id).bind(2, claim.status).bind(3, claim.account_id).bind(4, claim.decided_at).bind(5, claim.decided_by)
        .bind(6, claim.reason).bind(7, claim.activated_at).bind(8, claim.mssante_email).run();
}

}  // namespace annuaire::store
