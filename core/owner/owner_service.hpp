// The owner module's facade: accounts and sessions, claims of fiches, owners editing their
// fiche, corrections and conflicts for admins, sites to review, users, outbox and audit.
// The HTTP routes and the command line call it alike; it writes through one connection
// of its own (the search index reads through others) and records every change in the
// audit log, in the same transaction as the change. Thread-safe.
//
// Refusals are OwnerError (owner/owner_error.hpp); what it returns is the JSON the API
// answers with (README, "Owner editing and the admin API").
#pragma once

#include "owner/mails.hpp"
#include "store/database.hpp"
#include "store/owner_store.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace annuaire::owner {

struct OwnerConfig {
    std::string database_path;
    std::string public_url = "http://127.0.0.1:8080";   // where the links in mails point
    std::chrono::seconds session_lifetime = std::chrono::hours(12);
    std::chrono::seconds session_idle = std::chrono::hours(2);
    std::chrono::seconds link_lifetime = std::chrono::hours(72);
    std::chrono::seconds claim_link_lifetime = std::chrono::hours(24 * 90);
    int max_failed_logins = 5;                           // in a row; then locked out
    std::chrono::seconds lockout = std::chrono::minutes(15);
    int max_open_claims_per_fiche = 3;
    void validate() const;   // throws std::invalid_argument
};

// Who asks: an account (through its session) or nobody, from an address.
struct Caller {
    std::optional<store::Account> account;
    std::string session_token_hash;   // of the session the request came with
    std::string client_address;
    std::string csrf_token;           // of that session
    bool admin() const { return account && account->role == "admin"; }
    // For the audit log: the account's e-mail, or "anonymous".
    std::string name() const { return account ? account->email : std::string("anonymous"); }
};

// Where an address lies (for an accepted address correction), from the server's geocoder.
struct Located {
    double lat = 0, lon = 0;
    std::string precision;
};
using Locator = std::function<std::optional<Located>(const std::string& address)>;

class OwnerService {
public:
    // Opens the database for writing; throws store::DatabaseError when it cannot be (the
    // message says why) or when its schema is not this program's.
    explicit OwnerService(OwnerConfig config);
    // Brings an older database's schema to this program's (the owner tables came with schema
    // 4), as any writing command does; the service itself only opens a current one.
    static void upgrade_schema(const std::string& database_path);
    OwnerService(const OwnerService&) = delete;
    OwnerService& operator=(const OwnerService&) = delete;

    const OwnerConfig& config() const { return config_; }

    // ---- Sessions and passwords -------------------------------------------------------
    struct SessionInfo {
        store::Account account;
        store::Session session;
    };
    // The live session of a cookie's token: not expired, idle, revoked, nor of an account
    // that is disabled. Extends its idle time.
    std::optional<SessionInfo> session(const std::string& cookie_token);
    struct Login {
        std::string token;        // for the cookie
        std::string csrf_token;   // for the X-CSRF-Token header
        nlohmann::json me;
    };
    // Refuses a wrong e-mail or password alike (401 invalid_credentials); after
    // max_failed_logins in a row the account is locked for `lockout` (429 account_locked),
    // whatever the password.
    Login login(const std::string& email, const std::string& password, const std::string& client_address);
    void logout(const Caller& caller);
    // Every session of the caller's account (other devices too).
    nlohmann::json revoke_my_sessions(const Caller& caller);
    // {"authenticated", "account", "fiches"}.
    nlohmann::json me(const Caller& caller);
    // A link's token (activation, reset, claim approval): sets the password, activates the
    // account, gives the claimed fiche, and logs in.
    Login set_password(const std::string& link_token, const std::string& password, const std::string& client_address);
    // Mails a link when the address is an active account; answers the same either way.
    void request_password_reset(const std::string& email, const std::string& client_address);

    // ---- Claims -----------------------------------------------------------------------
    // body: {"practitioner_id", "name", "contact_email", "message"?}. The link to set a
    // password goes to the practitioner's MSSanté address when one is known from the RPPS or
    // the CPTS, else the claim waits for an admin. Returns {"claim", "status_link"}.
    nlohmann::json claim(std::string_view body, const std::string& client_address);
    nlohmann::json claim_status(const std::string& link_token);
    nlohmann::json claims(const Caller& caller, const std::optional<std::string>& status);
    nlohmann::json approve_claim(const Caller& caller, std::int64_t id);
    nlohmann::json reject_claim(const Caller& caller, std::int64_t id, std::string_view body);

