// Every SQL statement of owner data: what professionals declare (declared_* tables),
// corrections of RPPS values (field_override), and, with them, the accounts, sessions,
// claims, audit log and outbox of owner editing. The owner module (core/owner/) is the
// only caller besides the import, which keeps declarations across re-imports.
#pragma once

#include "model/reconciliation.hpp"
#include "store/database.hpp"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace annuaire::store {

// What a declaration says of one field: nothing (the stored value stays as it is), that
// the field is cleared (JSON null), or its new value. A declaration changes what it names
// and nothing else: declaring a practice again does not touch the fields it leaves out.
template <typename T>
class Change {
public:
    Change() = default;   // names nothing
    static Change cleared() {
        Change change;
        change.state_ = State::clear;
        return change;
    }
    static Change to(T value) {
        Change change;
        change.state_ = State::set;
        change.value_ = std::move(value);
        return change;
    }
    bool named() const { return state_ != State::keep; }
    bool clears() const { return state_ == State::clear; }
    // The new value; nullptr unless the change sets one.
    const T* value() const { return state_ == State::set ? &value_ : nullptr; }
    bool operator==(const T& other) const { return state_ == State::set && value_ == other; }

private:
    enum class State : std::uint8_t { keep, clear, set };
    State state_ = State::keep;
    T value_{};
};

// Owner declarations, validated by the caller (owner::parse_declarations).
struct OpeningInterval {
    int weekday = 1, opens = 0, closes = 0;
    bool operator==(const OpeningInterval&) const = default;
};
struct PracticeDeclaration {
    std::string practitioner_id;
    std::optional<std::int64_t> site_id;
    std::optional<std::string> site_key;
    Change<std::string> phone, mssante_email, appointment_url, conventionnement;
    std::array<Change<bool>, 6> booleans;   // order of owner::kBooleanFields
    // Lists replace the stored list when named; an empty list clears it, as null does.
    Change<std::vector<std::string>> publics, acts;
    Change<std::vector<OpeningInterval>> hours;
    std::string declared_at;
    std::optional<std::string> declared_by;
};
struct PractitionerDeclaration {
    std::string practitioner_id;
    Change<std::string> phone, mssante_email, expertise, training, website;
    std::string declared_at;
    std::optional<std::string> declared_by;
};
// A correction of one RPPS value (field_override), of a practitioner or of a site;
// a cleared value removes the correction (the RPPS value shows again).
struct FieldCorrection {
    std::optional<std::string> practitioner_id;               // exactly one of the three
    std::optional<std::string> site_key;
    std::optional<std::int64_t> site_id;
    std::string field;                                        // owner::kCorrectable*Fields
    Change<std::string> value;
    std::string declared_at;
    std::optional<std::string> declared_by;
};
struct DeclarationSet {
    std::vector<PractitionerDeclaration> practitioners;
    std::vector<PracticeDeclaration> practices;
    std::vector<FieldCorrection> corrections;
};
struct DeclarationSummary {
    std::size_t practitioners = 0, practices = 0, corrections = 0;
    std::int64_t last_owner_change = 0;   // owner_change sequence of the last practice written, 0 if none
};

// Writes every declaration inside the caller's transaction: throws DatabaseError naming the
// first unknown practitioner or site (the caller's transaction then rolls everything back).
// Each field a declaration names replaces the stored one (null clears it); the fields it
// leaves out stay as they were. Every practice and practitioner written gets an
// owner_change entry; corrections bump meta 'corrections_version' (items show them: the
// server's index is rebuilt).
DeclarationSummary apply_declarations(Database& db, const DeclarationSet& set);
// apply_declarations in a transaction of its own, with an audit entry per practitioner.
DeclarationSummary write_declarations(Database& db, const DeclarationSet& set, const std::string& actor);

// Everything declared of a practitioner and their practices, as JSON (for the audit log's
// before and after, and for the owner's editing view).
nlohmann::json declarations_of(Database& db, const std::string& practitioner_id);

// ---- Corrections -----------------------------------------------------------------------

// The RPPS value a correction of `field` of `entity_key` stands in for, as text (the
// address as a JSON object {"line", "complement", "postcode", "commune"}); nullopt when the
// entity has no such value.
std::optional<std::string> rpps_value_of(Database& db, const std::string& entity, const std::string& entity_key,
                                         const std::string& field);
// Corrections made before schema 4 get the RPPS value of today as their baseline.
void fill_correction_baselines(Database& db);

