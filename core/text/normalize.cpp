#include "text/normalize.hpp"

#include <utf8proc.h>

#include <array>
#include <cstdint>

namespace annuaire::text {

namespace {

// Decodes one UTF-8 code point at bytes[i]; returns 0xFFFD and advances one byte on error.
char32_t decode(std::string_view bytes, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) { ++i; return lead; }
    int length = 0;
    char32_t cp = 0;
    if ((lead & 0xE0) == 0xC0) { length = 2; cp = lead & 0x1F; }
    else if ((lead & 0xF0) == 0xE0) { length = 3; cp = lead & 0x0F; }
    else if ((lead & 0xF8) == 0xF0) { length = 4; cp = lead & 0x07; }
    else { ++i; return 0xFFFD; }
    if (i + length > bytes.size()) { ++i; return 0xFFFD; }
    for (int k = 1; k < length; ++k) {
        const unsigned char next = byte(i + k);
        if ((next & 0xC0) != 0x80) { ++i; return 0xFFFD; }
        cp = (cp << 6) | (next & 0x3F);
    }
    const bool overlong = (length == 2 && cp < 0x80) || (length == 3 && cp < 0x800) ||
                          (length == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) { ++i; return 0xFFFD; }
    i += length;
    return cp;
}

// What each ASCII character folds to: the lower-case letter or the digit, 0 for a break.
constexpr std::array<char, 128> kAscii = [] {
    std::array<char, 128> table{};
    for (char c = '0'; c <= '9'; ++c) table[static_cast<unsigned char>(c)] = c;
    for (char c = 'a'; c <= 'z'; ++c) table[static_cast<unsigned char>(c)] = c;
    for (char c = 'A'; c <= 'Z'; ++c) table[static_cast<unsigned char>(c)] = static_cast<char>(c - 'A' + 'a');
    return table;
}();

// ASCII folding of the Latin letters French (and Alsatian, German) names use, precomposed
// as NFKC leaves them. nullptr: not a letter of the table (a sign, or one of Ŀ ŀ ŉ, whose
// NFKC forms "L·" and "ʼn" hold a break); fold_other() decides.
const char* fold_latin(char32_t cp) {
    static constexpr std::array<const char*, 0x180 - 0xC0> kLatin = {
        // U+00C0..U+00FF
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "y",
        // U+0100..U+017F (Latin Extended-A), pairs of upper/lower case
        "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
        "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
        "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
        "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", nullptr,
        nullptr, "l", "l", "n", "n", "n", "n", "n", "n", nullptr, "n", "n", "o", "o", "o", "o",
        "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
        "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
        "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
    };
    if (cp >= 0xC0 && cp < 0x180) return kLatin[cp - 0xC0];
    return nullptr;
}

// Appends folded pieces to `out`, a single space between words.
class FoldedText {
public:
    explicit FoldedText(std::string& out) : out_(out) {}
    void letter(char c) {
        if (pending_break_ && !out_.empty()) out_.push_back(' ');
        pending_break_ = false;
        out_.push_back(c);
    }
    void letters(std::string_view piece) {
        if (pending_break_ && !out_.empty()) out_.push_back(' ');
        pending_break_ = false;
        out_.append(piece);
    }
    void word_break() { pending_break_ = true; }

private:
    std::string& out_;
    bool pending_break_ = false;
};

// A code point of the table or ASCII (a letter, a digit or a break).
void fold_plain(char32_t cp, FoldedText& out) {
    if (cp < 0x80) {
        if (const char c = kAscii[cp]) out.letter(c);
        else out.word_break();
    } else if (const char* folded = fold_latin(cp)) {
        out.letters(folded);
    } else {
        out.word_break();
    }
}

// Any other code point: its compatibility decomposition, case-folded, without its marks
// (accents) nor default-ignorable code points (soft hyphen, zero-width joiners, variation
// selectors), each part folded by fold_plain(). What NFKC composes, this decomposes again:
// as marks are dropped, the result is the folding of the NFKC form, with no string built.
void fold_other(char32_t cp, FoldedText& out) {
    constexpr auto options = static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                                             UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
    std::array<utf8proc_int32_t, 32> parts;   // the longest decomposition (U+FDFA) has 18
    int unused_boundclass = 0;
    const auto count = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), parts.data(),
                                               static_cast<utf8proc_ssize_t>(parts.size()), options, &unused_boundclass);
    if (count < 0 || static_cast<std::size_t>(count) > parts.size()) {
        out.word_break();
        return;
    }
    for (utf8proc_ssize_t k = 0; k < count; ++k) fold_plain(static_cast<char32_t>(parts[static_cast<std::size_t>(k)]), out);
}

}  // namespace

std::string fold(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    FoldedText folded(out);
    for (std::size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        if (lead < 0x80) {   // most of the text: no decoding
            if (const char c = kAscii[lead]) folded.letter(c);
            else folded.word_break();
            ++i;
            continue;
        }
        const char32_t cp = decode(utf8, i);
        if (const char* latin = fold_latin(cp)) folded.letters(latin);
        else fold_other(cp, folded);
    }
    return out;
}

std::vector<std::string> words(std::string_view utf8) {
    std::vector<std::string> result;
    const std::string folded = fold(utf8);
    std::size_t start = 0;
    while (start < folded.size()) {
        std::size_t end = folded.find(' ', start);
        if (end == std::string::npos) end = folded.size();
        result.emplace_back(folded.substr(start, end - start));
        start = end + 1;
    }
    return result;
}

bool is_valid_utf8(std::string_view bytes) {
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t before = i;
        const char32_t cp = decode(bytes, i);
        if (cp == 0xFFFD && !(i - before == 3 && bytes.substr(before, 3) == "\xEF\xBF\xBD")) {
            return false;
        }
    }
    return true;
}

std::string windows1252_to_utf8(std::string_view bytes) {
    // Code points of 0x80..0x9F in Windows-1252; 0 marks the five undefined bytes.
    static constexpr std::array<char16_t, 32> kHigh = {
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    };
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        char32_t cp = byte;
        if (byte >= 0x80 && byte < 0xA0) cp = kHigh[byte - 0x80] ? kHigh[byte - 0x80] : 0xFFFD;
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }
    return out;
}

}  // namespace annuaire::text
