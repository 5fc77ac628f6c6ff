// What owners declared of a practitioner, as stored, read by the two views of it: the
// owner's own editing view (owner_store: declarations_of) and the public fiche (SearchStore::
// fiche), which write it as JSON their own way.
#pragma once

#include "store/database.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace annuaire::store {

// The columns of declared_practitioner and declared_practice, by the names the API gives them.
inline const std::vector<std::string> kDeclaredPractitionerFields = {"phone", "mssante_email", "expertise", "training",
                                                                     "website"};
// Texts first (kDeclaredPracticeTexts of them), then yes/no fields in owner::kBooleanFields order:
// the order of PracticeDeclaration's fields, which apply_declarations binds so.
inline constexpr std::size_t kDeclaredPracticeTexts = 4;
inline const std::vector<std::string> kDeclaredPracticeFields = {
    "phone",       "mssante_email", "appointment_url", "conventionnement", "carte_vitale",
    "tiers_payant", "pmr_access",   "home_visits",     "teleconsultation", "telesoin"};

struct StoredPractitionerDeclaration {
    std::array<std::optional<std::string>, 5> texts;   // kDeclaredPractitionerFields
    std::string declared_at;
    std::optional<std::string> declared_by;
};

struct StoredPracticeDeclaration {
    std::int64_t site_id = 0;
    std::array<std::optional<std::string>, kDeclaredPracticeTexts> texts;
    std::array<std::optional<bool>, 6> booleans;
    std::vector<std::string> publics, acts;           // codes, sorted
    std::vector<std::array<int, 3>> hours;            // weekday, opens, closes (minutes), in order
    std::string declared_at;
    std::optional<std::string> declared_by;
};

std::optional<StoredPractitionerDeclaration> read_declared_practitioner(Database& db, const std::string& practitioner_id);
// Every site the practitioner declared something for, by site id.
std::vector<StoredPracticeDeclaration> read_declared_practices(Database& db, const std::string& practitioner_id);

}  // namespace annuaire::store
