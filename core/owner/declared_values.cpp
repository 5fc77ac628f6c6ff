#include "owner/declared_values.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace annuaire::owner {

namespace {

constexpr char32_t kNotUtf8 = 0xFFFFFFFF;

// Decodes the code point that starts at text[at] and moves `at` past it; a byte
// that does not start well-formed UTF-8 (overlong forms, surrogates and values
// beyond U+10FFFF included) gives kNotUtf8 and moves one byte.
char32_t next_code_point(std::string_view text, std::size_t& at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) {
        ++at;
        return lead;
    }
    std::size_t length = 0;
    char32_t code = 0, smallest = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2, code = lead & 0x1F, smallest = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, code = lead & 0x0F, smallest = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4, code = lead & 0x07, smallest = 0x10000;
    } else {
        ++at;
        return kNotUtf8;
    }
    if (text.size() - at < length) {
        ++at;
        return kNotUtf8;
    }
    for (std::size_t i = 1; i < length; ++i) {
        const unsigned char next = byte(at + i);
        if ((next & 0xC0) != 0x80) {
            ++at;
            return kNotUtf8;
        }
        code = (code << 6) | (next & 0x3F);
    }
    if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        ++at;
        return kNotUtf8;
    }
    at += length;
    return code;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

bool is_white_space(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}
bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }
bool is_bidi_control(char32_t c) {
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}
// Characters that no declared text needs anywhere and that hide or reorder what a reader sees.
bool is_refused_format(char32_t c) {
    return c == 0x2028 || c == 0x2029 || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB) || c == 0xFFFE || c == 0xFFFF ||
           (c >= 0xE0000 && c <= 0xE007F);
}
bool is_zero_width(char32_t c) { return (c >= 0x200B && c <= 0x200D) || c == 0x2060; }

std::string code_name(char32_t c) {
    char text[16];
    std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(c));
    return text;
}

std::string control_name(char32_t c) {
    switch (c) {
        case 0x00: return "U+0000, NUL";
        case 0x07: return "U+0007, bell";
        case 0x08: return "U+0008, backspace";
        case 0x09: return "U+0009, tab";
        case 0x0A: return "U+000A, line feed";
        case 0x0D: return "U+000D, carriage return";
        case 0x1B: return "U+001B, escape";
        case 0x7F: return "U+007F, delete";
        default: return code_name(c);
    }
}

