// The one text normaliser of the project: used to build the full-text index,
// to parse search queries and (in geo/) to match addresses, so that indexing
// and querying always agree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace annuaire::text {

// Lower-cases, strips diacritics (é -> e, œ -> oe, ß -> ss), turns every
// character that is not a letter or a digit into a word break, and joins the
// words with single spaces. Input must be UTF-8; invalid bytes become breaks.
std::string fold(std::string_view utf8);

// fold() split into words.
std::vector<std::string> words(std::string_view utf8);

// True when the bytes are valid UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view bytes);

// Decodes Windows-1252 (a superset of Latin-1 used by older extracts) to UTF-8.
std::string windows1252_to_utf8(std::string_view bytes);

}  // namespace annuaire::text
