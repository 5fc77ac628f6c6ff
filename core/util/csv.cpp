#include "util/csv.hpp"

namespace annuaire::util {

void append_csv_text(std::string& out, std::string_view text, char separator) {
    const bool formula = !text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                                           text[0] == '\t' || text[0] == '\r');
    const char special[] = {separator, '"', '\r', '\n', '\0'};
    const bool quoted = text.find_first_of(special) != std::string_view::npos;
    if (quoted) out += '"';
    if (formula) out += '\'';
    if (!quoted) {
        out += text;
        return;
    }
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

}  // namespace annuaire::util
