// The rules every value a professional declares must follow, whichever way it
// comes in (`annuaire declare`, owner editing through the JSON API, claims).
// Each check takes the value as sent and returns the value to store, or throws
// ValueError with a sentence saying what is wrong (without the field's name:
// the caller knows where the value was).
//
// Text (every string of a declaration):
// - valid UTF-8;
// - leading and trailing white space is trimmed (ASCII spaces, tab, line breaks,
//   no-break and other Unicode spaces); what is left must not be empty;
// - refused anywhere: C0 and C1 control characters and DEL (only line feed and tab
//   are allowed, and only in multi-line texts, where CR LF is stored as LF), the line
//   and paragraph separators U+2028/U+2029, bidirectional controls and marks (U+061C,
//   U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), U+FEFF, U+FFF9-U+FFFB,
//   U+FFFE, U+FFFF and the tag characters U+E0000-U+E007F;
// - refused at the start or the end: the zero-width characters U+200B-U+200D, U+2060
//   (inside a text a zero-width joiner can be legitimate);
// - a maximum length in characters (Unicode code points), counted after trimming.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace annuaire::owner {

class ValueError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};
// A text that is empty once trimmed: for an optional field, null says "nothing declared".
class EmptyTextError : public ValueError {
public:
    EmptyTextError() : ValueError("empty") {}
};

// Limits of what can be declared (characters unless said otherwise).
inline constexpr std::size_t kMaxDocumentBytes = 10'000'000;   // a whole declarations document
inline constexpr std::size_t kMaxDeclaredByCharacters = 200;
inline constexpr std::size_t kMaxSiteKeyCharacters = 100;
inline constexpr std::size_t kMaxLongTextCharacters = 2000;    // expertise, training
inline constexpr std::size_t kMaxNameCharacters = 100;         // corrected last or first name
inline constexpr std::size_t kMaxCivilityCharacters = 40;      // corrected civility
inline constexpr std::size_t kMaxSiteNameCharacters = 200;     // corrected site name
inline constexpr std::size_t kMaxAddressLineCharacters = 200;  // corrected street line, complement
inline constexpr std::size_t kMaxCommuneCharacters = 100;      // corrected commune name
inline constexpr std::size_t kMaxPhoneCharacters = 30;         // as written, before normalisation
inline constexpr std::size_t kMaxEmailBytes = 254;             // RFC 5321's limit of a path
inline constexpr std::size_t kMaxUrlBytes = 500;

enum class Lines { one, several };

// Trimmed text, checked against the rules above.
std::string checked_text(std::string_view value, std::size_t max_characters, Lines lines = Lines::one);

// An absolute http:// or https:// address whose host is a domain name (no IP
// address, no user:password@), an optional port, then only characters a URL may
// hold (no space, no quote, no angle bracket, no backslash; % followed by two hex
// digits; letters beyond ASCII are allowed, as a browser shows them). At most
// kMaxUrlBytes. Stored as written, trimmed.
std::string checked_url(std::string_view value);

// A French phone number: 10 digits starting with 0 (not 00), or +33 (or 0033)
// followed by the 9 digits without the 0, with single spaces, dots or dashes
// between digits ("+33 (0)3 ..." too). Stored as the 10 digits, "0389123456": the
// form of the RPPS extract, so that a declared number and an RPPS one look alike.
// Overseas numbers are written in their national form (0262 ..., 0596 ...).
std::string checked_phone(std::string_view value);

// local@domain: an ASCII address, the local part a dot-atom (letters, digits and
// !#$%&'*+/=?^_`{|}~- , dots only between them, at most 64 bytes), the domain a
// name of at least two labels ending in letters. An MSSanté address must also have
// a domain under mssante.fr (prenom.nom@medecin.mssante.fr): only those reach the
// secure health messaging space. Stored as written, trimmed.
enum class EmailKind { any, mssante };
std::string checked_email(std::string_view value, EmailKind kind);

// A French postcode: 5 digits ("68100", "97400"), as written once trimmed.
std::string checked_postcode(std::string_view value);

// An ISO 8601 date (2025-01-15) or date-time with seconds and a zone
// (2025-01-15T09:00:00Z, 2025-01-15T10:00:00.5+01:00), a real calendar date.
std::string checked_date_time(std::string_view value);

// An RPPS (11 digits) or ADELI (9 digits) identifier, as the extract gives them.
std::string checked_practitioner_id(std::string_view value);

// The offset of the first byte that is not part of valid UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view text);

// For messages: value with control, invisible and bidirectional characters written
// \u202e (bytes that are not UTF-8 as \xff), cut after `max_characters` with "...".
std::string escaped(std::string_view value, std::size_t max_characters = 60);
// escaped(value) between single quotes.
std::string single_quoted(std::string_view value);

}  // namespace annuaire::owner
