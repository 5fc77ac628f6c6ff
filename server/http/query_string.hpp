// Percent-decoding and the query string, each done once, in one place, strictly:
// a malformed escape or a repeated parameter is a 400, never a guess.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace annuaire::http {

// Decodes %XX escapes (and '+' as a space when plus_is_space, for query strings).
// Throws HttpError 400 on a '%' not followed by two hexadecimal digits; `what` names
// the part of the request ("the path", "parameter 'q'") in the message.
std::string percent_decode(std::string_view text, bool plus_is_space, std::string_view what);

// Splits "a=1&b=x%20y" into decoded names and values. Empty pieces ("a=1&&b=2") are
// skipped; a name without '=' has an empty value. Throws HttpError 400 for a bad escape,
// an empty name, or a name given twice (several values of a filter are comma-separated).
std::map<std::string, std::string> parse_query_string(std::string_view query);

}  // namespace annuaire::http
