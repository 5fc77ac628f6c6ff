// Small UTF-8 text helpers for French names (Latin-1 supplement + œ/æ only,
// which is all the word lists use).
#pragma once

#include <string>
#include <string_view>

namespace gen::text {

// Upper case, accents removed: "Rue de l'Église" -> "RUE DE L'EGLISE", "Œillets" -> "OEILLETS".
std::string upper_ascii(std::string_view utf8);

// Upper case keeping accents: "Général" -> "GÉNÉRAL".
std::string upper_accented(std::string_view utf8);

// BAN nom_afnor: upper case, no accents, apostrophes and hyphens turned into
// spaces, at most 32 characters (street type then title words abbreviated,
// then truncated).
std::string afnor(std::string_view utf8_street_name);

// Replaces whole words (space/hyphen/apostrophe delimited) of an upper-case
// ASCII text: "SAINT" -> "ST" etc., as RPPS data entry often does.
std::string abbreviate_titles(std::string_view upper);

// True if the upper-case ASCII text holds a word abbreviate_titles would shorten.
bool has_abbreviable_word(std::string_view upper);

}  // namespace gen::text