std::u32string decode(std::string_view value) {
    std::u32string text;
    text.reserve(value.size());
    for (std::size_t at = 0; at < value.size();) {
        const std::size_t start = at;
        const char32_t c = next_code_point(value, at);
        if (c == kNotUtf8) {
            char byte[8];
            std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(value[start]));
            throw ValueError(std::string("not valid UTF-8 (byte ") + byte + " at offset " + std::to_string(start) + ")");
        }
        text += c;
    }
    return text;
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex_digit(char c) { return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool all_digits(std::string_view text) { return std::all_of(text.begin(), text.end(), is_ascii_digit); }

std::string lower_ascii(std::string_view text) {
    std::string lower(text);
    for (auto& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return lower;
}

// A domain name of at least two labels; the last one must not be a number (an IPv4
// address). Labels of letters, digits and inner hyphens, and of letters beyond ASCII
// when allowed (internationalised names as a browser shows them). Empty when valid.
std::string domain_fault(std::string_view host, bool allow_non_ascii) {
    if (host.empty()) return "no host name";
    if (host.size() > 253) return "a host name longer than 253 bytes";
    std::size_t labels = 0;
    std::string_view last;
    for (std::size_t start = 0; start <= host.size();) {
        const std::size_t end = std::min(host.find('.', start), host.size());
        const std::string_view label = host.substr(start, end - start);
        const bool label_ok =
            !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-' &&
            std::all_of(label.begin(), label.end(), [&](char c) {
                return is_ascii_letter(c) || is_ascii_digit(c) || c == '-' || (allow_non_ascii && static_cast<unsigned char>(c) >= 0x80);
            });
        if (!label_ok) return single_quoted(host) + " is not a domain name";
        ++labels;
        last = label;
        start = end + 1;
    }
    if (all_digits(last)) return "an IP address is not accepted as host: give the domain name";
    if (labels < 2) return single_quoted(host) + " is not a full domain name (such as www.exemple.fr)";
    return {};
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t start = at;
        if (next_code_point(text, at) == kNotUtf8) return start;
    }
    return std::string_view::npos;
}

std::string escaped(std::string_view value, std::size_t max_characters) {
    std::string out;
    std::size_t characters = 0;
    for (std::size_t at = 0; at < value.size();) {
        if (characters == max_characters) {
            out += "...";
            break;
        }
        ++characters;
        const std::size_t start = at;
        const char32_t c = next_code_point(value, at);
        char code[16];
        if (c == kNotUtf8) {
            std::snprintf(code, sizeof code, "\\x%02x", static_cast<unsigned char>(value[start]));
            out += code;
        } else if (is_control(c) || is_bidi_control(c) || is_refused_format(c) || is_zero_width(c) ||
                   (c != ' ' && is_white_space(c))) {
            std::snprintf(code, sizeof code, c > 0xFFFF ? "\\U%08x" : "\\u%04x", static_cast<unsigned>(c));
            out += code;
        } else {
            out.append(value.substr(start, at - start));
        }
    }
    return out;
}

std::string single_quoted(std::string_view value) {
    std::string text(1, '\'');  // built in place: GCC 12 warns (-Wrestrict) wrongly on "'" + string
    text += escaped(value);
    text += '\'';
    return text;
}

std::string checked_text(std::string_view value, std::size_t max_characters, Lines lines) {
    std::u32string text = decode(value);
    if (lines == Lines::several) {
        // A text area sends CR LF; one line end is stored as LF.
        std::u32string joined;
        joined.reserve(text.size());
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) joined += text[i];
        }
        text = std::move(joined);
    }
    std::size_t first = 0, last = text.size();
    while (first < last && is_white_space(text[first])) ++first;
    while (last > first && is_white_space(text[last - 1])) --last;
    if (first == last) throw EmptyTextError();
    text = text.substr(first, last - first);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char32_t c = text[i];
        const std::string where = " at character " + std::to_string(i + 1);
        if (c == '\n' || c == '\t') {
            if (lines == Lines::several) continue;
            throw ValueError("contains a " + std::string(c == '\n' ? "line break" : "tab") + where +
                             ": this field holds one line");
        }
        if (is_control(c)) throw ValueError("contains a control character (" + control_name(c) + ")" + where);
        if (is_bidi_control(c)) {
            throw ValueError("contains a bidirectional control character (" + code_name(c) + ")" + where +
                             ", which can reorder what a reader sees");
        }
        if (is_refused_format(c)) throw ValueError("contains an invisible format character (" + code_name(c) + ")" + where);
        if (is_zero_width(c) && (i == 0 || i + 1 == text.size())) {
            throw ValueError("contains an invisible zero-width character (" + code_name(c) + ") at its " +
                             (i == 0 ? "start" : "end"));
        }
    }
    if (text.size() > max_characters) {
        throw ValueError(std::to_string(text.size()) + " characters, more than the " + std::to_string(max_characters) +
                         " allowed");
    }
    std::string stored;
    stored.reserve(value.size());
    for (const char32_t c : text) append_utf8(stored, c);
    return stored;
}

