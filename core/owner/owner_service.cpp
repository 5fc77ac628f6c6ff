#include "owner/owner_service.hpp"

#include "owner/declared_values.hpp"
#include "owner/mails.hpp"
#include "owner/owner_error.hpp"
#include "owner/owner_fields.hpp"
#include "owner/secrets.hpp"
#include "projection.hpp"
#include "store/address_store.hpp"
#include "store/schema.hpp"
#include "store/search_store.hpp"
#include "util/clock.hpp"
#include "util/csv.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <type_traits>

namespace annuaire::owner {

using nlohmann::json;

namespace {

// Session and link tokens travel in cookies and fragments; what is shorter or longer is not ours.
bool plausible_token(const std::string& token) {
    return token.size() == 43 && std::all_of(token.begin(), token.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
           });
}

std::string lower_ascii(std::string text) {
    for (auto& c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

[[noreturn]] void invalid(const std::string& path, const std::string& fault) {
    throw OwnerError(Refusal::invalid, "invalid_request", path + ": " + fault, {{path, fault}});
}

[[noreturn]] void not_found(const std::string& what) { throw OwnerError(Refusal::not_found, "not_found", what); }

// The small JSON bodies of the account, claim and admin routes: one object of known fields,
// every value checked by the rules of owner/declared_values.hpp; every problem is listed.
class Body {
public:
    Body(std::string_view text, std::vector<std::string_view> fields) : fields_(std::move(fields)) {
        if (first_invalid_utf8(text) != std::string_view::npos) fail("document", "not valid UTF-8");
        try {
            document_ = json::parse(text.begin(), text.end());
        } catch (const json::exception&) {
            fail("document", "not valid JSON");
        }
        if (!document_.is_object()) fail("document", "expected a JSON object");
        for (const auto& [key, value] : document_.items()) {
            if (std::find(fields_.begin(), fields_.end(), key) == fields_.end()) {
                problems_.push_back({escaped(key), "unknown field"});
            }
        }
    }

    // A text passed through `check` (which throws ValueError), required unless `optional`.
    template <typename Check>
    std::optional<std::string> text(const char* key, Check&& check, bool optional = false) {
        const auto it = document_.find(key);
        if (it == document_.end() || it->is_null()) {
            if (!optional) problems_.push_back({key, "required"});
            return std::nullopt;
        }
        if (!it->is_string()) {
            problems_.push_back({key, "expected a string"});
            return std::nullopt;
        }
        try {
            return check(std::string_view(it->get_ref<const std::string&>()));
        } catch (const ValueError& error) {
            problems_.push_back({key, error.what()});
            return std::nullopt;
        }
    }
    std::optional<double> number(const char* key) {
        const auto it = document_.find(key);
        if (it == document_.end() || !it->is_number()) {
            problems_.push_back({key, it == document_.end() ? "required" : "expected a number"});
            return std::nullopt;
        }
        return it->get<double>();
    }
    // Throws OwnerError(invalid) listing every problem found so far.
    void check() const {
        if (problems_.empty()) return;
        std::string message;
        for (const auto& problem : problems_) message += (message.empty() ? "" : "; ") + problem.path + ": " + problem.fault;
        throw OwnerError(Refusal::invalid, "invalid_request", message, problems_);
    }

private:
    [[noreturn]] void fail(const std::string& path, const std::string& fault) {
        throw OwnerError(Refusal::invalid, "invalid_request", path + ": " + fault, {{path, fault}});
    }
    std::vector<std::string_view> fields_;
    json document_;
    std::vector<DeclarationProblem> problems_;
};

const auto kEmailRule = [](std::string_view v) { return lower_ascii(checked_email(v, EmailKind::any)); };
const auto kReasonRule = [](std::string_view v) { return checked_text(v, 500, Lines::several); };

json account_json(const store::Account& account) {
    return {{"id", account.id},
            {"email", account.email},
            {"role", account.role},
            {"status", account.status},
            {"created_at", account.created_at},
            {"last_login_at", account.last_login_at ? json(*account.last_login_at) : json()}};
}

json optional_text(const std::optional<std::string>& value) { return value ? json(*value) : json(); }

json claim_json(const store::Claim& claim, const std::string& practitioner_name, bool full) {
    json out = {{"id", claim.id},
                {"practitioner", {{"id", claim.practitioner_id}, {"name", practitioner_name}}},
                {"status", claim.status},
                {"proof", claim.proof},
                {"created_at", claim.created_at},
                {"decided_at", optional_text(claim.decided_at)},
                {"reason", optional_text(claim.reason)}};
    if (full) {
        out["claimant_name"] = claim.claimant_name;
        out["contact_email"] = claim.contact_email;
        out["message"] = optional_text(claim.message);
        out["mssante_email"] = optional_text(claim.mssante_email);
        out["decided_by"] = optional_text(claim.decided_by);
        out["account_id"] = claim.account_id ? json(*claim.account_id) : json();
        out["client_address"] = optional_text(claim.client_address);
    }
    return out;
}

// A correction's value as the API shows it: an address is an object, the rest text.
json correction_value(const std::optional<std::string>& value, const std::string& field) {
    if (!value) return nullptr;
    if (field == "address") {
        try {
            return json::parse(*value);
        } catch (const json::exception&) {
        }
    }
    return *value;
}

json proposal_json(const store::CorrectionProposal& p, const std::optional<std::string>& rpps_value) {
    return {{"id", p.id},
            {"practitioner_id", p.practitioner_id},
            {"entity", p.entity},
            {"entity_key", p.entity_key},
            {"field", p.field},
            {"value", correction_value(p.value, p.field)},
            {"rpps_value", correction_value(rpps_value, p.field)},
            {"proposed_at", p.proposed_at},
            {"account_id", p.account_id},
            {"status", p.status},
            {"decided_at", optional_text(p.decided_at)},
            {"decided_by", optional_text(p.decided_by)},
            {"reason", optional_text(p.reason)}};
}

json conflict_json(const store::CorrectionConflict& c) {
    return {{"id", c.id},
            {"entity", c.entity},
            {"entity_key", c.entity_key},
            {"field", c.field},
            {"value", correction_value(c.value, c.field)},
            {"rpps_value_before", correction_value(c.rpps_value, c.field)},
            {"rpps_value_now", correction_value(c.conflict_rpps_value, c.field)},
            {"import_id", c.import_id}};
}

json site_json(const store::ReviewSite& s) {
    return {{"id", s.id},
            {"site_key", s.site_key},
            {"name", optional_text(s.name)},
            {"address", {{"line", s.address_line}, {"postcode", optional_text(s.postcode)}, {"commune", optional_text(s.commune)},
                         {"insee", optional_text(s.insee)}}},
            {"location", s.lat && s.lon ? json{{"lat", *s.lat}, {"lon", *s.lon}} : json()},
            {"precision", s.precision},
            {"practices", s.practices}};
}

json job_json(const store::ImportJob& job) {
    json out = {{"id", job.id},
                {"source", job.source},
                {"file_name", job.file_name},
                {"file_size", job.file_size},
                {"started_at", job.started_at},
                {"started_by", job.started_by},
                {"status", job.status},
                {"finished_at", optional_text(job.finished_at)},
                {"import_id", job.import_id ? json(*job.import_id) : json()},
                {"backup_file", optional_text(job.backup_file)},
                {"error", optional_text(job.error)}};
    if (job.report_json) {
        try {
            out["report"] = json::parse(*job.report_json);
        } catch (const json::exception&) {
        }
    }
    return out;
}

// The links of mailed bodies, masked for the console: only the relay (`annuaire outbox`,
// run by the database's owner) reads them whole.
std::string masked_links(std::string body) {
    for (std::size_t at = body.find("#jeton="); at != std::string::npos; at = body.find("#jeton=", at + 1)) {
        const auto start = at + 7;
        auto end = start;
        while (end < body.size() && (std::isalnum(static_cast<unsigned char>(body[end])) || body[end] == '-' || body[end] == '_')) {
            ++end;
        }
        if (end - start > 4) body.replace(start + 4, end - start - 4, "…");
    }
    return body;
}

}  // namespace

void OwnerConfig::validate() const {
    if (database_path.empty()) throw std::invalid_argument("a database path is required");
    if (public_url.rfind("http://", 0) != 0 && public_url.rfind("https://", 0) != 0) {
        throw std::invalid_argument("--public-url '" + public_url + "' must start with http:// or https://");
    }
    if (session_lifetime.count() <= 0 || session_idle.count() <= 0 || link_lifetime.count() <= 0) {
        throw std::invalid_argument("session and link lifetimes must be positive");
    }
    if (max_failed_logins < 1) throw std::invalid_argument("the lock-out needs at least one failed login");
}

OwnerService::OwnerService(OwnerConfig config)
    : config_(std::move(config)),
      writer_(config_.database_path, store::OpenMode::read_write),
      reader_(config_.database_path, store::OpenMode::read_only) {
    config_.validate();
    store::configure_writer(writer_);
    store::require_current_schema(writer_);
    // A write that an import's lock holds up gives up soon: the client is told to come back.
    writer_.set_busy_timeout(3000);
}

template <typename Work>
auto OwnerService::write(Work&& work) {
    std::lock_guard lock(write_mutex_);
    try {
        store::Transaction transaction(writer_);
        if constexpr (std::is_void_v<decltype(work())>) {
            work();
            transaction.commit();
        } else {
            auto result = work();
            transaction.commit();
            return result;
        }
    } catch (const store::DatabaseBusy&) {
        throw OwnerError(Refusal::unavailable, "busy",
                         "the database is being written by another program (an import?); try again in a minute", {}, 30);
    }
}

template <typename Work>
auto OwnerService::read(Work&& work) {
    std::lock_guard lock(read_mutex_);
    store::ReadTransaction snapshot(reader_);
    return work();
}

void OwnerService::require_admin(const Caller& caller) {
    if (!caller.account) throw OwnerError(Refusal::unauthenticated, "not_logged_in", "log in first");
    if (caller.account->role != "admin") throw OwnerError(Refusal::forbidden, "forbidden", "this is for admins only");
}

void OwnerService::audit_locked(const Caller& caller, const std::string& action, const std::string& entity,
                                const std::string& key, const std::optional<json>& before, const std::optional<json>& after) {
    store::add_audit(writer_, {0, util::utc_now(), caller.name(),
                               caller.account ? std::optional(caller.account->id) : std::nullopt, action, entity, key,
                               before ? std::optional(before->dump()) : std::nullopt,
                               after ? std::optional(after->dump()) : std::nullopt,
                               caller.client_address.empty() ? std::nullopt : std::optional(caller.client_address)});
}

void OwnerService::mail_locked(const std::string& recipient, const MailText& text) {
    store::add_mail(writer_, {0, util::utc_now(), recipient, text.subject, text.body, text.kind, std::nullopt});
}

std::string OwnerService::issue_token_locked(const std::string& purpose, std::optional<std::int64_t> account_id,
                                             std::optional<std::int64_t> claim_id, std::chrono::seconds lifetime) {
    const auto now = util::utc_now();
    if (account_id && purpose == "set_password") store::expire_tokens_of(writer_, *account_id, purpose, now);
    const auto token = random_token();
    store::add_token(writer_, {token_hash(token), purpose, account_id, claim_id, now, util::utc_in(lifetime), std::nullopt});
    return token;
}

json OwnerService::me_locked(const store::Account& account) {
    json fiches = json::array();
    for (const auto& id : store::fiches_of(writer_, account.id)) {
        fiches.push_back({{"id", id}, {"name", store::practitioner_name(writer_, id)}});
    }
    return {{"authenticated", true}, {"account", account_json(account)}, {"fiches", fiches}};
}

OwnerService::Login OwnerService::open_session_locked(const store::Account& account, const std::string& client_address) {
    const auto now = util::utc_now();
    Login login;
    login.token = random_token();
    login.csrf_token = random_token();
    store::add_session(writer_, {token_hash(login.token), account.id, login.csrf_token, now, util::utc_in(config_.session_lifetime),
                                 now, std::nullopt},
                       client_address);
    // Sessions and links long over are forgotten now and then.
    store::purge_expired(writer_, util::utc_in(-std::chrono::hours(24 * 30)));
    login.me = me_locked(account);
    login.me["csrf_token"] = login.csrf_token;
    return login;
}

// ---- Sessions and passwords -----------------------------------------------------------------

std::optional<OwnerService::SessionInfo> OwnerService::session(const std::string& cookie_token) {
    if (!plausible_token(cookie_token)) return std::nullopt;
    const auto hash = token_hash(cookie_token);
    auto found = read([&]() -> std::optional<SessionInfo> {
        auto session = store::find_session(reader_, hash);
        if (!session) return std::nullopt;
        auto account = store::find_account(reader_, session->account_id);
        if (!account) return std::nullopt;
        return SessionInfo{std::move(*account), std::move(*session)};
    });
    if (!found) return std::nullopt;
    const auto now = util::utc_now();
    const auto& s = found->session;
    const auto idle_end = util::utc_time(std::chrono::system_clock::now() - config_.session_idle);
    if (s.revoked_at || s.expires_at <= now || s.last_seen_at < idle_end || found->account.status != "active") {
        return std::nullopt;
    }
    // The idle clock moves once a minute at most: a session costs no write per request.
    if (s.last_seen_at < util::utc_in(-std::chrono::seconds(60))) {
        try {
            write([&] { store::touch_session(writer_, hash, now); });
        } catch (const OwnerError&) {
            // Busy: the next request moves it.
        }
    }
    return found;
}

OwnerService::Login OwnerService::login(const std::string& email_text, const std::string& password,
                                        const std::string& client_address) {
    const auto email = lower_ascii(std::string(email_text));
    const auto account = read([&] { return store::find_account_by_email(reader_, email); });
    const Caller caller{account, "", client_address, ""};
    const auto refuse = [] {
        return OwnerError(Refusal::unauthenticated, "invalid_credentials", "wrong e-mail address or password");
    };
    if (!account || account->status != "active" || !account->password_hash) {
        waste_a_verification(password);   // as long as a wrong password: the answer tells nothing
        throw refuse();
    }
    if (account->locked_until) {
        const auto wait = util::seconds_until(*account->locked_until);
        if (wait > 0) {
            throw OwnerError(Refusal::too_many, "account_locked",
                             "too many failed logins: this account is locked for " + std::to_string((wait + 59) / 60) +
                                 " more minutes",
                             {}, static_cast<int>(wait));
        }
    }
    if (!verify_password(*account->password_hash, password)) {
        const bool locks = account->failed_logins + 1 >= config_.max_failed_logins;
        write([&] {
            store::record_failed_login(writer_, account->id,
                                       locks ? std::optional(util::utc_in(config_.lockout)) : std::nullopt);
            audit_locked(caller, locks ? "session.locked_out" : "session.login_failed", "account", std::to_string(account->id),
                         std::nullopt, std::nullopt);
        });
        if (locks) {
            throw OwnerError(Refusal::too_many, "account_locked",
                             "too many failed logins: this account is locked for " +
                                 std::to_string(config_.lockout.count() / 60) + " minutes",
                             {}, static_cast<int>(config_.lockout.count()));
        }
        throw refuse();
    }
    return write([&] {
        const auto now = util::utc_now();
        store::record_login(writer_, account->id, now);
        auto fresh = store::find_account(writer_, account->id);
        audit_locked(caller, "session.login", "account", std::to_string(account->id), std::nullopt, std::nullopt);
        return open_session_locked(*fresh, client_address);
    });
}

void OwnerService::logout(const Caller& caller) {
    if (!caller.account || caller.session_token_hash.empty()) return;
    write([&] {
        store::revoke_session(writer_, caller.session_token_hash, util::utc_now());
        audit_locked(caller, "session.logout", "account", std::to_string(caller.account->id), std::nullopt, std::nullopt);
    });
}

json OwnerService::revoke_my_sessions(const Caller& caller) {
    if (!caller.account) throw OwnerError(Refusal::unauthenticated, "not_logged_in", "log in first");
    return write([&] {
        const int revoked = store::revoke_sessions_of(writer_, caller.account->id, util::utc_now());
        audit_locked(caller, "session.revoke_all", "account", std::to_string(caller.account->id), std::nullopt,
                     json{{"revoked", revoked}});
        return json{{"revoked", revoked}};
    });
}

json OwnerService::me(const Caller& caller) {
    if (!caller.account) return {{"authenticated", false}, {"account", nullptr}, {"fiches", json::array()}};
    std::lock_guard lock(write_mutex_);   // me_locked reads through the writer
    return me_locked(*caller.account);
}

OwnerService::Login OwnerService::set_password(const std::string& link_token, const std::string& password,
                                               const std::string& client_address) {
    try {
        check_password_rules(password);
    } catch (const ValueError& error) {
        invalid("password", error.what());
    }
    const auto invalid_link = [] {
        return OwnerError(Refusal::invalid, "invalid_link",
                          "this link is not valid any more (used, expired or replaced by a newer one): ask for a new one");
    };
    if (!plausible_token(link_token)) throw invalid_link();
    const auto hash = token_hash(link_token);
    const auto password_hash = hash_password(password);   // slow: before the write lock
    return write([&] {
        const auto now = util::utc_now();
        const auto token = store::find_token(writer_, hash);
        if (!token || token->purpose != "set_password" || token->used_at || token->expires_at <= now || !token->account_id) {
            throw invalid_link();
        }
        auto account = store::find_account(writer_, *token->account_id);
        if (!account) throw invalid_link();
        if (account->status == "disabled") throw OwnerError(Refusal::forbidden, "account_disabled", "this account is disabled");
        const Caller caller{account, "", client_address, ""};
        store::use_token(writer_, hash, now);
        store::set_password_hash(writer_, account->id, password_hash, now);
        // A new password ends the sessions opened with the old one.
        store::revoke_sessions_of(writer_, account->id, now);
        audit_locked(caller, "account.set_password", "account", std::to_string(account->id), std::nullopt, std::nullopt);
        if (token->claim_id) {
            if (auto claim = store::find_claim(writer_, *token->claim_id); claim && claim->status == "awaiting_activation") {
                const auto before = claim_json(*claim, "", true);
                claim->status = "activated";
                claim->activated_at = now;
                claim->account_id = account->id;
                store::update_claim(writer_, *claim);
                store::grant_fiche(writer_, claim->practitioner_id, account->id, now, claim->id);
                audit_locked(caller, "claim.activate", "claim", std::to_string(claim->id), before, claim_json(*claim, "", true));
                audit_locked(caller, "fiche.grant", "practitioner", claim->practitioner_id, std::nullopt,
                             json{{"account_id", account->id}, {"claim_id", claim->id}});
            }
        }
        account = store::find_account(writer_, account->id);
        return open_session_locked(*account, client_address);
    });
}

void OwnerService::request_password_reset(const std::string& email_text, const std::string& client_address) {
    const auto email = lower_ascii(std::string(email_text));
    const auto account = read([&] { return store::find_account_by_email(reader_, email); });
    if (!account || account->status != "active") return;
    write([&] {
        const auto token = issue_token_locked("set_password", account->id, std::nullopt, config_.link_lifetime);
        mail_locked(account->email, password_reset(set_password_link(config_.public_url, token)));
        audit_locked(Caller{account, "", client_address, ""}, "account.password_reset_requested", "account",
                     std::to_string(account->id), std::nullopt, std::nullopt);
    });
}

// ---- Claims ------------------------------------------------------------------------------------

json OwnerService::claim(std::string_view text, const std::string& client_address) {
    Body body(text, {"practitioner_id", "name", "contact_email", "message"});
    const auto practitioner_id = body.text("practitioner_id", checked_practitioner_id);
    const auto name = body.text("name", [](std::string_view v) { return checked_text(v, kMaxDeclaredByCharacters); });
    const auto contact = body.text("contact_email", kEmailRule);
    const auto message = body.text("message", [](std::string_view v) { return checked_text(v, kMaxLongTextCharacters, Lines::several); },
                                   true);
    body.check();
    const Caller caller{std::nullopt, "", client_address, ""};
    return write([&] {
        if (!store::practitioner_exists(writer_, *practitioner_id, true)) {
            not_found("no public practitioner with id '" + *practitioner_id + "'");
        }
        if (store::open_claims_of(writer_, *practitioner_id) >= config_.max_open_claims_per_fiche) {
            throw OwnerError(Refusal::conflict, "too_many_claims",
                             "this fiche already has " + std::to_string(config_.max_open_claims_per_fiche) +
                                 " claims waiting; the CPTS will come back to you");
        }
        const auto now = util::utc_now();
        const auto practitioner = store::practitioner_name(writer_, *practitioner_id);
        store::Claim claim;
        claim.practitioner_id = *practitioner_id;
        claim.claimant_name = *name;
        claim.contact_email = *contact;
        claim.message = message;
        claim.created_at = now;
        claim.client_address = client_address;
        // The strongest proof first: a link only the owner of the professional's MSSanté mailbox
        // reads. A fiche that has an owner already is for an admin to decide.
        const auto mailboxes = store::known_mssante_addresses(writer_, *practitioner_id);
        const bool by_mssante = !mailboxes.empty() && store::owners_of(writer_, *practitioner_id).empty();
        claim.proof = by_mssante ? "mssante" : "admin";
        claim.status = by_mssante ? "awaiting_activation" : "awaiting_review";
        std::optional<store::Account> account;
        if (by_mssante) {
            account = store::find_account_by_email(writer_, *contact);
            if (!account) account = store::find_account(writer_, store::add_account(writer_, *contact, "owner", now, "claim"));
            claim.account_id = account->id;
            claim.mssante_email = mailboxes.front();
        }
        claim.id = store::add_claim(writer_, claim);
        if (by_mssante) {
            const auto token = issue_token_locked("set_password", account->id, claim.id, config_.link_lifetime);
            const auto link = set_password_link(config_.public_url, token);
            for (const auto& mailbox : mailboxes) mail_locked(mailbox, claim_activation(practitioner, *name, link));
        }
        const auto status_token = issue_token_locked("claim_status", std::nullopt, claim.id, config_.claim_link_lifetime);
        const auto status_link = claim_status_link(config_.public_url, status_token);
        mail_locked(*contact, claim_received(practitioner, by_mssante, status_link));
        audit_locked(caller, "claim.create", "claim", std::to_string(claim.id), std::nullopt, claim_json(claim, practitioner, true));
        return json{{"claim", claim_json(claim, practitioner, false)}, {"status_link", status_link}};
    });
}

json OwnerService::claim_status(const std::string& link_token) {
    const auto unknown = [] {
        return OwnerError(Refusal::not_found, "invalid_link", "this link does not follow any claim (or it has expired)");
    };
    if (!plausible_token(link_token)) throw unknown();
    return read([&] {
        const auto token = store::find_token(reader_, token_hash(link_token));
        if (!token || token->purpose != "claim_status" || token->expires_at <= util::utc_now() || !token->claim_id) throw unknown();
        const auto claim = store::find_claim(reader_, *token->claim_id);
        if (!claim) throw unknown();
        return json{{"claim", claim_json(*claim, store::practitioner_name(reader_, claim->practitioner_id), false)}};
    });
}

json OwnerService::claims(const Caller& caller, const std::optional<std::string>& status) {
    require_admin(caller);
    if (status && *status != "awaiting_review" && *status != "awaiting_activation" && *status != "activated" &&
        *status != "rejected") {
        invalid("status", "unknown value; known: awaiting_review, awaiting_activation, activated, rejected");
    }
    return read([&] {
        json items = json::array();
        for (const auto& claim : store::list_claims(reader_, status)) {
            auto item = claim_json(claim, store::practitioner_name(reader_, claim.practitioner_id), true);
            item["known_mssante_addresses"] = store::known_mssante_addresses(reader_, claim.practitioner_id);
            item["owners"] = store::owners_of(reader_, claim.practitioner_id);
            items.push_back(std::move(item));
        }
        return json{{"items", items}};
    });
}

json OwnerService::approve_claim(const Caller& caller, std::int64_t id) {
    require_admin(caller);
    return write([&] {
        auto claim = store::find_claim(writer_, id);
        if (!claim) not_found("no claim " + std::to_string(id));
        if (claim->status != "awaiting_review" && claim->status != "awaiting_activation") {
            throw OwnerError(Refusal::conflict, "claim_decided", "claim " + std::to_string(id) + " is " + claim->status + " already");
        }
        const auto now = util::utc_now();
        const auto practitioner = store::practitioner_name(writer_, claim->practitioner_id);
        const auto before = claim_json(*claim, practitioner, true);
        auto account = store::find_account_by_email(writer_, claim->contact_email);
        if (!account) account = store::find_account(writer_, store::add_account(writer_, claim->contact_email, "owner", now, caller.name()));
        if (account->status == "disabled") {
            throw OwnerError(Refusal::conflict, "account_disabled",
                             "the account of " + claim->contact_email + " is disabled: enable it first, or reject the claim");
        }
        claim->account_id = account->id;
        claim->proof = "admin";
        claim->decided_at = now;
        claim->decided_by = caller.name();
        if (account->status == "active") {
            // Someone who has an account already gets the fiche at once.
            claim->status = "activated";
            claim->activated_at = now;
            store::grant_fiche(writer_, claim->practitioner_id, account->id, now, claim->id);
            mail_locked(account->email, fiche_granted(practitioner, config_.public_url));
            audit_locked(caller, "fiche.grant", "practitioner", claim->practitioner_id, std::nullopt,
                         json{{"account_id", account->id}, {"claim_id", claim->id}});
        } else {
            claim->status = "awaiting_activation";
            const auto token = issue_token_locked("set_password", account->id, claim->id, config_.link_lifetime);
            mail_locked(account->email, claim_approved(practitioner, set_password_link(config_.public_url, token)));
        }
        store::update_claim(writer_, *claim);
        const auto after = claim_json(*claim, practitioner, true);
        audit_locked(caller, "claim.approve", "claim", std::to_string(id), before, after);
        return json{{"claim", after}};
    });
}

json OwnerService::reject_claim(const Caller& caller, std::int64_t id, std::string_view text) {
    require_admin(caller);
    Body body(text, {"reason"});
    const auto reason = body.text("reason", kReasonRule);
    body.check();
    return write([&] {
        auto claim = store::find_claim(writer_, id);
        if (!claim) not_found("no claim " + std::to_string(id));
        if (claim->status != "awaiting_review" && claim->status != "awaiting_activation") {
            throw OwnerError(Refusal::conflict, "claim_decided", "claim " + std::to_string(id) + " is " + claim->status + " already");
        }
        const auto now = util::utc_now();
        const auto practitioner = store::practitioner_name(writer_, claim->practitioner_id);
        const auto before = claim_json(*claim, practitioner, true);
        if (claim->account_id) store::expire_tokens_of(writer_, *claim->account_id, "set_password", now);
        claim->status = "rejected";
        claim->decided_at = now;
        claim->decided_by = caller.name();
        claim->reason = *reason;
        store::update_claim(writer_, *claim);
        mail_locked(claim->contact_email, claim_rejected(practitioner, *reason));
        const auto after = claim_json(*claim, practitioner, true);
        audit_locked(caller, "claim.reject", "claim", std::to_string(id), before, after);
        return json{{"claim", after}};
    });
}

// ---- Owners editing their fiche ----------------------------------------------------------------

void OwnerService::require_owner_locked(const Caller& caller, const std::string& practitioner_id) {
    if (!caller.account) throw OwnerError(Refusal::unauthenticated, "not_logged_in", "log in first");
    if (caller.admin()) return;
    const auto owners = store::owners_of(writer_, practitioner_id);
    if (std::find(owners.begin(), owners.end(), caller.account->id) == owners.end()) {
        throw OwnerError(Refusal::forbidden, "not_your_fiche", "this account may not edit the fiche of " + practitioner_id);
    }
}

std::vector<std::pair<std::int64_t, std::string>> OwnerService::fiche_sites_locked(const std::string& practitioner_id) {
    return store::sites_of_practitioner(writer_, practitioner_id);
}

json OwnerService::fiche_for_editing(const Caller& caller, const std::string& practitioner_id) {
    std::lock_guard lock(write_mutex_);   // reads through the writer: what an edit just wrote
    require_owner_locked(caller, practitioner_id);
    store::ReadTransaction snapshot(writer_);
    if (!store::practitioner_exists(writer_, practitioner_id, false)) not_found("no practitioner with id '" + practitioner_id + "'");
    store::SearchStore fiches(writer_);
    const auto fiche = fiches.fiche(practitioner_id);
    json proposals = json::array();
    for (const auto& p : store::list_proposals(writer_, "pending", practitioner_id)) {
        proposals.push_back(proposal_json(p, store::rpps_value_of(writer_, p.entity, p.entity_key, p.field)));
    }
    const auto sites = fiche_sites_locked(practitioner_id);
    json site_ids = json::array();
    json site_keys = json::object();   // proposals and conflicts name a site by its key
    for (const auto& [id, key] : sites) {
        site_ids.push_back(id);
        site_keys[std::to_string(id)] = key;
    }
    json conflicts = json::array();
    for (const auto& conflict : store::list_conflicts(writer_)) {
        const bool mine = conflict.entity == "practitioner"
                              ? conflict.entity_key == practitioner_id
                              : std::any_of(sites.begin(), sites.end(), [&](const auto& site) { return site.second == conflict.entity_key; });
        if (mine) conflicts.push_back(conflict_json(conflict));
    }
    return {{"fiche", fiche ? *fiche : json()},
            {"declared", store::declarations_of(writer_, practitioner_id)},
            {"sites", site_ids},
            {"site_keys", site_keys},
            {"proposals", proposals},
            {"conflicts", conflicts}};
}

OwnerService::Edit OwnerService::edit_fiche(const Caller& caller, const std::string& practitioner_id, std::string_view document) {
    if (!caller.account) throw OwnerError(Refusal::unauthenticated, "not_logged_in", "log in first");
    const auto now = util::utc_now();
    store::DeclarationSet set;
    try {
        set = parse_declarations(document, DeclarationSource{practitioner_id, now});
    } catch (const DeclarationError& error) {
        throw OwnerError(Refusal::invalid, "invalid_declarations", error.what(), error.problems());
    }
    return write([&] {
        require_owner_locked(caller, practitioner_id);
        if (!store::practitioner_exists(writer_, practitioner_id, true)) {
            throw OwnerError(Refusal::conflict, "archived", "the fiche of " + practitioner_id +
                                                                 " is archived (not in the last RPPS extract): it cannot be edited now");
        }
        // The sites of the fiche's public practices: an owner declares for those only.
        const auto sites = fiche_sites_locked(practitioner_id);
        std::vector<DeclarationProblem> problems;
        const auto site_of = [&](const std::optional<std::int64_t>& id, const std::optional<std::string>& key,
                                 const std::string& path) -> std::optional<std::string> {
            for (const auto& [site_id, site_key] : sites) {
                if ((id && *id == site_id) || (key && *key == site_key)) return site_key;
            }
            problems.push_back({path + (id ? ".site_id" : ".site_key"),
                                (id ? std::to_string(*id) : single_quoted(key.value_or(""))) + " is not a site of this fiche"});
            return std::nullopt;
        };
        for (std::size_t i = 0; i < set.practices.size(); ++i) {
            site_of(set.practices[i].site_id, set.practices[i].site_key, "practices[" + std::to_string(i) + "]");
        }
        std::vector<store::CorrectionProposal> proposals;
        for (std::size_t i = 0; i < set.corrections.size(); ++i) {
            const auto& c = set.corrections[i];
            store::CorrectionProposal p;
            p.practitioner_id = practitioner_id;
            p.field = c.field;
            p.value = c.value.value() ? std::optional(*c.value.value()) : std::nullopt;
            p.proposed_at = now;
            p.account_id = caller.account->id;
            if (c.practitioner_id) {
                p.entity = "practitioner";
                p.entity_key = practitioner_id;
            } else {
                p.entity = "site";
                const auto key = site_of(c.site_id, c.site_key, "corrections[" + std::to_string(i) + "]");
                if (!key) continue;
                p.entity_key = *key;
            }
            proposals.push_back(std::move(p));
        }
        if (!problems.empty()) {
            std::string message;
            for (const auto& problem : problems) message += (message.empty() ? "" : "\n") + problem.path + ": " + problem.fault;
            throw OwnerError(Refusal::invalid, "invalid_declarations", message, problems);
        }
        set.corrections.clear();   // they wait for an admin
        const auto before = store::declarations_of(writer_, practitioner_id);
        const auto summary = store::apply_declarations(writer_, set);
        const auto after = store::declarations_of(writer_, practitioner_id);
        if (summary.practices + summary.practitioners > 0) {
            audit_locked(caller, "declarations.update", "practitioner", practitioner_id, before, after);
        }
        json proposed = json::array();
        for (auto& p : proposals) {
            p.id = store::add_proposal(writer_, p);
            const auto rpps = store::rpps_value_of(writer_, p.entity, p.entity_key, p.field);
            auto shown = proposal_json(p, rpps);
            shown["status"] = "pending";
            audit_locked(caller, "correction.propose", p.entity, p.entity_key, std::nullopt, shown);
            proposed.push_back(std::move(shown));
        }
        return Edit{{{"declared", after}, {"proposals", proposed}}, summary.last_owner_change};
    });
}

// ---- Admins: corrections, conflicts, sites -----------------------------------------------------

json OwnerService::proposals(const Caller& caller, const std::string& status) {
    require_admin(caller);
    if (status != "pending" && status != "accepted" && status != "rejected" && status != "replaced") {
        invalid("status", "unknown value; known: pending, accepted, rejected, replaced");
    }
    return read([&] {
        json items = json::array();
        for (const auto& p : store::list_proposals(reader_, status)) {
            auto item = proposal_json(p, store::rpps_value_of(reader_, p.entity, p.entity_key, p.field));
            item["practitioner_name"] = store::practitioner_name(reader_, p.practitioner_id);
            items.push_back(std::move(item));
        }
        return json{{"items", items}};
    });
}

json OwnerService::accept_proposal(const Caller& caller, std::int64_t id, const Locator& locate) {
    require_admin(caller);
    const auto proposal = read([&] { return store::find_proposal(reader_, id); });
    if (!proposal) not_found("no proposed correction " + std::to_string(id));
    // An accepted address is geocoded again (before the write: the geocoder is in memory).
    std::optional<Located> located;
    if (proposal->field == "address" && proposal->value && locate) {
        const auto address = json::parse(*proposal->value);
        std::string text = address.value("line", "") + ", " + address.value("postcode", "") + " " + address.value("commune", "");
        located = locate(text);
    }
    return write([&] {
        auto p = store::find_proposal(writer_, id);
        if (!p || p->status != "pending") {
            throw OwnerError(Refusal::conflict, "proposal_decided", "correction " + std::to_string(id) + " is decided already");
        }
        const auto now = util::utc_now();
        const auto previous = store::set_correction(writer_, p->entity, p->entity_key, p->field, p->value, now, caller.name());
        store::decide_proposal(writer_, id, "accepted", now, caller.name(), std::nullopt);
        json after = {{"field", p->field}, {"value", correction_value(p->value, p->field)}};
        if (p->field == "address" && p->entity == "site") {
            auto st = writer_.prepare("SELECT id FROM site WHERE site_key = ?1");
            st.bind(1, p->entity_key);
            if (located && st.step()) {
                store::write_pin(writer_, st.column_int64(0), located->lat, located->lon,
                                 "address correction " + std::to_string(id) + " (" + located->precision + ")", now);
                after["location"] = {{"lat", located->lat}, {"lon", located->lon}, {"precision", located->precision}};
            } else {
                after["location"] = nullptr;   // not found: the site keeps its position until pinned by hand
            }
        }
        audit_locked(caller, "correction.accept", p->entity, p->entity_key,
                     json{{"field", p->field}, {"value", correction_value(previous, p->field)}}, after);
        auto decided = store::find_proposal(writer_, id);
        auto shown = proposal_json(*decided, store::rpps_value_of(writer_, p->entity, p->entity_key, p->field));
        if (after.contains("location")) shown["location"] = after["location"];
        return json{{"proposal", shown}};
    });
}

json OwnerService::reject_proposal(const Caller& caller, std::int64_t id, std::string_view text) {
    require_admin(caller);
    Body body(text, {"reason"});
    const auto reason = body.text("reason", kReasonRule);
    body.check();
    return write([&] {
        auto p = store::find_proposal(writer_, id);
        if (!p) not_found("no proposed correction " + std::to_string(id));
        if (p->status != "pending") {
            throw OwnerError(Refusal::conflict, "proposal_decided", "correction " + std::to_string(id) + " is decided already");
        }
        store::decide_proposal(writer_, id, "rejected", util::utc_now(), caller.name(), reason);
        audit_locked(caller, "correction.reject", p->entity, p->entity_key, std::nullopt,
                     json{{"field", p->field}, {"value", correction_value(p->value, p->field)}, {"reason", *reason}});
        auto decided = store::find_proposal(writer_, id);
        return json{{"proposal", proposal_json(*decided, std::nullopt)}};
    });
}

json OwnerService::conflicts(const Caller& caller) {
    require_admin(caller);
    return read([&] {
        json items = json::array();
        for (const auto& c : store::list_conflicts(reader_)) items.push_back(conflict_json(c));
        return json{{"items", items}};
    });
}

json OwnerService::resolve_conflict(const Caller& caller, std::int64_t id, std::string_view text) {
    require_admin(caller);
    Body body(text, {"keep"});
    const auto keep = body.text("keep", [](std::string_view v) {
        if (v != "correction" && v != "rpps") throw ValueError("expected 'correction' or 'rpps'");
        return std::string(v);
    });
    body.check();
    return write([&] {
        const auto conflict = store::find_conflict(writer_, id);
        if (!conflict) not_found("no conflict " + std::to_string(id));
        store::resolve_conflict(writer_, id, *keep == "correction");
        audit_locked(caller, "conflict.resolve", conflict->entity, conflict->entity_key, conflict_json(*conflict),
                     json{{"kept", *keep}});
        return json{{"resolved", id}, {"kept", *keep}};
    });
}

json OwnerService::sites_to_review(const Caller& caller, const std::vector<std::string>& precisions, std::int64_t after_id,
                                   int limit) {
    require_admin(caller);
    static const std::set<std::string> known = {"housenumber", "interpolated", "street", "municipality", "none", "manual", "pinned"};
    for (const auto& precision : precisions) {
        if (!known.count(precision)) {
            invalid("precision", single_quoted(precision) + " is not a precision; known: housenumber, interpolated, street, "
                                                            "municipality, none, manual, pinned");
        }
    }
    return read([&] {
        json items = json::array();
        std::int64_t last = 0;
        for (const auto& site : store::sites_to_review(reader_, precisions, after_id, std::clamp(limit, 1, 500))) {
            items.push_back(site_json(site));
            last = site.id;
        }
        return json{{"items", items}, {"next_after", items.empty() ? json() : json(last)}};
    });
}

json OwnerService::pin_site(const Caller& caller, std::int64_t site_id, std::string_view text) {
    require_admin(caller);
    Body body(text, {"lat", "lon"});
    const auto lat = body.number("lat");
    const auto lon = body.number("lon");
    body.check();
    if (!geo::inside_france(*lon, *lat)) invalid("lat", "the position is outside France (are lat and lon the right way round?)");
    return write([&] {
        const auto before = store::find_review_site(writer_, site_id);
        if (!before) not_found("no public site " + std::to_string(site_id));
        store::write_pin(writer_, site_id, *lat, *lon, caller.name(), util::utc_now());
        const auto after = store::find_review_site(writer_, site_id);
        audit_locked(caller, "site.pin", "site", before->site_key, site_json(*before), site_json(*after));
        return json{{"site", site_json(*after)}};
    });
}

json OwnerService::unpin_site(const Caller& caller, std::int64_t site_id) {
    require_admin(caller);
    return write([&] {
        const auto before = store::find_review_site(writer_, site_id);
        if (!before) not_found("no public site " + std::to_string(site_id));
        store::erase_pin(writer_, site_id);
        const auto after = store::find_review_site(writer_, site_id);
        audit_locked(caller, "site.unpin", "site", before->site_key, site_json(*before), site_json(*after));
        // The geocoder places it again at the next import or `annuaire geocode`.
        return json{{"site", site_json(*after)}};
    });
}

// ---- Admins: users, outbox, audit, imports ----------------------------------------------------

json OwnerService::users(const Caller& caller) {
    require_admin(caller);
    return read([&] {
        json items = json::array();
        for (const auto& account : store::list_accounts(reader_)) {
            auto item = account_json(account);
            item["fiches"] = store::fiches_of(reader_, account.id);
            item["locked"] = account.locked_until && util::seconds_until(*account.locked_until) > 0;
            items.push_back(std::move(item));
        }
        return json{{"items", items}};
    });
}

json OwnerService::invite_admin(const Caller& caller, std::string_view text) {
    require_admin(caller);
    Body body(text, {"email"});
    const auto email = body.text("email", kEmailRule);
    body.check();
    return write([&] {
        if (store::find_account_by_email(writer_, *email)) {
            throw OwnerError(Refusal::conflict, "account_exists", "an account with the address " + *email + " exists already");
        }
        const auto id = store::add_account(writer_, *email, "admin", util::utc_now(), caller.name());
        const auto token = issue_token_locked("set_password", id, std::nullopt, config_.link_lifetime);
        mail_locked(*email, admin_invitation(set_password_link(config_.public_url, token)));
        const auto account = store::find_account(writer_, id);
        audit_locked(caller, "account.create", "account", std::to_string(id), std::nullopt, account_json(*account));
        return json{{"account", account_json(*account)}};
    });
}

json OwnerService::set_user_status(const Caller& caller, std::int64_t id, std::string_view text) {
    require_admin(caller);
    Body body(text, {"status"});
    const auto status = body.text("status", [](std::string_view v) {
        if (v != "active" && v != "disabled") throw ValueError("expected 'active' or 'disabled'");
        return std::string(v);
    });
    body.check();
    if (id == caller.account->id && *status == "disabled") {
        throw OwnerError(Refusal::conflict, "own_account", "an admin cannot disable their own account");
    }
    return write([&] {
        const auto before = store::find_account(writer_, id);
        if (!before) not_found("no account " + std::to_string(id));
        if (before->status == "pending" && *status == "active") {
            throw OwnerError(Refusal::conflict, "no_password", "this account has no password yet: it becomes active when it sets one");
        }
        store::set_account_status(writer_, id, *status);
        if (*status == "disabled") store::revoke_sessions_of(writer_, id, util::utc_now());
        const auto after = store::find_account(writer_, id);
        audit_locked(caller, *status == "disabled" ? "account.disable" : "account.enable", "account", std::to_string(id),
                     account_json(*before), account_json(*after));
        return json{{"account", account_json(*after)}};
    });
}

std::string OwnerService::add_admin(const std::string& email_text, const std::string& actor) {
    std::string email;
    try {
        email = kEmailRule(email_text);
    } catch (const ValueError& error) {
        throw OwnerError(Refusal::invalid, "invalid_email", "'" + escaped(email_text) + "' is not an e-mail address: " + error.what());
    }
    return write([&] {
        auto account = store::find_account_by_email(writer_, email);
        if (account && account->role != "admin") {
            throw OwnerError(Refusal::conflict, "account_exists",
                             email + " is the account of a professional, not an admin: give admins an address of their own");
        }
        if (account && account->status == "disabled") {
            throw OwnerError(Refusal::conflict, "account_disabled", "the admin account " + email + " is disabled");
        }
        const bool created = !account;
        if (created) account = store::find_account(writer_, store::add_account(writer_, email, "admin", util::utc_now(), actor));
        const auto token = issue_token_locked("set_password", account->id, std::nullopt, config_.link_lifetime);
        store::add_audit(writer_, {0, util::utc_now(), actor, std::nullopt, created ? "account.create" : "account.link", "account",
                                   std::to_string(account->id), std::nullopt, account_json(*account).dump(), std::nullopt});
        return set_password_link(config_.public_url, token);
    });
}

json OwnerService::outbox(const Caller& caller, bool unsent_only, int limit) {
    require_admin(caller);
    return read([&] {
        json items = json::array();
        for (const auto& mail : store::list_mail(reader_, unsent_only, std::clamp(limit, 1, 1000))) {
            items.push_back({{"id", mail.id},
                             {"created_at", mail.created_at},
                             {"recipient", mail.recipient},
                             {"subject", mail.subject},
                             {"body", masked_links(mail.body)},
                             {"kind", mail.kind},
                             {"sent_at", optional_text(mail.sent_at)}});
        }
        return json{{"items", items}};
    });
}

namespace {

json audit_json(const store::AuditEntry& e) {
    const auto parsed = [](const std::optional<std::string>& text) -> json {
        if (!text) return nullptr;
        try {
            return json::parse(*text);
        } catch (const json::exception&) {
            return *text;
        }
    };
    return {{"id", e.id},
            {"at", e.at},
            {"actor", e.actor},
            {"account_id", e.account_id ? json(*e.account_id) : json()},
            {"action", e.action},
            {"entity", e.entity},
            {"entity_key", e.entity_key},
            {"before", parsed(e.before_json)},
            {"after", parsed(e.after_json)},
            {"client_address", optional_text(e.client_address)}};
}

}  // namespace

json OwnerService::audit(const Caller& caller, store::AuditFilter filter) {
    require_admin(caller);
    filter.limit = std::clamp(filter.limit, 1, 500);
    return read([&] {
        json items = json::array();
        std::int64_t last = 0;
        store::for_each_audit(reader_, filter, [&](const store::AuditEntry& e) {
            items.push_back(audit_json(e));
            last = e.id;
        });
        const bool more = static_cast<int>(items.size()) == filter.limit;
        return json{{"items", items}, {"next_before", more ? json(last) : json()}};
    });
}

void OwnerService::audit_csv(const Caller& caller, store::AuditFilter filter, const std::function<void(std::string_view)>& write) {
    require_admin(caller);
    std::lock_guard lock(read_mutex_);
    store::ReadTransaction snapshot(reader_);
    std::string chunk(util::kCsvBom);
    chunk += "id;at;actor;action;entity;entity_key;before;after;client_address\r\n";
    filter.limit = -1;   // every entry (SQLite: no limit)
    store::for_each_audit(reader_, filter, [&](const store::AuditEntry& e) {
        chunk += std::to_string(e.id);
        for (const auto* cell : {&e.at, &e.actor, &e.action, &e.entity, &e.entity_key}) {
            chunk += ';';
            util::append_csv_text(chunk, *cell);
        }
        for (const auto* cell : {&e.before_json, &e.after_json, &e.client_address}) {
            chunk += ';';
            if (*cell) util::append_csv_text(chunk, **cell);
        }
        chunk += "\r\n";
        if (chunk.size() >= 64 * 1024) {
            write(chunk);
            chunk.clear();
        }
    });
    if (!chunk.empty()) write(chunk);
}

json OwnerService::import_jobs(const Caller& caller) {
    require_admin(caller);
    return read([&] {
        json items = json::array();
        for (const auto& job : store::list_import_jobs(reader_, 50)) {
            auto item = job_json(job);
            item.erase("report");   // the list stays short: the job's own route has it
            items.push_back(std::move(item));
        }
        return json{{"items", items}};
    });
}

json OwnerService::import_job(const Caller& caller, std::int64_t id) {
    require_admin(caller);
    return read([&] {
        const auto job = store::find_import_job(reader_, id);
        if (!job) not_found("no import " + std::to_string(id));
        return json{{"import", job_json(*job)}};
    });
}

void OwnerService::import_problems_csv(const Caller& caller, std::int64_t id, const std::function<void(std::string_view)>& write) {
    require_admin(caller);
    std::lock_guard lock(read_mutex_);
    store::ReadTransaction snapshot(reader_);
    if (!store::find_import_job(reader_, id)) not_found("no import " + std::to_string(id));
    std::string chunk(util::kCsvBom);
    chunk += "line;kind;detail\r\n";
    store::for_each_import_problem(reader_, id, [&](const store::ImportProblem& problem) {
        chunk += std::to_string(problem.line) + ";" + problem.kind + ";";
        util::append_csv_text(chunk, problem.detail);
        chunk += "\r\n";
        if (chunk.size() >= 64 * 1024) {
            write(chunk);
            chunk.clear();
        }
    });
    if (!chunk.empty()) write(chunk);
}

}  // namespace annuaire::owner
