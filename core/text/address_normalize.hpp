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
// The same, for a name already split into folded words (text::words, street_line_words).
std::vector<std::string> street_tokens(std::string_view type_code, std::string_view type_label,
                                       std::vector<std::string> name_words);

// A street name's words after its street type, articles kept, abbreviations expanded
// ("Rue de Martignac" -> "de martignac", "Cité Martignac" -> "martignac"): tells apart
// the streets whose tokens agree when an address leaves the type out.
std::string street_wording(std::string_view full_name);
// The same for a name already split into folded words (text::words, street_line_words).
std::string street_wording(std::vector<std::string> folded_words);

// The street part of an RPPS street line, folded: remarks in brackets, floors
// ("1ER ETAGE", "RDC"), buildings, staircases, flats, doors ("BAT A", "ESC B", "APPT 12"),
// residences, postal boxes and CEDEX ("BP 123", "CS 40012") are left out, the same way
// whether they follow the street name or fill a complement column. A marker that follows
// the name cuts the line there; one that starts it goes with its argument. Words that
// belong to a name stay ("Rue de la Résidence", "Passage du Bureau"). When `removed` is
// given, it receives the folded text left out (empty if none).
std::string clean_street_line(std::string_view line, std::string* removed = nullptr);

// The key of a commune name or routing label: folded, ST/STE written out
// ("ST LOUIS" and "Saint-Louis" -> "saint louis").
std::string commune_key(std::string_view name);
// The same for a name already split into folded words (text::words).
std::string commune_key(std::vector<std::string> folded_words);

// The same as words, for street_tokens: clean_street_line is these joined.
std::vector<std::string> street_line_words(std::string_view line, std::string* removed = nullptr);

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
