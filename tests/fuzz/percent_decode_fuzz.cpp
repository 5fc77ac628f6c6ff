// Percent-decoding (server/http/query_string.hpp), in both modes (path: '+' stays;
// query string: '+' is a space). Any bytes either decode or raise HttpError 400 because
// of a '%'; each escape takes two bytes off; what decodes, encoded again, decodes back.
#include "fuzz_support.hpp"

#include "http/http_error.hpp"
#include "http/query_string.hpp"

#include <algorithm>
#include <string>

namespace {

using annuaire::fuzz::require;

// Escapes what must be escaped and leaves the rest, as a client would.
std::string encode(std::string_view text, bool plus_is_space) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out += c;
        } else if (c == ' ' && plus_is_space) {
            out += '+';
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0x0f];
        }
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using annuaire::http::HttpError;
    using annuaire::http::percent_decode;
    const auto text = annuaire::fuzz::as_text(data, size);
    const auto escapes = static_cast<std::size_t>(std::count(text.begin(), text.end(), '%'));
    for (const bool plus_is_space : {false, true}) {
        std::string decoded;
        try {
            decoded = percent_decode(text, plus_is_space, "the fuzz input");
        } catch (const HttpError& error) {
            require(error.status() == 400, "a bad escape is a 400");
            require(escapes > 0, "only a '%' can make percent-decoding fail");
            require(std::string_view(error.what()).size() <= annuaire::fuzz::kMaxMessageBytes, "the message is short");
            continue;
        }
        require(decoded.size() + 2 * escapes == text.size(), "each escape takes two bytes off, nothing else changes the length");
        if (escapes == 0 && !plus_is_space) require(decoded == text, "text without '%' decodes to itself");
        if (!plus_is_space) {
            require(std::count(decoded.begin(), decoded.end(), '+') >= std::count(text.begin(), text.end(), '+'),
                    "in a path, '+' stays '+'");
        }
        require(percent_decode(encode(decoded, plus_is_space), plus_is_space, "the fuzz input") == decoded,
                "what decodes, encoded again, decodes back to the same bytes");
    }
    return 0;
}
