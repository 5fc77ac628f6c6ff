// What the end-to-end tests of owner editing and the console share: `annuaire serve` over the
// m2A sample (imported, geocoded, declared the real way) on a database it may write, an admin
// made with `annuaire user add`, and a client that behaves as a browser does with the API:
// cookies kept, the CSRF token of GET /api/v1/session sent with every change.
#pragma once

#include "http_client.hpp"
#include "process.hpp"
#include "search_server.hpp"
#include "store/database.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace annuaire::testing {

using nlohmann::json;

// A browser's use of the API from 127.0.0.1.
class ApiClient {
public:
    explicit ApiClient(int port) : port_(port) {}

    // Any request; the CSRF token and the cookies go with it unless told not to.
    HttpResponse request(const std::string& method, const std::string& target, const std::string& body = "",
                         bool with_csrf = true, std::map<std::string, std::string> headers = {}) {
        std::string cookie;
        for (const auto& [name, value] : cookies) cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
        if (!cookie.empty()) headers["Cookie"] = cookie;
        if (with_csrf && !csrf.empty() && method != "GET") headers["X-CSRF-Token"] = csrf;
        if (!body.empty()) headers["Content-Type"] = "application/json";
        auto response = http_request(port_, method, target, headers, body);
        if (const auto set = response.header("set-cookie"); !set.empty()) {
            const auto equals = set.find('=');
            const auto end = set.find(';');
            const auto name = set.substr(0, equals);
            const auto value = set.substr(equals + 1, end - equals - 1);
            if (value.empty() || set.find("Max-Age=0") != std::string::npos) cookies.erase(name);
            else cookies[name] = value;
        }
        if (response.status == 200 && (target == "/api/v1/session" || target == "/api/v1/password")) {
            const auto body_json = json::parse(response.body, nullptr, false);
            if (body_json.is_object() && body_json.contains("csrf_token")) csrf = body_json["csrf_token"];
        }
        return response;
    }
    HttpResponse get(const std::string& target) { return request("GET", target); }
    HttpResponse post(const std::string& target, const json& body = json::object()) { return request("POST", target, body.dump()); }
    HttpResponse patch(const std::string& target, const json& body) { return request("PATCH", target, body.dump()); }
    HttpResponse put(const std::string& target, const json& body) { return request("PUT", target, body.dump()); }
    HttpResponse del(const std::string& target) { return request("DELETE", target); }

    // A 200 (or `status`) answer's JSON.
    json ok(const HttpResponse& response, int status = 200) {
        INFO(response.body.substr(0, 600));
        REQUIRE(response.status == status);
        return json::parse(response.body);
    }
    // GET /api/v1/session: the CSRF token (and, anonymous, its cookie).
    json refresh() { return ok(get("/api/v1/session")); }
    void login(const std::string& email, const std::string& password) {
        refresh();
        const auto me = ok(post("/api/v1/session", {{"email", email}, {"password", password}}));
        csrf = me["csrf_token"];
    }

    std::map<std::string, std::string> cookies;
    std::string csrf;

private:
    int port_;
};

// The token of a link (…#jeton=TOKEN) in a text.
inline std::string link_token(const std::string& text) {
    const auto at = text.find("#jeton=");
    REQUIRE_MESSAGE(at != std::string::npos, "no link in: " << text);
    auto end = at + 7;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '-' || text[end] == '_')) ++end;
    return text.substr(at + 7, end - at - 7);
}

// `annuaire serve` over the m2A sample on a database it may write.
class OwnerServer {
public:
    static constexpr const char* kAdmin = "admin@cpts-m2a.example";
    static constexpr const char* kAdminPassword = "l'annuaire de la CPTS, 2026";

    explicit OwnerServer(std::vector<std::string> extra_args = {}) : extra_args_(std::move(extra_args)) {
        db_ = dir_ / "annuaire.db";
        build_sample_database(db_, true, true);
        start();
        const auto added = run_annuaire({"user", "add", "--db", db_.string(), "--admin", kAdmin});
        REQUIRE_MESSAGE(added.exit_code == 0, added.err);
        ApiClient setter(port_);
        setter.refresh();
        setter.ok(setter.post("/api/v1/password", {{"token", link_token(added.out)}, {"password", kAdminPassword}}));
    }
    OwnerServer(const OwnerServer&) = delete;
    OwnerServer& operator=(const OwnerServer&) = delete;

