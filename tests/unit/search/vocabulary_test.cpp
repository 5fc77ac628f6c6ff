#include "search/vocabulary.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace annuaire::search;

TEST_CASE("widens a word that matches nothing to the terms within one edit") {
    const Vocabulary vocabulary({"dupond", "dupont", "durand", "martin"});
    // The text index widens a word of 4 letters or more that is no prefix of a term.
    CHECK(!vocabulary.has_prefix("dupomt"));
    CHECK(vocabulary.near_terms("dupomt", 16) == std::vector<std::string>{"dupont"});
    CHECK(vocabulary.has_prefix("dupon"));
    CHECK(!vocabulary.has_prefix("mrtin"));
    CHECK(vocabulary.near_terms("mrtin", 16) == std::vector<std::string>{"martin"});
    CHECK(vocabulary.has_prefix("dupo"));  // a prefix of real terms: as typed
    CHECK(within_one_edit("abc", "abd"));
    CHECK(within_one_edit("abc", "abcd"));
    CHECK(!within_one_edit("abc", "bca"));
}

namespace {

// Every term of the vocabulary checked one by one: what near_terms must answer.
std::vector<std::string> near_terms_by_scan(const std::vector<std::string>& terms, std::string_view word, std::size_t limit) {
    std::vector<std::string> whole, prefixed;
    for (const auto& term : terms) {
        if (term.size() + 1 < word.size()) continue;
        if (within_one_edit(word, term)) {
            whole.push_back(term);
        } else if (term.size() > word.size() && prefixed.size() < limit &&
                   within_one_edit(word, std::string_view(term).substr(0, word.size()))) {
            prefixed.push_back(term.substr(0, word.size()));
        }
    }
    std::sort(prefixed.begin(), prefixed.end());
    prefixed.erase(std::unique(prefixed.begin(), prefixed.end()), prefixed.end());
    for (auto& p : prefixed) {
        if (whole.size() >= limit) break;
        if (std::find(whole.begin(), whole.end(), p) == whole.end()) whole.push_back(std::move(p));
    }
    if (whole.size() > limit) whole.resize(limit);
    return whole;
}

}  // namespace

TEST_CASE("finds terms that differ from the word at its first letter") {
    const Vocabulary vocabulary({"amartin", "dartin", "martin", "martinez", "mortin", "tartine"});
    CHECK(vocabulary.near_terms("bartin", 16) == std::vector<std::string>{"dartin", "martin", "tartin"});
    CHECK(vocabulary.near_terms("artin", 16) == std::vector<std::string>{"dartin", "martin"});
    CHECK(vocabulary.near_terms("mmartin", 16) == std::vector<std::string>{"amartin", "martin"});
    CHECK(vocabulary.near_terms("bart", 16) == std::vector<std::string>{"dart", "mart", "tart"});
}

TEST_CASE("near_terms answers what a scan of every term answers") {
    // A small alphabet, so that many terms are within one edit of each other.
    std::vector<std::string> terms;
    unsigned seed = 12345;
    const auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
    for (int i = 0; i < 3000; ++i) {
        std::string term;
        const auto length = 2 + next() % 7;
        for (unsigned k = 0; k < length; ++k) term.push_back(static_cast<char>('a' + next() % 4));
        terms.push_back(term);
    }
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    const Vocabulary vocabulary(terms);
    for (int i = 0; i < 300; ++i) {
        std::string word;
        const auto length = 3 + next() % 6;
        for (unsigned k = 0; k < length; ++k) word.push_back(static_cast<char>('a' + next() % 5));
        INFO(word);
        for (const std::size_t limit : {3u, 16u}) CHECK(vocabulary.near_terms(word, limit) == near_terms_by_scan(terms, word, limit));
    }
}

TEST_CASE("forgives two adjacent letters swapped, anywhere in the word, like a one-letter typo") {
    const Vocabulary vocabulary({"dupont", "fournier", "fourniret", "martin", "uamrtin"});
    CHECK(within_one_edit("fourneir", "fournier"));
    CHECK(within_one_edit("ofurnier", "fournier"));
    CHECK(within_one_edit("fournire", "fournier"));
    CHECK(!within_one_edit("fuornier", "fournire"));   // two swaps are two edits
    CHECK(!within_one_edit("abc", "cba"));
    CHECK(vocabulary.near_terms("fourneir", 16) == std::vector<std::string>{"fournier"});
    // A swap of the first two letters starts the term with another letter.
    CHECK(vocabulary.near_terms("ofurnier", 16) == std::vector<std::string>{"fournier"});
    CHECK(vocabulary.near_terms("amrtin", 16) == std::vector<std::string>{"martin", "uamrtin"});
    // While typing: the head of a longer term, swapped.
    CHECK(vocabulary.near_terms("fuorn", 16) == std::vector<std::string>{"fourn"});
}
