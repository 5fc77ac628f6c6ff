// The JSON of accounts, claims, corrections and conflicts, as the owner API answers with it.
#include "owner/owner_service_internal.hpp"

namespace annuaire::owner::detail {

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

}  // namespace annuaire::owner::detail