std::string checked_url(std::string_view value) {
    const std::string url = checked_text(value, kMaxDocumentBytes);  // measured in bytes below
    if (url.size() > kMaxUrlBytes) {
        throw ValueError(std::to_string(url.size()) + " bytes, more than the " + std::to_string(kMaxUrlBytes) + " allowed");
    }
    const auto colon = url.find(':');
    const bool has_scheme = colon != std::string::npos && colon > 0 && is_ascii_letter(url[0]) &&
                            std::all_of(url.begin() + 1, url.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
                                return is_ascii_letter(c) || is_ascii_digit(c) || c == '+' || c == '.' || c == '-';
                            });
    if (!has_scheme) throw ValueError("not an absolute address: write it in full, with https:// (https://www.exemple.fr)");
    const std::string scheme = lower_ascii(std::string_view(url).substr(0, colon));
    if (scheme != "http" && scheme != "https") {
        throw ValueError("'" + escaped(scheme, 20) + ":' addresses are not accepted, only http:// and https:// ones");
    }
    if (url.compare(colon + 1, 2, "//") != 0) throw ValueError("expected // after '" + scheme + ":'");
    const std::size_t authority_start = colon + 3;
    const std::size_t authority_end = std::min(url.find_first_of("/?#", authority_start), url.size());
    const std::string_view authority = std::string_view(url).substr(authority_start, authority_end - authority_start);
    if (authority.find('@') != std::string_view::npos) {
        throw ValueError("a user name or password (user:password@) is not accepted in an address");
    }
    if (!authority.empty() && authority.front() == '[') {
        throw ValueError("an IP address is not accepted as host: give the domain name");
    }
    std::string_view host = authority;
    if (const auto port_at = authority.rfind(':'); port_at != std::string_view::npos) {
        const std::string_view port = authority.substr(port_at + 1);
        if (port.empty() || port.size() > 5 || !all_digits(port) || std::stoi(std::string(port)) < 1 ||
            std::stoi(std::string(port)) > 65535) {
            throw ValueError("port " + single_quoted(port) + " is not a number from 1 to 65535");
        }
        host = authority.substr(0, port_at);
    }
    if (const auto fault = domain_fault(host, true); !fault.empty()) throw ValueError(fault);
    for (std::size_t at = authority_start; at < url.size();) {
        const std::size_t start = at;
        const char32_t c = next_code_point(url, at);
        if (is_white_space(c)) throw ValueError("contains a space at byte " + std::to_string(start + 1) + ": write it %20");
        if (c < 0x80 && std::string_view("\"<>\\^`{|}").find(static_cast<char>(c)) != std::string_view::npos) {
            throw ValueError("contains the character '" + std::string(1, static_cast<char>(c)) +
                             "', which an address cannot hold as such (write it %XX)");
        }
        if (c == '%' && (start + 2 >= url.size() || !is_hex_digit(url[start + 1]) || !is_hex_digit(url[start + 2]))) {
            throw ValueError("a % not followed by two hexadecimal digits at byte " + std::to_string(start + 1));
        }
    }
    return url;
}

std::string checked_phone(std::string_view value) {
    const std::string text = checked_text(value, kMaxPhoneCharacters);
    const auto refuse = [&]() {
        return ValueError(single_quoted(text) +
                          " is not a French phone number: expected 10 digits starting with 0 (03 89 12 34 56) "
                          "or +33 and 9 digits (+33 3 89 12 34 56)");
    };
    std::string_view rest = text;
    const bool international = rest.starts_with("+33") || rest.starts_with("0033");
    if (international) {
        rest.remove_prefix(rest.starts_with("+33") ? 3 : 4);
        if (!rest.empty() && (rest.front() == ' ' || rest.front() == '.' || rest.front() == '-')) rest.remove_prefix(1);
        if (rest.starts_with("(0)")) rest.remove_prefix(3);  // +33 (0)3 ...: the national 0, shown in brackets
    }
    std::string digits;
    bool after_digit = international;  // a separator may follow +33
    for (const char c : rest) {
        if (is_ascii_digit(c)) {
            digits += c;
            after_digit = true;
        } else if ((c == ' ' || c == '.' || c == '-') && after_digit) {
            after_digit = false;
        } else {
            throw refuse();
        }
    }
    if (!after_digit) throw refuse();
    if (international) {
        if (digits.size() != 9 || digits[0] == '0') throw refuse();
        return "0" + digits;
    }
    if (digits.size() != 10 || digits[0] != '0' || digits[1] == '0') throw refuse();
    return digits;
}

