// What professionals declare, as a JSON document: the one gate for declared data
// (`annuaire declare` today; owner editing and the JSON API will send the same
// document). Nothing is stored unless the whole document passes.
//
// {"declared_by": "...", "declared_at": "2025-01-15T09:00:00Z",
//  "practitioners": [{"practitioner_id": "...", "phone", "mssante_email", "expertise", "training", "website"}],
//  "practices": [{"practitioner_id": "...", "site_key": "..." | "site_id": 12,
//                 "phone", "mssante_email", "appointment_url",
//                 "carte_vitale": true, "tiers_payant", "pmr_access", "home_visits", "teleconsultation", "telesoin",
//                 "conventionnement": "secteur_1", "publics": ["enfants"], "acts": ["vaccination"],
//                 "opening_hours": [{"weekday": 1, "opens": "08:30", "closes": "12:00"}]}],
//  "corrections": [{"practitioner_id": "...", "field": "last_name", "value": "..."},
//                  {"site_key": "..." | "site_id": 12, "field": "phone", "value": "..."},
//                  {"site_id": 12, "field": "address",
//                   "value": {"line": "12 rue ...", "complement": "...", "postcode": "68100", "commune": "Mulhouse"}}]}
// Each entry may carry its own declared_at and declared_by; declared_at is required,
// on the entry or at the top. A declaration changes what it names and nothing else: a
// field left out keeps what was declared before, null clears it (for a correction's
// value: removes the correction), and a list replaces the stored list ([] clears it).
//
// Refused, each problem named by its JSON path (practices[3].pmr_acess):
// - a document over kMaxDocumentBytes (before it is parsed), not UTF-8, not JSON, or
//   nested deeper than kMaxDocumentDepth;
// - a field that is not one of the above, at any level (with the closest known name
//   when one is a typo away), or a field given twice in one object;
// - a value of the wrong JSON type; a number with a fraction or an exponent (12.0,
//   1e3) where an integer is expected, or an integer out of range, named as written;
// - a text, URL, phone number, e-mail address or date that breaks the rules of
//   owner/declared_values.hpp, or longer than its limit (declared_by 200 characters,
//   site_key 100, expertise and training 2000 on several lines, URLs 500 bytes,
//   corrected names 100, civilities 40, site names 200);
// - an unknown code (conventionnement, publics, acts, correction field), a code
//   listed twice, an opening interval that ends before it starts, overlaps another
//   one of the same day, or a day with more than kMaxIntervalsPerDay;
// - the same practice, practitioner or corrected field declared twice.
// Values are stored trimmed; phone numbers as 10 digits (0389123456).
#pragma once

#include "store/owner_store.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace annuaire::owner {

inline constexpr std::size_t kMaxDocumentDepth = 8;
inline constexpr std::size_t kMaxIntervalsPerDay = 6;
// Problems listed in one refusal; the others are counted.
inline constexpr std::size_t kMaxListedProblems = 50;

struct DeclarationProblem {
    std::string path;    // practices[3].conventionnement, or "document"
    std::string fault;   // unknown value 'secteur_3'
};

// Every problem found in a document (up to kMaxListedProblems); what() is one
// "path: fault" per line.
class DeclarationError : public std::runtime_error {
public:
    DeclarationError(std::vector<DeclarationProblem> problems, std::size_t unlisted);
    const std::vector<DeclarationProblem>& problems() const { return problems_; }
    std::size_t unlisted() const { return unlisted_; }

private:
    std::vector<DeclarationProblem> problems_;
    std::size_t unlisted_ = 0;
};

// Who sends the document. By default an administrator's file (`annuaire declare`). For an
// owner's edit of their fiche through the API, `owner_of` is the fiche's practitioner id:
// the document is then {"practitioner": {...}, "practices": [...], "corrections": [...]}
// with no practitioner_id, declared_at or declared_by anywhere (the fiche is the one the
// request names; the server sets when, and who: store::kDeclaredByOwner), and a
// correction without site_key or site_id is of the practitioner.
struct DeclarationSource {
    std::optional<std::string> owner_of;
    std::string declared_at;   // with owner_of: the time of the edit
};

// Checks the document's size first, then its encoding, syntax and every value.
// Throws DeclarationError.
store::DeclarationSet parse_declarations(std::string_view json_text, const DeclarationSource& source = {});

}  // namespace annuaire::owner
