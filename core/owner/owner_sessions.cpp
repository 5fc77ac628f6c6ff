// Sessions and passwords: login with its lock-out, logout, the links that set a password.
#include "owner/owner_service_internal.hpp"

#include "owner/mails.hpp"
#include "owner/secrets.hpp"
#include "util/clock.hpp"

namespace annuaire::owner {

using namespace detail;

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

}  // namespace annuaire::owner