// Empties the owner_change log: an import has just read back every declaration, so a server
// that applied the log up to any point reloads from what the import wrote.
void clear_owner_changes(Database& db);
// Every correction with the RPPS value it was made against and the one of now, in id order:
// what model::corrections_in_conflict() judges after an import wrote its rows.
std::vector<model::CorrectionBaseline> read_correction_baselines(Database& db);
// Inside the import's transaction: each correction in conflict keeps its value and gets the
// new RPPS value beside it, flagged for an admin (never overwritten either way).
void flag_correction_conflicts(Database& db, const std::vector<model::CorrectionConflict>& conflicts,
                               std::int64_t import_id);
// Sets (or with nullopt removes) a correction, its baseline being the RPPS value of now;
// bumps meta 'corrections_version'. Returns the value it replaced, if any.
std::optional<std::string> set_correction(Database& db, const std::string& entity, const std::string& entity_key,
                                          const std::string& field, const std::optional<std::string>& value,
                                          const std::string& declared_at, const std::string& declared_by);
struct CorrectionConflict {
    std::int64_t id = 0;
    std::string entity, entity_key, field, value;
    std::optional<std::string> rpps_value, conflict_rpps_value;
    std::int64_t import_id = 0;
};
std::vector<CorrectionConflict> list_conflicts(Database& db);
std::optional<CorrectionConflict> find_conflict(Database& db, std::int64_t id);
// keep_correction: the correction stays, its baseline becomes the new RPPS value; else the
// correction goes and the RPPS value shows. Bumps meta 'corrections_version'.
void resolve_conflict(Database& db, std::int64_t id, bool keep_correction);

struct CorrectionProposal {
    std::int64_t id = 0;
    std::string entity, entity_key, practitioner_id, field;
    std::optional<std::string> value;
    std::string proposed_at;
    std::int64_t account_id = 0;
    std::string status;
    std::optional<std::string> decided_at, decided_by, reason;
};
// A pending proposal of the same field is marked 'replaced'. Returns the new id.
std::int64_t add_proposal(Database& db, const CorrectionProposal& proposal);
std::vector<CorrectionProposal> list_proposals(Database& db, const std::string& status, std::optional<std::string> practitioner_id = {});
std::optional<CorrectionProposal> find_proposal(Database& db, std::int64_t id);
void decide_proposal(Database& db, std::int64_t id, const std::string& status, const std::string& decided_at,
                     const std::string& decided_by, const std::optional<std::string>& reason);

// ---- Accounts, sessions, links ------------------------------------------------------------

struct Account {
    std::int64_t id = 0;
    std::string email, role, status;
    std::optional<std::string> password_hash;
    std::string created_at, created_by;
    std::optional<std::string> last_login_at, locked_until;
    int failed_logins = 0;
};
std::optional<Account> find_account(Database& db, std::int64_t id);
std::optional<Account> find_account_by_email(Database& db, const std::string& email);
std::int64_t add_account(Database& db, const std::string& email, const std::string& role, const std::string& created_at,
                         const std::string& created_by);
std::vector<Account> list_accounts(Database& db);
void set_account_status(Database& db, std::int64_t id, const std::string& status);
void set_password_hash(Database& db, std::int64_t id, const std::string& hash, const std::string& at);
// A failed login: counts it, and locks the account until `locked_until` when given.
void record_failed_login(Database& db, std::int64_t id, const std::optional<std::string>& locked_until);
void record_login(Database& db, std::int64_t id, const std::string& at);

struct Session {
    std::string token_hash;
    std::int64_t account_id = 0;
    std::string csrf_token, created_at, expires_at, last_seen_at;
    std::optional<std::string> revoked_at;
};
void add_session(Database& db, const Session& session, const std::string& client_address);
std::optional<Session> find_session(Database& db, const std::string& token_hash);
void touch_session(Database& db, const std::string& token_hash, const std::string& at);
void revoke_session(Database& db, const std::string& token_hash, const std::string& at);
// Every session of an account not revoked yet; returns how many.
int revoke_sessions_of(Database& db, std::int64_t account_id, const std::string& at);
// Sessions and links that ended before `before` are deleted.
void purge_expired(Database& db, const std::string& before);

struct OneTimeToken {
    std::string token_hash, purpose;
    std::optional<std::int64_t> account_id, claim_id;
    std::string created_at, expires_at;
    std::optional<std::string> used_at;
};
void add_token(Database& db, const OneTimeToken& token);
std::optional<OneTimeToken> find_token(Database& db, const std::string& token_hash);
void use_token(Database& db, const std::string& token_hash, const std::string& at);
// Earlier unused links of the same purpose for the account stop working when a new one is sent.
void expire_tokens_of(Database& db, std::int64_t account_id, const std::string& purpose, const std::string& at);

// ---- Fiches and claims ------------------------------------------------------------------

