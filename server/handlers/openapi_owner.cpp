// The OpenAPI description of the routes of accounts, owners and the admin console (the
// rest of the document is in openapi_handler.cpp): each with who may call it, as security
// requirements over the session cookie and the CSRF header.
#include "handlers/openapi_owner.hpp"

namespace annuaire::handlers {

namespace {

using nlohmann::json;

enum class Who { anyone, account, admin };

struct Route {
    const char* method;
    const char* path;
    Who who;
    const char* summary;
    const char* body = nullptr;   // the JSON body it takes, described; null: none
    int status = 200;             // its success
    json params = json::array();
    const char* content_type = "application/json";
};

json error(const char* description) {
    return {{"description", description},
            {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

json query(const char* name, const char* description, json schema = {{"type", "string"}}) {
    return {{"name", name}, {"in", "query"}, {"required", false}, {"description", description}, {"schema", std::move(schema)}};
}

json path_id(const char* description) {
    return {{"name", "id"}, {"in", "path"}, {"required", true}, {"description", description}, {"schema", {{"type", "string"}}}};
}

json operation(const Route& route) {
    const bool changes = std::string_view(route.method) != "get";
    json op = {{"summary", route.summary}, {"parameters", route.params}};
    // Security: the session cookie (not for anyone), and the CSRF header for every change.
    json requirement = json::object();
    if (route.who != Who::anyone) requirement["session"] = json::array();
    if (changes) requirement["csrf"] = json::array();
    op["security"] = requirement.empty() ? json::array() : json::array({requirement});
    op["x-access"] = route.who == Who::anyone ? "anyone" : route.who == Who::account ? "account" : "admin";
    if (route.body) {
        op["requestBody"] = {{"required", true},
                             {"description", route.body},
                             {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
    }
    json responses = {
        {std::to_string(route.status), {{"description", "Done"}, {"content", {{route.content_type, json::object()}}}}},
        {"400", error("A parameter or the body is invalid: invalid_parameter, unknown_parameter, invalid_request or "
                      "invalid_declarations, with error.problems [{path, fault}] naming each field at fault by its JSON path")},
        {"404", error("Nothing with this id (not_found)")},
        {"429", {{"$ref", "#/components/responses/TooManyRequests"}}},
        {"503", error("read_only: the server cannot write its database; import_running (a change while an import "
                      "is written, with Retry-After); busy: another program holds the write lock")},
    };
    if (route.who != Who::anyone) responses["401"] = error("No live session (not_logged_in): log in first");
    if (route.who == Who::admin || changes) {
        responses["403"] = error(route.who == Who::admin ? "forbidden: admins only; csrf_failed: missing or wrong X-CSRF-Token"
                                                         : "csrf_failed: missing or wrong X-CSRF-Token; not_your_fiche");
    }
    op["responses"] = responses;
    return op;
}

const json kStatus = {{"type", "string"}};

std::vector<Route> routes() {
    return {
        {"get", "/api/v1/session", Who::anyone,
         "Who is calling: {authenticated, account: {id, email, role, status} or null, fiches: [{id, name}], csrf_token}. "
         "Anonymous, it also sets the annuaire_csrf cookie whose value csrf_token is: send it as X-CSRF-Token with a login "
         "or a claim"},
        {"post", "/api/v1/session", Who::anyone,
         "Log in. Sets the session cookie (HttpOnly, SameSite=Strict, Secure behind https) and answers as GET /session, "
         "with the session's csrf_token. A wrong e-mail or password: 401 invalid_credentials, the same for both; after "
         "5 in a row the account is locked 15 minutes whatever the password (429 account_locked, Retry-After). Rate "
         "class 'login' per address",
         "{email, password}"},
        {"delete", "/api/v1/session", Who::account, "Log out: ends this session and clears its cookie"},
        {"post", "/api/v1/password", Who::anyone,
         "Set a password with a mailed link's token (activation, reset, approved claim): activates the account, gives the "
         "claimed fiche, ends the account's other sessions and logs in (as POST /session). A link works once (400 invalid_link "
         "after). Passwords: 12 to 200 characters. Rate class 'account'",
         "{token, password}"},
        {"post", "/api/v1/password/reset", Who::anyone,
         "Mail a link to set a new password (through the outbox) when the address has an active account; the answer is "
         "the same either way: {status: 'sent_if_known'}. Rate class 'account'",
         "{email}", 202},
        {"get", "/api/v1/account", Who::account, "The caller's account and fiches, as GET /session"},
        {"delete", "/api/v1/account/sessions", Who::account, "End every session of the caller's account, on every device"},
        {"get", "/api/v1/account/fiches/{id}", Who::account,
         "A fiche its owner edits: {fiche (as the public sees it), declared (in the form PATCH takes), sites (the ids "
         "of its public practices, the site_id a practice names), site_keys ({site_id: site_key}: proposals and "
         "conflicts name a site by its key), proposals (its corrections waiting for an admin), conflicts}. 403 "
         "not_your_fiche for another's (admins may open every fiche)",
         nullptr, 200, json::array({path_id("RPPS or ADELI identifier")})},
        {"patch", "/api/v1/account/fiches/{id}", Who::account,
         "Edit a fiche: a partial update, every field optional; a field given changes, a field left out stays, null clears "
         "it. Declared fields (phone, mssante_email, website, expertise; per practice: phone, carte_vitale, "
         "conventionnement, tiers_payant, pmr_access, home_visits, teleconsultation, telesoin, publics, acts, "
         "opening_hours) publish at once, in the fiche and the search filters before the answer (in_search: true); "
         "corrections of RPPS values (site_name, address, first_name...) wait for an admin (proposals). Validated as "
         "`annuaire declare` validates: refused whole, each fault with its JSON path. Answers {declared, proposals, in_search}",
         "{phone?, mssante_email?, website?, expertise?, practices?: [{site_id, ...}], corrections?: [{site_id?, field, value}]}",
         200, json::array({path_id("RPPS or ADELI identifier")})},
        {"post", "/api/v1/claims", Who::anyone,
         "Claim a fiche ('Je suis ce professionnel'). With an MSSanté address known for the practitioner the activation "
         "link goes there (status awaiting_activation, proof 'mssante'); otherwise the claim waits for an admin "
         "(awaiting_review). Answers {claim: {id, status, proof}, status_link} and mails the claimant the status link. "
         "At most 3 open claims per fiche (409 too_many_claims). Rate class 'account'",
         "{practitioner_id, name, contact_email, message?}", 202},
        {"post", "/api/v1/claims/status", Who::anyone,
         "A claim's status from its status link's token: {claim: {id, practitioner: {id, name}, status, proof, created_at, "
         "decided_at, reason}}",
         "{token}"},
        {"get", "/api/v1/admin/claims", Who::admin,
         "The claims, newest first: {items: [{id, practitioner: {id, name}, status, proof, created_at, decided_at, reason, "
         "claimant_name, contact_email, message, mssante_email, decided_by, known_mssante_addresses, owners, ...}]}",
         nullptr, 200,
         json::array({query("status", "Only those awaiting_review (the queue), awaiting_activation, activated or rejected; "
                                      "without it, every claim",
                            kStatus)})},
        {"post", "/api/v1/admin/claims/{id}/approve", Who::admin,
         "Approve a claim: the claimant gets a link to set a password (outbox). 409 claim_decided when already decided",
         nullptr, 200, json::array({path_id("Claim id")})},
        {"post", "/api/v1/admin/claims/{id}/reject", Who::admin, "Reject a claim with a reason, mailed to the claimant",
         "{reason}", 200, json::array({path_id("Claim id")})},
        {"get", "/api/v1/admin/corrections", Who::admin, "Corrections of RPPS values proposed by owners: {items}", nullptr, 200,
         json::array({query("status", "pending (default), accepted, rejected", kStatus)})},
        {"post", "/api/v1/admin/corrections/{id}/accept", Who::admin,
         "Accept a proposed correction: it shows on the fiche; an address is geocoded again (proposal.location, null when "
         "the address index cannot place it)",
         nullptr, 200, json::array({path_id("Proposal id")})},
        {"post", "/api/v1/admin/corrections/{id}/reject", Who::admin, "Reject a proposed correction with a reason", "{reason}",
         200, json::array({path_id("Proposal id")})},
        {"get", "/api/v1/admin/conflicts", Who::admin,
         "Corrections whose RPPS value changed in a later import: {items: [{id, entity, entity_key, field, value, "
         "rpps_value_before, rpps_value_now, import_id}]}, both values kept until resolved"},
        {"post", "/api/v1/admin/conflicts/{id}/resolve", Who::admin,
         "Resolve a conflict: keep the correction (its baseline becomes the new RPPS value) or the RPPS value (the "
         "correction goes)",
         "{keep: 'correction' | 'rpps'}", 200, json::array({path_id("Conflict (correction) id")})},
        {"get", "/api/v1/admin/sites", Who::admin,
         "Sites to review: placed at street or commune precision or not at all, with their address and position; "
         "paged by id",
         nullptr, 200,
         json::array({query("precision", "Comma-separated: street, municipality, none (default: all three)"),
                      query("after", "The last id of the previous page", {{"type", "integer"}}),
                      query("limit", "1 to 500 (default 100)", {{"type", "integer"}})})},
        {"put", "/api/v1/admin/sites/{id}/pin", Who::admin,
         "Pin a site where it is (as `annuaire pin`): kept through re-imports and geocoding until its address changes; "
         "refused outside France",
         "{lat, lon}", 200, json::array({path_id("Site id")})},
        {"delete", "/api/v1/admin/sites/{id}/pin", Who::admin, "Unpin a site: the geocoder places it again", nullptr, 200,
         json::array({path_id("Site id")})},
        {"get", "/api/v1/admin/users", Who::admin, "Every account: {items: [{id, email, role, status, fiches, last_login_at}]}"},
        {"post", "/api/v1/admin/users", Who::admin,
         "Invite an admin: the account is made and a link to set its password mailed (outbox). 409 account_exists", "{email}",
         201},
        {"patch", "/api/v1/admin/users/{id}", Who::admin,
         "Enable or disable an account; disabling ends its sessions. An admin cannot disable their own account "
         "(409 own_account)",
         "{status: 'active' | 'disabled'}", 200, json::array({path_id("Account id")})},
        {"get", "/api/v1/admin/outbox", Who::admin,
         "The mails written for a relay to send, newest first, the links' tokens masked: {items: [{id, created_at, "
         "recipient, subject, body, kind, sent_at}]}",
         nullptr, 200,
         json::array({query("unsent", "true: only those not sent yet", {{"type", "boolean"}}),
                      query("limit", "1 to 1000 (default 100)", {{"type", "integer"}})})},
        {"get", "/api/v1/admin/audit", Who::admin,
         "The audit log of every change, newest first: {items: [{id, at, actor, action, entity, entity_key, before, "
         "after, client_address}], next_before}",
         nullptr, 200,
         json::array({query("actor", "An account's e-mail, or 'anonymous'"), query("action", "e.g. declarations.update"),
                      query("entity", "e.g. practitioner, site, claim, account"), query("entity_key", "e.g. an RPPS id"),
                      query("from", "First day, 2025-01-15"), query("to", "Last day, 2025-01-31"),
                      query("before", "Entries older than this id (paging)", {{"type", "integer"}}),
                      query("limit", "1 to 500 (default 100)", {{"type", "integer"}})})},
        {"get", "/api/v1/admin/audit.csv", Who::admin,
         "The whole filtered audit log as CSV for spreadsheets (UTF-8 with BOM, ';'), streamed; same filters as "
         "/admin/audit but before and limit",
         nullptr, 200,
         json::array({query("actor", "As /admin/audit"), query("action", "As /admin/audit"), query("entity", "As /admin/audit"),
                      query("entity_key", "As /admin/audit"), query("from", "As /admin/audit"), query("to", "As /admin/audit")}),
         "text/csv; charset=utf-8"},
        {"get", "/api/v1/admin/backups", Who::admin,
         "The backups on the server (taken before each import, and on demand): {directory, items: [{file, bytes, modified_at}]}"},
        {"post", "/api/v1/admin/backups", Who::admin, "Take a backup now (SQLite's online backup): {backup: {file, bytes, modified_at}}",
         nullptr, 201},
        {"get", "/api/v1/admin/imports", Who::admin,
         "Imports, newest first, from the console and the command line: {items: [{id, status, source, file_name, file_size, "
         "started_by, started_at, finished_at, import_id, error, backup_file, report, progress?}]}. status: running, "
         "imported, aborted (the guards), failed; progress {lines, bytes, total_bytes, phase} while the server works on it (its geocoding after the import "
         "included): changes answer 503 import_running until then"},
        {"post", "/api/v1/admin/imports", Who::admin,
         "Upload an extract (.zip or .txt, the request body itself, with a Content-Length; not JSON) and import it as "
         "`annuaire import` does: a backup first, the mass-archive guard, every rejected line kept, owner corrections "
         "whose RPPS value changed flagged as conflicts, then geocoding. The body is written to disk as it arrives; who "
         "sends it is checked from the head, before any byte is kept (401/403), one upload at a time (503 upload_busy), "
         "at most serve --max-upload bytes (413 from the head). Answers {import: {id, status: 'running'}}; follow it "
         "with GET /admin/imports/{id}. 409 import_running while one runs",
         nullptr, 202,
         json::array({query("name", "The file's name as the admin knows it (for the report)"),
                      query("allow_mass_archive", "true: accept an extract that would archive more than 25 % of the "
                                                  "public practitioners (as `annuaire import --allow-mass-archive`)",
                            {{"type", "boolean"}})})},
        {"get", "/api/v1/admin/imports/{id}", Who::admin,
         "One import with its report (added, updated, archived, the first 200 rejected lines with their reasons, conflicts) "
         "and its progress while it runs",
         nullptr, 200, json::array({path_id("Import id")})},
        {"get", "/api/v1/admin/imports/{id}/problems.csv", Who::admin,
         "Every rejected and duplicate line of an import as CSV (line;kind;detail), streamed", nullptr, 200,
         json::array({path_id("Import id")}), "text/csv; charset=utf-8"},
    };
}

}  // namespace

void add_owner_paths(json& paths) {
    for (const auto& route : routes()) paths[route.path][route.method] = operation(route);
    // The upload's body is the extract itself.
    auto& upload = paths["/api/v1/admin/imports"]["post"];
    upload["requestBody"] = {{"required", true},
                             {"description", "The extract: a zip holding it, or the text file"},
                             {"content", {{"application/zip", json::object()}, {"text/plain", json::object()},
                                          {"application/octet-stream", json::object()}}}};
    upload["responses"]["413"] = error("The body is larger than serve --max-upload (payload_too_large), refused from the head");
    upload["responses"]["507"] = error("The server could not store the upload (insufficient_storage)");
}

json owner_security_schemes() {
    return {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "annuaire_session"},
                         {"description", "The session cookie POST /api/v1/session (or /password) sets; HttpOnly, "
                                         "SameSite=Strict, Secure behind https. Sessions end after 12 hours (serve "
                                         "--session-hours), 2 idle hours, a logout, a new password or a disabled account"}}},
            {"csrf", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-CSRF-Token"},
                      {"description", "Required on every request that changes something: the csrf_token GET /api/v1/session "
                                      "answers (the session's, or without a session the annuaire_csrf cookie's). Missing or "
                                      "wrong: 403 csrf_failed"}}}};
}

const std::vector<std::string>& owner_error_codes() {
    static const std::vector<std::string> codes = {
        "not_logged_in",   "forbidden",        "csrf_failed",     "invalid_credentials", "account_locked",
        "account_disabled", "account_exists",  "own_account",     "no_password",         "invalid_link",
        "invalid_email",   "invalid_request",  "invalid_declarations", "not_your_fiche", "archived",
        "too_many_claims", "claim_decided",    "proposal_decided", "read_only",          "import_running",
        "upload_busy",     "insufficient_storage"};
    return codes;
}

}  // namespace annuaire::handlers
