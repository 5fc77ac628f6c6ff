// The routes of accounts, owners and the admin console (README, "Owner editing and the
// admin API"). Each handler gets the caller the access check resolved (http/access.hpp),
// calls the owner module (or the import jobs) and renders its JSON; answers are never
// cached (no-store).
#pragma once

#include "http/http_types.hpp"
#include "jobs/console_imports.hpp"
#include "owner/owner_service.hpp"
#include "search/search_service.hpp"

#include <filesystem>
#include <string>

namespace annuaire::handlers {

// What these routes reach. `owner` is null when the server runs read-only: they answer 503.
struct OwnerContext {
    owner::OwnerService* owner = nullptr;
    search::SearchService* search = nullptr;
    jobs::ConsoleImports* imports = nullptr;
    std::filesystem::path backup_dir;
    bool secure_cookies = false;       // --public-url is https
    std::string read_only_reason;      // why owner is null
};

using OwnerHandler = http::Response (*)(OwnerContext&, const http::Request&, const owner::Caller&);

// Session and passwords.
http::Response session_state(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response login(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response logout(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response set_password(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response request_password_reset(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response account(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response revoke_sessions(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
// Claims.
http::Response create_claim(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response claim_status(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response admin_claims(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response approve_claim(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response reject_claim(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
// Owners editing their fiche.
http::Response fiche_for_editing(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response edit_fiche(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
// Admins: corrections, conflicts, sites, users, outbox, audit, backups.
http::Response admin_corrections(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response accept_correction(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response reject_correction(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response admin_conflicts(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response resolve_conflict(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response admin_sites(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response pin_site(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response unpin_site(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response admin_users(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response invite_admin(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response update_user(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response admin_outbox(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response admin_audit(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response admin_audit_csv(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response admin_backups(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response take_backup(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
// Imports from the console.
http::Response admin_imports(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response upload_import(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response admin_import(OwnerContext& c, const http::Request& r, const owner::Caller& caller);
http::Response import_problems_csv(OwnerContext& c, const http::Request& r, const owner::Caller& caller);

// Helpers of the handlers above.
std::int64_t id_parameter(const http::Request& r, const char* name = "id");
// Refuses every query parameter but those named.
void only_parameters(const http::Request& r, std::initializer_list<const char*> known);
std::optional<std::string> parameter(const http::Request& r, const char* name);

}  // namespace annuaire::handlers
