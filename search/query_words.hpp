// What the words of a free-text query say besides names. Civility words ("Dr", "Mme")
// narrow to practitioners of that civility instead of matching as the start of a name
// ("dr" would find DREYFUS); words of the declared vocabulary ("domicile", "enfants",
// "téléconsultation", "PMR") become the filter they name. What is left is the text
// matched against names, professions, specialties, sites and communes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace annuaire::search {

// Civility bits of a practice (PracticeIndex::rpps_flags, high nibble): the RPPS civility
// (M, MME/MLLE) and exercise civility (DR, PR).
inline constexpr std::uint8_t kCivilityMan = 0x10, kCivilityWoman = 0x20, kTitleDoctor = 0x40, kTitleProfessor = 0x80;

// A filter read from words of q: parameter=value as the API spells it ("home_visits",
// "true"; "public", "enfants"; "civility", "docteur"), and the words it came from.
struct UnderstoodWords {
    std::string words;       // folded, space-separated ("visites a domicile")
    std::string parameter;
    std::string value;
};

struct QueryText {
    std::vector<std::string> words;        // folded words left for full-text matching
    std::uint8_t gender = 0;                // kCivilityMan | kCivilityWoman: any of these
    std::uint8_t title = 0;                 // kTitleDoctor | kTitleProfessor: any of these
    std::vector<UnderstoodWords> understood;
};

// Reads q (UTF-8). `keep_last_word`: the last word is being typed (autocomplete) and
// stays text whatever it is ("dr" on the way to "dreyfus"); vocabulary words are then
// left as text too, only civility words before the last are dropped.
QueryText read_query_text(std::string_view q, bool keep_last_word = false);

// Every phrase read_query_text knows, with what it stands for. Exposed for tests.
std::vector<UnderstoodWords> known_phrases();

}  // namespace annuaire::search
