// What the files of the owner service (owner_service.cpp and owner_*.cpp) share, and nothing
// else includes: the refusals and body parsing of its routes, the JSON of accounts, claims and
// corrections, and the transaction wrappers of OwnerService.
#pragma once

#include "owner/declared_values.hpp"
#include "owner/owner_error.hpp"
#include "owner/owner_service.hpp"
#include "store/database.hpp"
#include "store/owner_store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace annuaire::owner {

namespace detail {

using nlohmann::json;

// Session and link tokens travel in cookies and fragments; what is shorter or longer is not ours.
inline bool plausible_token(const std::string& token) {
    return token.size() == 43 && std::all_of(token.begin(), token.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
           });
}

inline std::string lower_ascii(std::string text) {
    for (auto& c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

[[noreturn]] inline void invalid(const std::string& path, const std::string& fault) {
    throw OwnerError(Refusal::invalid, "invalid_request", path + ": " + fault, {{path, fault}});
}

[[noreturn]] inline void not_found(const std::string& what) { throw OwnerError(Refusal::not_found, "not_found", what); }

// The small JSON bodies of the account, claim and admin routes: one object of known fields,
// every value checked by the rules of owner/declared_values.hpp; every problem is listed.
class Body {
public:
    Body(std::string_view text, std::vector<std::string_view> fields) : fields_(std::move(fields)) {
        if (first_invalid_utf8(text) != std::string_view::npos) fail("document", "not valid UTF-8");
        try {
            document_ = json::parse(text.begin(), text.end());
        } catch (const json::exception&) {
            fail("document", "not valid JSON");
        }
        if (!document_.is_object()) fail("document", "expected a JSON object");
        for (const auto& [key, value] : document_.items()) {
            if (std::find(fields_.begin(), fields_.end(), key) == fields_.end()) {
                problems_.push_back({escaped(key), "unknown field"});
            }
        }
    }

    // A text passed through `check` (which throws ValueError), required unless `optional`.
    template <typename Check>
    std::optional<std::string> text(const char* key, Check&& check, bool optional = false) {
        const auto it = document_.find(key);
        if (it == document_.end() || it->is_null()) {
            if (!optional) problems_.push_back({key, "required"});
            return std::nullopt;
        }
        if (!it->is_string()) {
            problems_.push_back({key, "expected a string"});
            return std::nullopt;
        }
        try {
            return check(std::string_view(it->get_ref<const std::string&>()));
        } catch (const ValueError& error) {
            problems_.push_back({key, error.what()});
            return std::nullopt;
        }
    }
    std::optional<double> number(const char* key) {
        const auto it = document_.find(key);
        if (it == document_.end() || !it->is_number()) {
            problems_.push_back({key, it == document_.end() ? "required" : "expected a number"});
            return std::nullopt;
        }
        return it->get<double>();
    }
    // Throws OwnerError(invalid) listing every problem found so far.
    void check() const {
        if (problems_.empty()) return;
        std::string message;
        for (const auto& problem : problems_) message += (message.empty() ? "" : "; ") + problem.path + ": " + problem.fault;
        throw OwnerError(Refusal::invalid, "invalid_request", message, problems_);
    }

private:
    [[noreturn]] void fail(const std::string& path, const std::string& fault) {
        throw OwnerError(Refusal::invalid, "invalid_request", path + ": " + fault, {{path, fault}});
    }
    std::vector<std::string_view> fields_;
    json document_;
    std::vector<DeclarationProblem> problems_;
};

inline const auto kEmailRule = [](std::string_view v) { return lower_ascii(checked_email(v, EmailKind::any)); };
inline const auto kReasonRule = [](std::string_view v) { return checked_text(v, 500, Lines::several); };

// The JSON the owner API answers with (owner_json.cpp).
json account_json(const store::Account& account);
json optional_text(const std::optional<std::string>& value);
json claim_json(const store::Claim& claim, const std::string& practitioner_name, bool full);
// A correction's value as the API shows it: an address is an object, the rest text.
json correction_value(const std::optional<std::string>& value, const std::string& field);
json proposal_json(const store::CorrectionProposal& p, const std::optional<std::string>& rpps_value);
json conflict_json(const store::CorrectionConflict& c);

}  // namespace detail

template <typename Work>
auto OwnerService::write(Work&& work) {
    std::lock_guard lock(write_mutex_);
    try {
        store::Transaction transaction(writer_);
        if constexpr (std::is_void_v<decltype(work())>) {
            work();
            transaction.commit();
        } else {
            auto result = work();
            transaction.commit();
            return result;
        }
    } catch (const store::DatabaseBusy&) {
        throw OwnerError(Refusal::unavailable, "busy",
                         "the database is being written by another program (an import?); try again in a minute", {}, 30);
    }
}

template <typename Work>
auto OwnerService::read(Work&& work) {
    std::lock_guard lock(read_mutex_);
    store::ReadTransaction snapshot(reader_);
    return work();
}

}  // namespace annuaire::owner
