// OwnerService's own plumbing: its configuration, its connections, and the audit log, outbox,
// link tokens and sessions that every part of the service writes through.
#include "owner/owner_service_internal.hpp"

#include "owner/mails.hpp"
#include "owner/secrets.hpp"
#include "store/schema.hpp"
#include "util/clock.hpp"

#include <stdexcept>

namespace annuaire::owner {

using namespace detail;

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

void OwnerService::upgrade_schema(const std::string& database_path) {
    store::Database db(database_path, store::OpenMode::read_write);
    store::configure_writer(db);
    store::migrate(db);
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

}  // namespace annuaire::owner
