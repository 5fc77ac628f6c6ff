// The PS_LibreAcces_Personne_activite line model shared by the m2A and national
// generators: columns, people, identifiers and the RPPS way of writing addresses.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "reference.hpp"
#include "rng.hpp"

namespace gen::rpps {

inline constexpr int kColumns = 56;

// Column positions in the current 56-column header.
enum Col : int {
    kTypeId, kIdPP, kIdNat, kCivExeCode, kCivExeLabel, kCivCode, kCivLabel, kLastName, kFirstName,
    kProfCode, kProfLabel, kCatCode, kCatLabel, kSfTypeCode, kSfTypeLabel, kSfCode, kSfLabel,
    kModeCode, kModeLabel, kSiret, kSiren, kFinessSite, kFinessEj, kTechId, kRaisonSociale, kEnseigne,
    kComplDest, kComplGeo, kNumVoie, kIndiceRep, kTypeVoieCode, kTypeVoieLabel, kLibVoie, kMention,
    kBureauCedex, kPostcode, kCommuneCode, kCommuneLabel, kCountryCode, kCountryLabel, kPhone, kPhone2,
    kFax, kEmail, kDeptCode, kDeptLabel, kOldStructId, kAuthority, kSectorCode, kSectorLabel,
    kPharmaSectionCode, kPharmaSectionLabel, kRoleCode, kRoleLabel, kGenreCode, kGenreLabel,
};

using Row = std::array<std::string, kColumns>;

inline void clear(Row& r) {
    for (auto& f : r) f.clear();
}
// Appends the row with a trailing '|' and '\n'. Throws if a field holds '|' or a newline.
void append_row(std::string& out, const Row& r);

// ---- professions -------------------------------------------------------------

enum class Prof : int {
    Nurse, GP, Specialist, Physio, Pharmacist, Dentist, Speech, Midwife, Podiatrist, Orthoptist,
    Psychologist, Dietician, Psychomotor, Optician, Audio, Osteo, OccupationalTherapist, Psychotherapist,
    RadioTech, LabTech, Count
};
inline constexpr int kProfCount = static_cast<int>(Prof::Count);

struct ProfSpec {
    Prof prof;
    std::string_view code;       // Code profession
    std::string_view name;       // short English name for reports
    double share;                // share of people in an urban agglomeration
    double female;               // probability of a woman
    double rpps;                 // probability of an RPPS identifier (else ADELI)
    std::string_view authority;  // first registration authority (CNOM, ONCD…); ADELI people use ARS
};
const ProfSpec& spec(Prof p);

// ---- identifiers -------------------------------------------------------------

// Appends the Luhn check digit to a string of digits.
std::string with_luhn(std::string digits);
// 11-digit RPPS number "10" + 8 digits + key, from a serial number.
std::string rpps_number(std::uint64_t serial);
// 9-digit ADELI number: department (2), profession (2), serial (5).
std::string adeli_number(std::string_view dept2, std::string_view prof2, std::uint64_t serial);
// 14-digit SIRET whose SIREN and SIRET both pass the Luhn check.
std::string siret_number(Rng& rng);
// 9-digit FINESS number for a department ("68" or "2A"…).
std::string finess_number(std::string_view dept, Rng& rng);

// ---- people ------------------------------------------------------------------

struct Person {
    Prof prof;
    bool rpps = true;
    bool female = false;
    std::string id_pp, id_nat;
    std::string last_name, first_name;
    std::string civ_exe;  // "", "DR", "PR"
    std::string civ;      // "M", "MME", "MLLE"
    std::string sf_type, sf_code;  // savoir-faire ("S"/"CEX", "SM54")
    bool hospital_doctor = false;  // tends to work in hospitals (anaesthetists, radiologists…)
};

// Draws names, civility and savoir-faire. Identifiers are left to the caller.
Person draw_person(Prof p, Rng& rng);

// Fills the 17 person columns (identity and profession).
void fill_person(Row& row, const Person& p, const Reference& ref);

// ---- addresses ---------------------------------------------------------------

// An address as it exists in the BAN.
struct PlainAddress {
    std::string numero;   // "" if none
    std::string rep;      // "", "bis", "ter"
    int type = -1;        // index in words::street_types(), -1 if none
    std::string core;     // "du Sauvage" (mixed case, accents)
    std::string postcode, insee, commune_name, acheminement;
};

// How an address is written in the extract; each flag is one kind of noise.
struct AddressStyle {
    bool keep_accents = false;     // "DU GÉNÉRAL SARRAIL"
    bool abbreviate = false;       // SAINT -> ST, GENERAL -> GAL…
    bool type_in_label = false;    // no Code type de voie; "RUE DU SAUVAGE" in Libellé Voie
    bool typo = false;             // one wrong letter in the street name
    bool separators_as_spaces = false;  // "SAINT JEAN", "DE L EGLISE"
    bool with_commune = false;     // Code commune / Libellé commune filled
    bool long_rep = false;         // BIS/TER instead of B/T
    bool with_country = false;     // 99000 France
    std::string cedex_code, cedex_label, mention;  // CEDEX delivery (empty if none)
    std::string complement_geo;
};

// Writes the address columns (Complément point géographique … Libellé pays).
void fill_address(Row& row, const PlainAddress& a, const AddressStyle& style, Rng& rng);

// One-letter typo in a word of at least 5 letters (never the first letter).
std::string add_typo(std::string_view upper, Rng& rng);

// ---- activity ------------------------------------------------------------------

// "CNOM/CNOM/ARS"-style Autorité d'enregistrement.
std::string authority(const Person& p, bool has_site, bool liberal, bool finess_site);

// Phone number "03 89 xx xx xx" written as 10 digits.
std::string phone_number(std::string_view prefix4, Rng& rng);

}  // namespace gen::rpps
