// Admins' views: users, outbox, audit log and console imports.
#include "owner/owner_service_internal.hpp"

#include "owner/mails.hpp"
#include "util/clock.hpp"
#include "util/csv.hpp"

namespace annuaire::owner {

using namespace detail;

namespace {

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

// ---- Admins: users, outbox, audit, imports ----------------------------------------------------

json OwnerService::users(const Caller& caller) {
    require_admin(caller);
    return all_users();
}

json OwnerService::all_users() {
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
