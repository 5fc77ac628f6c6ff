#include "http/query_string.hpp"

#include "http/http_error.hpp"

namespace annuaire::http {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A name shown in a message: bounded, and printable whatever the client sent.
std::string shown(std::string_view text) {
    std::string out;
    for (const char c : text.substr(0, 40)) {
        const auto byte = static_cast<unsigned char>(c);
        out += byte >= 0x20 && byte < 0x7f ? c : '?';
    }
    return out;
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space, std::string_view what) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            const int high = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
            const int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
            if (high < 0 || low < 0) {
                throw HttpError(400, "bad_request",
                                std::string(what) + ": '%' must be followed by two hexadecimal digits (write a literal % as %25)");
            }
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::map<std::string, std::string> parse_query_string(std::string_view query) {
    std::map<std::string, std::string> params;
    std::size_t start = 0;
    while (start <= query.size()) {
        auto end = query.find('&', start);
        if (end == std::string_view::npos) end = query.size();
        const auto piece = query.substr(start, end - start);
        start = end + 1;
        if (piece.empty()) continue;
        const auto equals = piece.find('=');
        const auto raw_name = piece.substr(0, equals);
        const auto raw_value = equals == std::string_view::npos ? std::string_view() : piece.substr(equals + 1);
        auto name = percent_decode(raw_name, true, "a parameter name");
        if (name.empty()) throw HttpError(400, "bad_request", "the query string has a value without a parameter name");
        auto value = percent_decode(raw_value, true, "parameter '" + shown(name) + "'");
        const auto [it, inserted] = params.emplace(std::move(name), std::move(value));
        if (!inserted) {
            throw HttpError(400, "invalid_parameter",
                            "parameter '" + shown(it->first) +
                                "' is given twice; give several values once, separated by commas");
        }
    }
    return params;
}

}  // namespace annuaire::http
