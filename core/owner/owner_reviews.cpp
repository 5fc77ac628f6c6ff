// What admins review: proposed corrections, conflicts with a re-import, sites placed poorly.
#include "owner/owner_service_internal.hpp"

#include "projection.hpp"
#include "store/address_store.hpp"
#include "util/clock.hpp"

#include <set>

namespace annuaire::owner {

using namespace detail;

namespace {

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

}  // namespace

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
            const auto site_id = store::site_id_of_key(writer_, p->entity_key);
            if (located && site_id) {
                store::write_pin(writer_, *site_id, located->lat, located->lon,
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

}  // namespace annuaire::owner
