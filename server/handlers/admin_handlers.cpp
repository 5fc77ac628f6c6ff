// /api/v1/admin/...: corrections, conflicts, sites to review, users, outbox, audit log and
// backups, for admins.
#include "handlers/owner_handlers.hpp"

#include "owner/owner_error.hpp"
#include "search/export.hpp"
#include "store/backup.hpp"
#include "util/clock.hpp"

#include <charconv>

namespace annuaire::handlers {

namespace {

int integer_parameter(const http::Request& r, const char* name, int fallback, int min, int max) {
    const auto value = parameter(r, name);
    if (!value) return fallback;
    int number = 0;
    const auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), number);
    if (value->empty() || error != std::errc() || end != value->data() + value->size() || number < min || number > max) {
        throw search::QueryError("invalid_parameter", std::string("parameter '") + name + "': expected an integer from " +
                                                          std::to_string(min) + " to " + std::to_string(max));
    }
    return number;
}

// An ISO date, 2025-01-15.
std::optional<std::string> date_parameter(const http::Request& r, const char* name) {
    auto value = parameter(r, name);
    if (!value) return std::nullopt;
    const auto& v = *value;
    const auto digit = [&](std::size_t i) { return v[i] >= '0' && v[i] <= '9'; };
    if (v.size() != 10 || v[4] != '-' || v[7] != '-' || !digit(0) || !digit(1) || !digit(2) || !digit(3) || !digit(5) ||
        !digit(6) || !digit(8) || !digit(9)) {
        throw search::QueryError("invalid_parameter", std::string("parameter '") + name + "': expected a date, 2025-01-15");
    }
    return value;
}

store::AuditFilter audit_filter(const http::Request& r) {
    only_parameters(r, {"actor", "action", "entity", "entity_key", "from", "to", "before", "limit"});
    store::AuditFilter filter;
    filter.actor = parameter(r, "actor");
    filter.action = parameter(r, "action");
    filter.entity = parameter(r, "entity");
    filter.entity_key = parameter(r, "entity_key");
    filter.from = date_parameter(r, "from");
    filter.to = date_parameter(r, "to");
    filter.before_id = integer_parameter(r, "before", 0, 0, 2147483647);
    filter.limit = integer_parameter(r, "limit", 100, 1, 500);
    return filter;
}

http::Response csv_download(const std::string& file_name, std::function<void(search::ByteSink&)> stream) {
    http::Response response;
    response.content_type = "text/csv; charset=utf-8";
    response.cacheable = false;
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
    response.stream = std::move(stream);
    return response;
}

}  // namespace

http::Response admin_corrections(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {"status"});
    return http::json_response(c.owner->proposals(caller, parameter(r, "status").value_or("pending")));
}

http::Response accept_correction(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    auto* search = c.search;
    // A corrected address is placed by the server's own geocoder (the BAN index in memory).
    const owner::Locator locate = [search](const std::string& address) -> std::optional<owner::Located> {
        if (!search) return std::nullopt;
        try {
            const auto found = search->geocode(address, 1);
            if (found["items"].empty()) return std::nullopt;
            const auto& best = found["items"][0];
            return owner::Located{best["lat"], best["lon"], best["precision"]};
        } catch (const search::Unavailable&) {
            return std::nullopt;   // no address index: the admin pins it by hand
        }
    };
    return http::json_response(c.owner->accept_proposal(caller, id_parameter(r), locate));
}

http::Response reject_correction(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    return http::json_response(c.owner->reject_proposal(caller, id_parameter(r), r.body));
}

http::Response admin_conflicts(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    return http::json_response(c.owner->conflicts(caller));
}

http::Response resolve_conflict(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    return http::json_response(c.owner->resolve_conflict(caller, id_parameter(r), r.body));
}

http::Response admin_sites(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {"precision", "after", "limit"});
    std::vector<std::string> precisions;
    const auto wanted = parameter(r, "precision").value_or("street,municipality,none");
    for (std::size_t start = 0; start <= wanted.size();) {
        auto end = wanted.find(',', start);
        if (end == std::string::npos) end = wanted.size();
        if (end > start) precisions.push_back(wanted.substr(start, end - start));
        start = end + 1;
    }
    return http::json_response(c.owner->sites_to_review(caller, precisions, integer_parameter(r, "after", 0, 0, 2147483647),
                                                        integer_parameter(r, "limit", 100, 1, 500)));
}

http::Response pin_site(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    return http::json_response(c.owner->pin_site(caller, id_parameter(r), r.body));
}

http::Response unpin_site(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    return http::json_response(c.owner->unpin_site(caller, id_parameter(r)));
}

http::Response admin_users(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    return http::json_response(c.owner->users(caller));
}

http::Response invite_admin(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    return http::json_response(c.owner->invite_admin(caller, r.body), 201);
}

http::Response update_user(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    return http::json_response(c.owner->set_user_status(caller, id_parameter(r), r.body));
}

http::Response admin_outbox(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {"unsent", "limit"});
    const auto unsent = parameter(r, "unsent");
    if (unsent && *unsent != "true" && *unsent != "false") {
        throw search::QueryError("invalid_parameter", "parameter 'unsent': expected true or false");
    }
    return http::json_response(c.owner->outbox(caller, unsent && *unsent == "true", integer_parameter(r, "limit", 100, 1, 1000)));
}

http::Response admin_audit(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    return http::json_response(c.owner->audit(caller, audit_filter(r)));
}

http::Response admin_audit_csv(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    auto filter = audit_filter(r);
    owner::OwnerService::require_admin(caller);
    auto* service = c.owner;
    return csv_download("journal.csv", [service, caller, filter](search::ByteSink& sink) {
        service->audit_csv(caller, filter, [&](std::string_view bytes) { sink.write(bytes); });
    });
}

http::Response admin_backups(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    owner::OwnerService::require_admin(caller);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& backup : store::list_backups(c.backup_dir)) {
        items.push_back({{"file", backup.path.filename().string()}, {"bytes", backup.bytes}, {"modified_at", backup.modified_at}});
    }
    return http::json_response({{"directory", c.backup_dir.string()}, {"items", items}});
}

http::Response take_backup(OwnerContext& c, const http::Request& r, const owner::Caller& caller) {
    only_parameters(r, {});
    owner::OwnerService::require_admin(caller);
    std::filesystem::create_directories(c.backup_dir);
    const auto target = c.backup_dir / store::backup_file_name();
    store::backup_database(c.owner->config().database_path, target.string());
    const auto size = std::filesystem::file_size(target);
    return http::json_response(
        {{"backup", {{"file", target.filename().string()}, {"bytes", size}, {"modified_at", util::utc_now()}}}}, 201);
}

}  // namespace annuaire::handlers
