#include "text/address_normalize.hpp"

#include "text/normalize.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>

namespace annuaire::text {

namespace {

using Pair = std::pair<std::string_view, std::string_view>;

// RPPS / FANTOIR street-type codes, folded. Kept sorted for binary search.
constexpr std::array kTypeCodes = std::to_array<Pair>({
    {"al", "allee"}, {"all", "allee"}, {"av", "avenue"}, {"ave", "avenue"}, {"bd", "boulevard"},
    {"bld", "boulevard"}, {"boul", "boulevard"}, {"bvd", "boulevard"}, {"car", "carrefour"},
    {"ch", "chemin"}, {"che", "chemin"}, {"chem", "chemin"}, {"chs", "chaussee"}, {"cit", "cite"},
    {"cor", "corniche"}, {"crs", "cours"}, {"dom", "domaine"}, {"dsc", "descente"},
    {"esp", "esplanade"}, {"fbg", "faubourg"}, {"fg", "faubourg"}, {"gal", "galerie"},
    {"gr", "grande rue"}, {"ham", "hameau"}, {"imp", "impasse"}, {"ld", "lieu dit"},
    {"lot", "lotissement"}, {"mte", "montee"}, {"pas", "passage"}, {"pass", "passage"},
    {"pl", "place"}, {"plt", "plateau"}, {"pro", "promenade"}, {"prom", "promenade"},
    {"prv", "parvis"}, {"qu", "quai"}, {"qua", "quartier"}, {"r", "rue"}, {"res", "residence"},
    {"rle", "ruelle"}, {"rpt", "rond point"}, {"rte", "route"}, {"sen", "sentier"},
    {"sq", "square"}, {"tra", "traverse"}, {"tsse", "terrasse"}, {"vla", "villa"},
    {"vlge", "village"},
});

// Abbreviations expanded wherever they appear in a street name. Sorted.
constexpr std::array kWordAbbreviations = std::to_array<Pair>({
    {"adj", "adjudant"}, {"anc", "ancien"}, {"av", "avenue"}, {"ave", "avenue"},
    {"bd", "boulevard"}, {"cdt", "commandant"}, {"che", "chemin"}, {"chem", "chemin"},
    {"cmdt", "commandant"}, {"cne", "capitaine"}, {"col", "colonel"}, {"cpt", "capitaine"}, {"crs", "cours"}, {"ctre", "centre"},
    {"doc", "docteur"}, {"dr", "docteur"}, {"fbg", "faubourg"}, {"fg", "faubourg"},
    {"fr", "freres"}, {"gal", "general"}, {"gd", "grand"}, {"gde", "grande"}, {"gen", "general"},
    {"grd", "grande"}, {"imp", "impasse"}, {"lt", "lieutenant"}, {"mal", "marechal"},
    {"mgr", "monseigneur"}, {"mt", "mont"}, {"nd", "notre dame"}, {"pdt", "president"},
    {"pl", "place"}, {"pr", "professeur"}, {"prof", "professeur"}, {"prom", "promenade"},
    {"pt", "petit"}, {"pte", "petite"}, {"res", "residence"}, {"rte", "route"},
    {"sgt", "sergent"}, {"sq", "square"}, {"st", "saint"}, {"ste", "sainte"}, {"sts", "saints"},
    {"vve", "veuve"}, {"vx", "vieux"},
});

constexpr std::array<std::string_view, 13> kStopWords = {
    "a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les",
};

// Folded street-type words (first word of most BAN names). Sorted.
constexpr std::array<std::string_view, 40> kTypeWords = {
    "allee", "avenue", "boulevard", "carrefour", "chaussee", "chemin", "cite", "clos",
    "corniche", "cour", "cours", "descente", "domaine", "esplanade", "galerie", "hameau",
    "impasse", "lotissement", "mail", "montee", "parvis", "passage", "place", "plateau",
    "pont", "port", "promenade", "quai", "residence", "route", "rue", "ruelle", "sente",
    "sentier", "square", "terrasse", "traverse", "villa", "village", "voie",
};

constexpr bool by_key(const Pair& a, const Pair& b) { return a.first < b.first; }
static_assert(std::is_sorted(kTypeCodes.begin(), kTypeCodes.end(), by_key));
static_assert(std::is_sorted(kWordAbbreviations.begin(), kWordAbbreviations.end(), by_key));
static_assert(std::is_sorted(kTypeWords.begin(), kTypeWords.end()));

template <std::size_t N>
std::string_view lookup(const std::array<Pair, N>& table, std::string_view key) {
    const auto it = std::lower_bound(table.begin(), table.end(), key,
                                     [](const Pair& entry, std::string_view k) { return entry.first < k; });
    return it != table.end() && it->first == key ? it->second : std::string_view();
}

bool is_stop_word(std::string_view token) {
    return std::find(kStopWords.begin(), kStopWords.end(), token) != kStopWords.end();
}

void append_split(std::vector<std::string>& out, std::string_view words) {
    std::size_t start = 0;
    while (start < words.size()) {
        std::size_t end = words.find(' ', start);
        if (end == std::string_view::npos) end = words.size();
        out.emplace_back(words.substr(start, end - start));
        start = end + 1;
    }
}

// Expands and filters folded words of a name; `leading_type` lets a first word
// such as "R" or "AV" be read as a street-type code.
std::vector<std::string> expand(std::vector<std::string> folded, bool leading_type, bool keep_stop_words = false) {
    std::vector<std::string> out;
    out.reserve(folded.size() + 1);
    for (std::size_t i = 0; i < folded.size(); ++i) {
        std::string& word = folded[i];
        // "N D" / "N-D" is Notre-Dame.
        if (word == "n" && i + 1 < folded.size() && folded[i + 1] == "d") {
            out.emplace_back("notre");
            out.emplace_back("dame");
            ++i;
            continue;
        }
        std::string_view replacement;
        if (i == 0 && leading_type) replacement = lookup(kTypeCodes, word);
        if (replacement.empty()) replacement = lookup(kWordAbbreviations, word);
        if (!replacement.empty()) {
            append_split(out, replacement);
            continue;
        }
        if (!keep_stop_words && is_stop_word(word)) continue;
        out.push_back(std::move(word));
    }
    return out;
}

bool all_digits(std::string_view word) {
    return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "1er", "2eme", "2e", "3em", "2nd": the floor in "2EME ETAGE".
bool is_ordinal(std::string_view word) {
    std::size_t digits = 0;
    while (digits < word.size() && word[digits] >= '0' && word[digits] <= '9') ++digits;
    if (digits == 0 || digits > 2) return false;
    const std::string_view suffix = word.substr(digits);
    return suffix == "er" || suffix == "ere" || suffix == "e" || suffix == "eme" || suffix == "em" ||
           suffix == "nd" || suffix == "nde";
}

// What names a building, staircase or flat: "A", "12", "B2", "12B", "1er".
bool is_designation(std::string_view word) {
    if (word.empty() || word.size() > 4) return false;
    if (word.size() == 1 || all_digits(word) || is_ordinal(word)) return true;
    const bool letter_then_digits = word[0] >= 'a' && word[0] <= 'z' && all_digits(word.substr(1));
    const bool digits_then_letter = word.back() >= 'a' && word.back() <= 'z' && all_digits(word.substr(0, word.size() - 1));
    return letter_then_digits || digits_then_letter;
}

// "bp123", "cs40012": a postal box glued to its number.
bool is_glued_box(std::string_view word) {
    for (const std::string_view prefix : {"bp", "cs", "tsa"}) {
        if (word.size() > prefix.size() && word.starts_with(prefix) && all_digits(word.substr(prefix.size()))) return true;
    }
    return false;
}

// True when `words` hold more than a street type: a word that is not a stop word after
// a first word that may be the type ("R DU SENTIER" yes, "ALLEE" no).
bool has_name_word(const std::vector<std::string>& words) {
    if (words.empty()) return false;
    const bool type_first = is_street_type_word(words.front()) || !lookup(kTypeCodes, words.front()).empty();
    return std::any_of(words.begin() + (type_first ? 1 : 0), words.end(),
                       [](const std::string& word) { return !is_stop_word(word); });
}

// Words of a street line that begin noise whatever follows them, when they follow the name.
constexpr std::array<std::string_view, 8> kNoiseStarts = {
    "angle", "batiment", "chez", "immeuble", "res", "resid", "residence", "rdc",
};
// Words that begin noise when a designation follows ("BAT A", "ESC 2", "APPT 12").
constexpr std::array<std::string_view, 14> kDesignated = {
    "app", "appart", "appartement", "appt", "apt", "bat", "bloc", "bt", "bureau", "entree", "esc",
    "escalier", "hall", "porte",
};

// How many words of `words` from `i` on are noise; 0 when words[i] begins none.
std::size_t noise_length(const std::vector<std::string>& words, std::size_t i) {
    const std::string& word = words[i];
    // Every marker starts with a digit or one of the letters a b c e h i p r t.
    if (word.empty()) return 0;
    const char first = word.front();
    const bool may_mark = (first >= '0' && first <= '9') || first == 'a' || first == 'b' || first == 'c' ||
                          first == 'e' || first == 'h' || first == 'i' || first == 'p' || first == 'r' || first == 't';
    if (!may_mark) return 0;
    const bool next = i + 1 < words.size();
    const auto in = [&](const auto& list) { return std::find(list.begin(), list.end(), word) != list.end(); };
    if (word == "cedex") return next && all_digits(words[i + 1]) ? 2 : 1;
    if (is_glued_box(word)) return 1;
    if ((word == "bp" || word == "cs" || word == "tsa") && next && all_digits(words[i + 1])) return 2;
    if (is_ordinal(word) && next && (words[i + 1] == "etage" || words[i + 1] == "etg" || words[i + 1] == "et")) return 2;
    if ((word == "etage" || word == "etg") && next && is_designation(words[i + 1])) return 2;
    if (word == "rez" && next && (words[i + 1] == "de" || words[i + 1] == "chaussee")) {
        return i + 2 < words.size() && words[i + 1] == "de" && words[i + 2] == "chaussee" ? 3 : 2;
    }
    if (in(kNoiseStarts)) return 1;
    if (in(kDesignated) && next && is_designation(words[i + 1])) return 2;
    return 0;
}

}  // namespace

std::string clean_street_line(std::string_view line, std::string* removed) {
    return join_tokens(street_line_words(line, removed));
}

std::vector<std::string> street_line_words(std::string_view line, std::string* removed) {
    // Remarks in brackets go first, whatever they say.
    if (std::none_of(line.begin(), line.end(), [](char c) { return c == '(' || c == '['; })) {
        std::vector<std::string> all = words(line);
        // Most lines hold no marker at all: nothing to take out.
        bool marked = false;
        for (std::size_t i = 0; i < all.size() && !marked; ++i) marked = noise_length(all, i) > 0;
        if (!marked) {
            if (removed) removed->clear();
            return all;
        }
    }
    std::string outside, inside;
    int depth = 0;
    for (const char c : line) {
        if (c == '(' || c == '[') {
            ++depth;
            inside.push_back(' ');
        } else if ((c == ')' || c == ']') && depth > 0) {
            --depth;
            outside.push_back(' ');
        } else {
            (depth > 0 ? inside : outside).push_back(c);
        }
    }
    std::vector<std::string> all = words(outside);
    std::vector<std::string> kept;
    std::vector<std::string> dropped = words(inside);
    kept.reserve(all.size());
    for (std::size_t i = 0; i < all.size();) {
        const std::size_t noise = noise_length(all, i);
        // After a stop word, a marker is part of the name ("Rue de la Résidence"); so is
        // one that follows no more than a street type ("Allée Résidence du Parc").
        const bool part_of_name = !kept.empty() && (is_stop_word(kept.back()) || !has_name_word(kept));
        if (noise == 0 || part_of_name) {
            kept.push_back(std::move(all[i]));
            ++i;
        } else if (kept.empty()) {
            // Noise before the name: leave out the marker and its argument only.
            for (std::size_t j = i; j < i + noise; ++j) dropped.push_back(std::move(all[j]));
            i += noise;
        } else {
            // Noise after the name: the rest of the line is not the street.
            for (std::size_t j = i; j < all.size(); ++j) dropped.push_back(std::move(all[j]));
            break;
        }
    }
    if (removed) *removed = join_tokens(dropped);
    return kept;
}

std::string commune_key(std::string_view name) { return commune_key(words(name)); }

std::string commune_key(std::vector<std::string> folded_words) {
    for (auto& word : folded_words) {
        if (word == "st") word = "saint";
        else if (word == "ste") word = "sainte";
        else if (word == "sts") word = "saints";
    }
    return join_tokens(folded_words);
}

std::vector<std::string> street_tokens(std::string_view full_name) {
    return expand(words(full_name), true);
}

std::vector<std::string> street_tokens(std::string_view type_code, std::string_view type_label,
                                       std::string_view name) {
    return street_tokens(type_code, type_label, words(name));
}

std::vector<std::string> street_tokens(std::string_view type_code, std::string_view type_label,
                                       std::vector<std::string> name_words) {
    std::vector<std::string> type;
    if (std::vector<std::string> label = words(type_label); !label.empty()) {
        type = expand(std::move(label), true);
    } else if (const std::string code = fold(type_code); !code.empty()) {
        const std::string_view expanded = lookup(kTypeCodes, code);
        if (expanded.empty()) type.push_back(code);
        else append_split(type, expanded);
    }
    // With the type given apart, a first word "R" or "PL" of the name is not a type code.
    std::vector<std::string> rest = expand(std::move(name_words), type.empty());
    // "R" + "RUE DU SAUVAGE": the type is already there.
    if (!type.empty() && rest.size() >= type.size() && std::equal(type.begin(), type.end(), rest.begin())) {
        return rest;
    }
    type.insert(type.end(), std::make_move_iterator(rest.begin()), std::make_move_iterator(rest.end()));
    return type;
}

std::string street_wording(std::string_view full_name) {
    return street_wording(words(full_name));
}

std::string street_wording(std::vector<std::string> folded_words) {
    std::vector<std::string> expanded = expand(std::move(folded_words), true, true);
    std::size_t type_words = 0;
    if (expanded.size() > 1 && is_street_type_word(expanded.front())) {
        type_words = 1;
    } else if (expanded.size() > 2 && ((expanded[0] == "rond" && expanded[1] == "point") ||
                                       (expanded[0] == "lieu" && expanded[1] == "dit"))) {
        type_words = 2;
    }
    expanded.erase(expanded.begin(), expanded.begin() + static_cast<std::ptrdiff_t>(type_words));
    return join_tokens(expanded);
}

std::string join_tokens(const std::vector<std::string>& tokens) {
    std::size_t size = tokens.size();
    for (const auto& token : tokens) size += token.size();
    std::string out;
    out.reserve(size);
    for (const auto& token : tokens) {
        if (!out.empty()) out.push_back(' ');
        out += token;
    }
    return out;
}

std::string expand_street_type_code(std::string_view code) {
    const std::string folded = fold(code);
    const std::string_view expanded = lookup(kTypeCodes, folded);
    return expanded.empty() ? folded : std::string(expanded);
}

bool is_street_type_word(std::string_view token) {
    return std::binary_search(kTypeWords.begin(), kTypeWords.end(), token);
}

std::string normalize_repetition(std::string_view index) {
    const std::string folded = fold(index);
    if (folded.empty()) return {};
    if (folded == "b" || folded == "bis") return "b";
    if (folded == "t" || folded == "ter") return "t";
    if (folded == "q" || folded == "quater") return "q";
    if (folded == "c" || folded == "quinquies") return "c";
    std::string compact;
    for (const char c : folded) if (c != ' ') compact.push_back(c);
    return compact;
}

HouseNumber parse_house_number(std::string_view number, std::string_view repetition) {
    HouseNumber result;
    std::size_t i = 0;
    while (i < number.size() && number[i] == ' ') ++i;
    const std::size_t digits_start = i;
    long value = 0;
    while (i < number.size() && number[i] >= '0' && number[i] <= '9' && i - digits_start < 6) {
        value = value * 10 + (number[i] - '0');
        ++i;
    }
    if (i == digits_start) return result;
    result.number = static_cast<int>(value);
    // A suffix glued to the number ("12B", "12 BIS"); a range "12-14" keeps the first number.
    std::string_view rest = number.substr(i);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    const bool suffix_is_word = !rest.empty() && ((rest.front() >= 'A' && rest.front() <= 'Z') ||
                                                  (rest.front() >= 'a' && rest.front() <= 'z'));
    if (!fold(repetition).empty()) result.repetition = normalize_repetition(repetition);
    else if (suffix_is_word) result.repetition = normalize_repetition(rest);
    return result;
}

}  // namespace annuaire::text
