// Address normalisation for the offline geocoder, built on fold(): the same
// functions turn a BAN street name and an RPPS address (upper case, street type
// split off, abbreviations, repetition index B/T/Q) into the same tokens, so
// that the address index and the queries always agree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace annuaire::text {

// Tokens of a street name ready for matching: folded (case, accents, hyphens,
// apostrophes), abbreviations expanded (ST -> saint, GAL -> general, DR -> docteur,
// AV -> avenue…), articles dropped (de, du, la, l', d'…), a repeated leading
// street type removed. Works on a full name ("Rue du Faubourg Saint-Antoine").
std::vector<std::string> street_tokens(std::string_view full_name);

// The same for an RPPS address whose street type is split off: type_code is the
// RPPS "Code type de voie" (R, AV, BD, GAL…), type_label its label ("Rue"); either
// may be empty. A type already written at the start of name is not repeated.
std::vector<std::string> street_tokens(std::string_view type_code, std::string_view type_label,
                                       std::string_view name);

// Tokens joined with single spaces: the exact-match key of a street.
std::string join_tokens(const std::vector<std::string>& tokens);

// Expands one RPPS street-type code ("R" -> "rue", "GAL" -> "galerie"); returns the
// folded input when the code is unknown.
std::string expand_street_type_code(std::string_view code);

// True for a folded street-type word (rue, avenue, boulevard, place…): such words
// carry less weight than the proper name when matching.
bool is_street_type_word(std::string_view token);

// Canonical repetition index: BIS/B -> "b", TER/T -> "t", QUATER/Q -> "q",
// QUINQUIES/C -> "c"; other letters are lower-cased ("A" -> "a"); empty stays empty.
std::string normalize_repetition(std::string_view index);

struct HouseNumber {
    int number = -1;          // -1: none
    std::string repetition;   // canonical, see normalize_repetition
    bool valid() const { return number >= 0; }
};

// Parses an RPPS "Numéro Voie" with an optional "Indice répétition voie":
// "12" + "B", "12B", "12 BIS", "12-14" (first number), " 7 ter". A value with
// no leading digits ("P", "") gives no number.
HouseNumber parse_house_number(std::string_view number, std::string_view repetition = {});

}  // namespace annuaire::text