std::string checked_email(std::string_view value, EmailKind kind) {
    const std::string email = checked_text(value, kMaxDocumentBytes);  // measured in bytes below
    if (email.size() > kMaxEmailBytes) {
        throw ValueError(std::to_string(email.size()) + " bytes, more than the " + std::to_string(kMaxEmailBytes) + " allowed");
    }
    const auto at = email.rfind('@');
    if (at == std::string::npos) throw ValueError(single_quoted(email) + " is not an e-mail address (no @)");
    const std::string_view local = std::string_view(email).substr(0, at);
    const std::string_view domain = std::string_view(email).substr(at + 1);
    if (local.empty()) throw ValueError(single_quoted(email) + " is not an e-mail address (nothing before the @)");
    if (local.size() > 64) throw ValueError("more than 64 bytes before the @");
    for (const char c : local) {
        const bool allowed = is_ascii_letter(c) || is_ascii_digit(c) ||
                             std::string_view("!#$%&'*+/=?^_`{|}~-.").find(c) != std::string_view::npos;
        if (!allowed) {
            if (static_cast<unsigned char>(c) >= 0x80) throw ValueError("only ASCII e-mail addresses are accepted");
            throw ValueError(single_quoted(email) + " is not an e-mail address (the character '" + std::string(1, c) +
                             "' before the @)");
        }
    }
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
        throw ValueError(single_quoted(email) + " is not an e-mail address (a dot at the start or end of the name, or two dots)");
    }
    if (const auto fault = domain_fault(domain, false); !fault.empty()) {
        throw ValueError(single_quoted(email) + " is not an e-mail address: " + fault);
    }
    const std::string_view top = domain.substr(domain.rfind('.') + 1);
    if (top.size() < 2 || !std::all_of(top.begin(), top.end(), is_ascii_letter)) {
        throw ValueError(single_quoted(email) + " is not an e-mail address: its domain does not end in a name such as .fr");
    }
    if (kind == EmailKind::mssante && !lower_ascii(domain).ends_with(".mssante.fr")) {
        throw ValueError(single_quoted(email) + " is not an MSSanté address: its domain must end in .mssante.fr "
                                         "(prenom.nom@medecin.mssante.fr)");
    }
    return email;
}

std::string checked_date_time(std::string_view value) {
    const std::string text = checked_text(value, 40);
    const auto refuse = [&]() {
        return ValueError(single_quoted(text) + " is not an ISO 8601 date or date-time (2025-01-15 or 2025-01-15T09:00:00Z)");
    };
    std::size_t i = 0;
    const auto number = [&](std::size_t digits) {
        if (text.size() - i < digits || !all_digits(std::string_view(text).substr(i, digits))) throw refuse();
        const int result = std::stoi(text.substr(i, digits));
        i += digits;
        return result;
    };
    const auto expect = [&](char c) {
        if (i >= text.size() || text[i] != c) throw refuse();
        ++i;
    };
    const int year = number(4);
    expect('-');
    const int month = number(2);
    expect('-');
    const int day = number(2);
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] + (month == 2 && leap ? 1 : 0)) throw refuse();
    if (i == text.size()) return text;
    expect('T');
    const int hours = number(2);
    expect(':');
    const int minutes = number(2);
    expect(':');
    const int seconds = number(2);
    if (hours > 23 || minutes > 59 || seconds > 59) throw refuse();
    if (i < text.size() && text[i] == '.') {
        ++i;
        const std::size_t digits_start = i;
        while (i < text.size() && is_ascii_digit(text[i])) ++i;
        if (i == digits_start) throw refuse();
    }
    if (i < text.size() && text[i] == 'Z') {
        ++i;
    } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        ++i;
        const int offset_hours = number(2);
        expect(':');
        const int offset_minutes = number(2);
        if (offset_hours > 14 || offset_minutes > 59) throw refuse();
    } else {
        throw refuse();  // a time without a zone is ambiguous
    }
    if (i != text.size()) throw refuse();
    return text;
}

std::string checked_practitioner_id(std::string_view value) {
    const std::string id = checked_text(value, 20);
    if (!all_digits(id) || (id.size() != 9 && id.size() != 11)) {
        throw ValueError(single_quoted(id) + " is not an RPPS (11 digits) or ADELI (9 digits) identifier");
    }
    return id;
}

std::string checked_postcode(std::string_view value) {
    const auto text = checked_text(value, 5);
    if (text.size() != 5 || text.find_first_not_of("0123456789") != std::string::npos) {
        throw ValueError("not a postcode: " + single_quoted(text) + " (5 digits, e.g. 68100)");
    }
    return text;
}

}  // namespace annuaire::owner
