// Claims of fiches: a professional asks for theirs, by MSSanté proof or an admin's decision.
#include "owner/owner_service_internal.hpp"

#include "owner/mails.hpp"
#include "owner/owner_fields.hpp"
#include "owner/secrets.hpp"
#include "util/clock.hpp"

namespace annuaire::owner {

using namespace detail;

namespace {

// The claim an admin decides on: it exists and is not decided yet.
std::optional<store::Claim> undecided_claim(store::Database& db, std::int64_t id) {
    auto claim = store::find_claim(db, id);
    if (!claim) not_found("no claim " + std::to_string(id));
    if (claim->status != "awaiting_review" && claim->status != "awaiting_activation") {
        throw OwnerError(Refusal::conflict, "claim_decided", "claim " + std::to_string(id) + " is " + claim->status + " already");
    }
    return claim;
}

}  // namespace

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
        auto claim = undecided_claim(writer_, id);
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
        auto claim = undecided_claim(writer_, id);
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

}  // namespace annuaire::owner