    void start() {
        std::vector<std::string> args = {"serve", "--db", db_.string(), "--port", "0", "--territory",
                                         source_dir() + "/data/territories/m2a.json"};
        if (std::find(extra_args_.begin(), extra_args_.end(), "--rate-limit") == extra_args_.end()) {
            args.insert(args.end(), {"--rate-limit", "0"});
        }
        args.insert(args.end(), extra_args_.begin(), extra_args_.end());
        const auto out = dir_ / ("serve-" + std::to_string(++starts_) + ".out");
        process_ = std::make_unique<BackgroundProcess>(annuaire_path(), args, out);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < deadline) {
            const auto text = std::filesystem::exists(out) ? read_file(out) : std::string();
            const auto at = text.find("listening on http://127.0.0.1:");
            if (at != std::string::npos && text.find('\n', at) != std::string::npos) {
                port_ = std::stoi(text.substr(at + 30));
                REQUIRE_MESSAGE(wait_until_ready(port_, std::chrono::seconds(30)), "annuaire serve never got ready: " << log());
                return;
            }
            REQUIRE_MESSAGE(process_->running(), "annuaire serve exited: " << text);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        FAIL("annuaire serve did not start");
    }
    // SIGKILL: no shutdown, no cleanup, as a crash or an OOM kill.
    void kill_now() {
        process_->kill_now(SIGKILL);
        process_->wait();
    }

    int port() const { return port_; }
    const std::filesystem::path& db() const { return db_; }
    const TempDir& dir() const { return dir_; }
    std::string log() const { return read_file(dir_ / ("serve-" + std::to_string(starts_) + ".out.err")); }

    ApiClient client() const { return ApiClient(port_); }
    ApiClient admin() const {
        ApiClient admin(port_);
        admin.login(kAdmin, kAdminPassword);
        return admin;
    }

    // The mails, as a relay reads them (`annuaire outbox --json`), newest first.
    json outbox() const {
        const auto listed = run_annuaire({"outbox", "--db", db_.string(), "--json", "--limit", "1000"});
        REQUIRE_MESSAGE(listed.exit_code == 0, listed.err);
        return json::parse(listed.out);
    }
    // The newest mail to `recipient` of `kind`.
    json mail_to(const std::string& recipient, const std::string& kind) const {
        for (const auto& mail : outbox()) {
            if (mail["recipient"] == recipient && mail["kind"] == kind) return mail;
        }
        FAIL("no " << kind << " mail to " << recipient);
        return {};
    }

    // A professional who owns the fiche of `practitioner`, claimed and approved by the admin,
    // logged in. The password is `password`.
    ApiClient owner_of(const std::string& practitioner, const std::string& email, const std::string& password) {
        ApiClient anonymous(port_);
        anonymous.refresh();
        const auto claim = anonymous.ok(anonymous.post("/api/v1/claims", {{"practitioner_id", practitioner},
                                                                          {"name", "Dr " + email},
                                                                          {"contact_email", email}}),
                                        202);
        REQUIRE(claim["claim"]["status"] == "awaiting_review");   // no MSSanté address known: an admin decides
        auto admin = this->admin();
        const auto id = claim["claim"]["id"].get<std::int64_t>();
        admin.ok(admin.post("/api/v1/admin/claims/" + std::to_string(id) + "/approve"));
        const auto mail = mail_to(email, "claim_approved");
        ApiClient owner(port_);
        owner.refresh();
        owner.ok(owner.post("/api/v1/password", {{"token", link_token(mail["body"])}, {"password", password}}));
        return owner;
    }

    // One value read from the database as the server left it ("NULL" for null).
    std::string single(const std::string& sql) const {
        annuaire::store::Database database(db_.string(), annuaire::store::OpenMode::read_only);
        auto st = database.prepare(sql);
        REQUIRE(st.step());
        return st.column_optional_text(0).value_or("NULL");
    }
    // Runs SQL on the database, as time passing would (an expired session).
    void execute(const std::string& sql) const {
        annuaire::store::Database database(db_.string(), annuaire::store::OpenMode::read_write);
        database.execute(sql);
    }

private:
    TempDir dir_;
    std::filesystem::path db_;
    std::vector<std::string> extra_args_;
    std::unique_ptr<BackgroundProcess> process_;
    int port_ = 0;
    int starts_ = 0;
};

}  // namespace annuaire::testing
