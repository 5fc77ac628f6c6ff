#include "text.hpp"

#include <array>
#include <cstdint>
#include <utility>

namespace gen::text {
namespace {

// Maps the second byte of a two-byte sequence starting with 0xC3 (U+00C0..U+00FF)
// to its unaccented upper-case ASCII letters.
std::string_view fold_c3(unsigned char b) {
    static constexpr std::array<std::string_view, 64> kTable = {
        // 0x80..0x8F: À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï
        "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
        // 0x90..0x9F: Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß
        "D", "N", "O", "O", "O", "O", "O", "X", "O", "U", "U", "U", "U", "Y", "TH", "SS",
        // 0xA0..0xAF: à á â ã ä å æ ç è é ê ë ì í î ï
        "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
        // 0xB0..0xBF: ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ
        "D", "N", "O", "O", "O", "O", "O", "/", "O", "U", "U", "U", "U", "Y", "TH", "Y"};
    if (b < 0x80 || b > 0xBF) return "?";
    return kTable[b - 0x80];
}

char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

struct Abbrev {
    std::string_view word, shortform;
};
constexpr std::array kTitleAbbrevs = {
    Abbrev{"SAINT", "ST"}, Abbrev{"SAINTE", "STE"}, Abbrev{"GENERAL", "GAL"}, Abbrev{"DOCTEUR", "DR"},
    Abbrev{"MARECHAL", "MAL"}, Abbrev{"PRESIDENT", "PDT"}, Abbrev{"PROFESSEUR", "PR"},
    Abbrev{"COMMANDANT", "CDT"}, Abbrev{"CAPITAINE", "CAP"}, Abbrev{"COLONEL", "COL"},
};
constexpr std::array kTypeAbbrevs = {
    Abbrev{"RUE", "R"}, Abbrev{"AVENUE", "AV"}, Abbrev{"BOULEVARD", "BD"}, Abbrev{"PLACE", "PL"},
    Abbrev{"IMPASSE", "IMP"}, Abbrev{"ALLEE", "ALL"}, Abbrev{"CHEMIN", "CHE"}, Abbrev{"ROUTE", "RTE"},
    Abbrev{"FAUBOURG", "FG"}, Abbrev{"PASSAGE", "PASS"}, Abbrev{"SQUARE", "SQ"},
};

bool is_separator(char c) { return c == ' ' || c == '-' || c == '\''; }

// Applies `table` to whole words; if only_first, only the first word is considered.
template <class Table>
std::string replace_words(std::string_view s, const Table& table, bool only_first) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    bool first = true;
    while (i < s.size()) {
        if (is_separator(s[i])) {
            out.push_back(s[i++]);
            continue;
        }
        std::size_t j = i;
        while (j < s.size() && !is_separator(s[j])) ++j;
        std::string_view word = s.substr(i, j - i);
        std::string_view replacement = word;
        if (!only_first || first) {
            for (const auto& a : table)
                if (a.word == word) replacement = a.shortform;
        }
        out.append(replacement);
        first = false;
        i = j;
    }
    return out;
}

}  // namespace

std::string upper_ascii(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out.push_back(ascii_upper(static_cast<char>(c)));
        } else if (c == 0xC3 && i + 1 < s.size()) {
            out.append(fold_c3(static_cast<unsigned char>(s[++i])));
        } else if (c == 0xC5 && i + 1 < s.size()) {
            const auto d = static_cast<unsigned char>(s[++i]);
            if (d == 0x92 || d == 0x93) out.append("OE");
            else if (d == 0x9E || d == 0x9F) out.push_back('S');  // Ş ş
            else out.push_back('?');
        } else if (c == 0xC4 && i + 1 < s.size()) {
            const auto d = static_cast<unsigned char>(s[++i]);
            if (d == 0xB0 || d == 0xB1) out.push_back('I');  // İ ı
            else if (d == 0x9E || d == 0x9F) out.push_back('G');  // Ğ ğ
            else out.push_back('?');
        } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   static_cast<unsigned char>(s[i + 2]) == 0x99) {
            out.push_back('\'');  // typographic apostrophe
            i += 2;
        } else {
            out.push_back('?');
        }
    }
    return out;
}

std::string upper_accented(std::string_view s) {
    std::string out(s);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto c = static_cast<unsigned char>(out[i]);
        if (c < 0x80) {
            out[i] = ascii_upper(out[i]);
        } else if (c == 0xC3 && i + 1 < out.size()) {
            auto d = static_cast<unsigned char>(out[i + 1]);
            if (d >= 0xA0 && d <= 0xBE && d != 0xB7) out[i + 1] = static_cast<char>(d - 0x20);
            ++i;
        } else if (c == 0xC5 && i + 1 < out.size()) {
            if (static_cast<unsigned char>(out[i + 1]) == 0x93) out[i + 1] = static_cast<char>(0x92);
            ++i;
        }
    }
    return out;
}

std::string afnor(std::string_view name) {
    std::string s = upper_ascii(name);
    for (char& c : s)
        if (c == '\'' || c == '-') c = ' ';
    // collapse double spaces produced by "L' " etc.
    std::string collapsed;
    for (char c : s)
        if (!(c == ' ' && !collapsed.empty() && collapsed.back() == ' ')) collapsed.push_back(c);
    if (collapsed.size() <= 32) return collapsed;
    std::string shorter = replace_words(collapsed, kTypeAbbrevs, true);
    if (shorter.size() <= 32) return shorter;
    shorter = replace_words(shorter, kTitleAbbrevs, false);
    if (shorter.size() > 32) shorter.resize(32);
    while (!shorter.empty() && shorter.back() == ' ') shorter.pop_back();
    return shorter;
}

std::string abbreviate_titles(std::string_view upper) { return replace_words(upper, kTitleAbbrevs, false); }

bool has_abbreviable_word(std::string_view upper) { return abbreviate_titles(upper) != upper; }

}  // namespace gen::text
