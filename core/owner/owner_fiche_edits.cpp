// Owners editing their fiche: what they see to edit, and their edits (declared fields publish
// at once, corrections of RPPS values wait for an admin).
#include "owner/owner_service_internal.hpp"

#include "owner/declarations.hpp"
#include "store/search_store.hpp"
#include "util/clock.hpp"

namespace annuaire::owner {

using namespace detail;

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

}  // namespace annuaire::owner