    // ---- Owners editing their fiche -----------------------------------------------------
    // The fiche as the public sees it, what is declared (in the form edit_fiche takes), the
    // practices one may declare for, pending corrections and conflicts.
    nlohmann::json fiche_for_editing(const Caller& caller, const std::string& practitioner_id);
    struct Edit {
        nlohmann::json body;
        std::int64_t owner_change = 0;   // of the last practice written (0: none); see SearchService
    };
    // The owner's document (owner::parse_declarations with owner_of): declared fields
    // publish at once, corrections of RPPS values wait for an admin.
    Edit edit_fiche(const Caller& caller, const std::string& practitioner_id, std::string_view document);

    // ---- Admins: corrections, conflicts, sites -------------------------------------------
    nlohmann::json proposals(const Caller& caller, const std::string& status);
    nlohmann::json accept_proposal(const Caller& caller, std::int64_t id, const Locator& locate);
    nlohmann::json reject_proposal(const Caller& caller, std::int64_t id, std::string_view body);
    nlohmann::json conflicts(const Caller& caller);
    // body: {"keep": "correction" | "rpps"}.
    nlohmann::json resolve_conflict(const Caller& caller, std::int64_t id, std::string_view body);
    nlohmann::json sites_to_review(const Caller& caller, const std::vector<std::string>& precisions, std::int64_t after_id,
                                   int limit);
    // body: {"lat", "lon"}; pins as `annuaire pin` does.
    nlohmann::json pin_site(const Caller& caller, std::int64_t site_id, std::string_view body);
    nlohmann::json unpin_site(const Caller& caller, std::int64_t site_id);

    // ---- Admins: users, outbox, audit, imports ---------------------------------------------
    nlohmann::json users(const Caller& caller);
    // The same list for the command line (`annuaire user list`), run by the database's owner.
    nlohmann::json all_users();
    // body: {"email"}: a new admin, with a link to set a password sent through the outbox.
    nlohmann::json invite_admin(const Caller& caller, std::string_view body);
    // body: {"status": "active" | "disabled"}; disabling ends the account's sessions.
    nlohmann::json set_user_status(const Caller& caller, std::int64_t id, std::string_view body);
    // `annuaire user add --admin EMAIL`: returns the one-time link to set the password.
    std::string add_admin(const std::string& email, const std::string& actor);
    nlohmann::json outbox(const Caller& caller, bool unsent_only, int limit);
    // Newest first, `filter.limit` entries (at most 500), and "next_before" to page on.
    nlohmann::json audit(const Caller& caller, store::AuditFilter filter);
    // The whole filtered log as CSV (UTF-8 with BOM, ';'), written a chunk at a time.
    void audit_csv(const Caller& caller, store::AuditFilter filter, const std::function<void(std::string_view)>& write);
    nlohmann::json import_jobs(const Caller& caller);
    nlohmann::json import_job(const Caller& caller, std::int64_t id);
    void import_problems_csv(const Caller& caller, std::int64_t id, const std::function<void(std::string_view)>& write);

    // Refuses with 403 unless the caller is an admin (401 without a session).
    static void require_admin(const Caller& caller);

private:
    // Runs `work` in a write transaction on the writer; a lock held by an import becomes 503.
    template <typename Work>
    auto write(Work&& work);
    template <typename Work>
    auto read(Work&& work);
    void audit_locked(const Caller& caller, const std::string& action, const std::string& entity, const std::string& key,
                      const std::optional<nlohmann::json>& before, const std::optional<nlohmann::json>& after);
    void mail_locked(const std::string& recipient, const MailText& text);
    // Issues a one-time link token; returns the token.
    std::string issue_token_locked(const std::string& purpose, std::optional<std::int64_t> account_id,
                                   std::optional<std::int64_t> claim_id, std::chrono::seconds lifetime);
    Login open_session_locked(const store::Account& account, const std::string& client_address);
    nlohmann::json me_locked(const store::Account& account);
    void require_owner_locked(const Caller& caller, const std::string& practitioner_id);
    // (site id, site_key) of the practitioner's public practices.
    std::vector<std::pair<std::int64_t, std::string>> fiche_sites_locked(const std::string& practitioner_id);

    OwnerConfig config_;
    std::mutex write_mutex_;
    store::Database writer_;
    std::mutex read_mutex_;
    store::Database reader_;
};

}  // namespace annuaire::owner