bool practitioner_exists(Database& db, const std::string& practitioner_id, bool public_only);
// "First Last" of a practitioner as the RPPS names them, or "".
std::string practitioner_name(Database& db, const std::string& practitioner_id);
std::vector<std::string> fiches_of(Database& db, std::int64_t account_id);
// (site id, site_key) of the practitioner's public practices, by site id.
std::vector<std::pair<std::int64_t, std::string>> sites_of_practitioner(Database& db, const std::string& practitioner_id);
// The id of the site with this key (archived or not), if there is one.
std::optional<std::int64_t> site_id_of_key(Database& db, const std::string& site_key);
std::vector<std::int64_t> owners_of(Database& db, const std::string& practitioner_id);
void grant_fiche(Database& db, const std::string& practitioner_id, std::int64_t account_id, const std::string& at,
                 std::optional<std::int64_t> claim_id);
// What owners declare through their account carries this declared_by.
inline constexpr const char* kDeclaredByOwner = "owner";
// The MSSanté addresses known for a practitioner from sources an owner does not control:
// the RPPS extract's e-mails ending in .mssante.fr and what the CPTS declared
// (`annuaire declare`), not what was declared through an account (kDeclaredByOwner).
std::vector<std::string> known_mssante_addresses(Database& db, const std::string& practitioner_id);

struct Claim {
    std::int64_t id = 0;
    std::string practitioner_id, claimant_name, contact_email;
    std::optional<std::string> message;
    std::string status, proof;
    std::optional<std::string> mssante_email;
    std::optional<std::int64_t> account_id;
    std::string created_at;
    std::optional<std::string> client_address, decided_at, decided_by, reason, activated_at;
};
std::int64_t add_claim(Database& db, const Claim& claim);
std::optional<Claim> find_claim(Database& db, std::int64_t id);
std::vector<Claim> list_claims(Database& db, const std::optional<std::string>& status);
// Claims of the practitioner still open (awaiting review or activation).
int open_claims_of(Database& db, const std::string& practitioner_id);
void update_claim(Database& db, const Claim& claim);

// ---- Outbox and audit ------------------------------------------------------------------

struct Mail {
    std::int64_t id = 0;
    std::string created_at, recipient, subject, body, kind;
    std::optional<std::string> sent_at;
};
std::int64_t add_mail(Database& db, const Mail& mail);
std::vector<Mail> list_mail(Database& db, bool unsent_only, int limit);
void mark_mail_sent(Database& db, std::int64_t id, const std::string& at);

struct AuditEntry {
    std::int64_t id = 0;
    std::string at, actor;
    std::optional<std::int64_t> account_id;
    std::string action, entity, entity_key;
    std::optional<std::string> before_json, after_json, client_address;
};
void add_audit(Database& db, const AuditEntry& entry);
struct AuditFilter {
    std::optional<std::string> actor, action, entity, entity_key, from, to;   // from/to: ISO dates, inclusive
    std::int64_t before_id = 0;   // 0: from the newest; else entries older than this id
    int limit = 100;
};
// Newest first.
void for_each_audit(Database& db, const AuditFilter& filter, const std::function<void(const AuditEntry&)>& fn);

// ---- Sites to review --------------------------------------------------------------------

struct ReviewSite {
    std::int64_t id = 0;
    std::string site_key;
    std::optional<std::string> name;
    std::string address_line;
    std::optional<std::string> postcode, commune, insee;
    std::optional<double> lat, lon;
    std::string precision;   // street, municipality, none, pinned...
    std::int64_t practices = 0;
};
// Public sites whose position is of one of these precisions ('none' for not located), by id.
std::vector<ReviewSite> sites_to_review(Database& db, const std::vector<std::string>& precisions, std::int64_t after_id,
                                        int limit);
std::optional<ReviewSite> find_review_site(Database& db, std::int64_t id);

// ---- Import jobs --------------------------------------------------------------------------

struct ImportJob {
    std::int64_t id = 0;
    std::string source, file_name;
    std::int64_t file_size = 0;
    std::string started_at, started_by;
    std::optional<std::int64_t> pid;
    std::optional<std::string> pid_start;
    std::string status;
    std::optional<std::string> finished_at;
    std::optional<std::int64_t> import_id;
    std::optional<std::string> backup_file, report_json, error;
};
std::int64_t add_import_job(Database& db, const ImportJob& job);
void finish_import_job(Database& db, const ImportJob& job);
std::optional<ImportJob> find_import_job(Database& db, std::int64_t id);
std::vector<ImportJob> list_import_jobs(Database& db, int limit);
struct ImportProblem {
    std::uint64_t line = 0;
    std::string kind, detail;
};
void add_import_problems(Database& db, std::int64_t job_id, const std::vector<ImportProblem>& problems);
void for_each_import_problem(Database& db, std::int64_t job_id, const std::function<void(const ImportProblem&)>& fn);

}  // namespace annuaire::store
