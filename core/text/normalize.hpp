// The one text normaliser of the project: used to build the full-text index,
// to parse search queries and (in geo/) to match addresses, so that indexing
// and querying always agree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace annuaire::text {

// Folds text for matching: Unicode-normalised (NFKC, so that composed and decomposed
// accents, fullwidth forms, ligatures such as "ﬁ", superscripts and no-break spaces read
// like their plain equivalents), lower-cased, diacritics stripped (é -> e, œ -> oe,
// ß -> ss), every character that is not a letter or a digit turned into a word break,
// the words joined with single spaces. The result is ASCII: letters of other scripts
// are breaks too. Combining marks and default-ignorable code points (soft hyphen,
// zero-width joiners) vanish without breaking a word. Input must be UTF-8; invalid
// bytes become breaks. Empty when the text holds no letter or digit.
std::string fold(std::string_view utf8);

// fold() split into words.
std::vector<std::string> words(std::string_view utf8);

// True when the bytes are valid UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view bytes);

// Decodes Windows-1252 (a superset of Latin-1 used by older extracts) to UTF-8.
std::string windows1252_to_utf8(std::string_view bytes);

}  // namespace annuaire::text
