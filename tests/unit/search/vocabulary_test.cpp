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
    CHECK(vocabulary.near_terms("dupomt") == std::vector<std::string>{"dupont"});
    CHECK(vocabulary.has_prefix("dupon"));
    CHECK(!vocabulary.has_prefix("mrtin"));
    CHECK(vocabulary.near_terms("mrtin") == std::vector<std::string>{"martin"});
    CHECK(vocabulary.has_prefix("dupo"));  // a prefix of real terms: as typed
    CHECK(within_one_edit("abc", "abd"));
    CHECK(within_one_edit("abc", "abcd"));
    CHECK(!within_one_edit("abc", "bca"));
}

namespace {

// Every term of the vocabulary checked one by one: what near_terms must answer.
std::vector<std::string> near_terms_by_scan(const std::vector<std::string>& terms, std::string_view word) {
    std::vector<std::string> whole, heads;
    for (const auto& term : terms) {
        if (within_one_edit(word, term)) {
            whole.push_back(term);
        } else if (term.size() > word.size() && within_one_edit(word, std::string_view(term).substr(0, word.size()))) {
            heads.push_back(term.substr(0, word.size()));
        }
    }
    std::sort(heads.begin(), heads.end());
    heads.erase(std::unique(heads.begin(), heads.end()), heads.end());
    const auto whole_terms = whole.size();
    for (auto& head : heads) {
        if (std::find(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(whole_terms), head) == whole.begin() + static_cast<std::ptrdiff_t>(whole_terms)) {
            whole.push_back(std::move(head));
        }
    }
    return whole;
}

}  // namespace

TEST_CASE("finds terms that differ from the word at its first letter") {
    const Vocabulary vocabulary({"amartin", "dartin", "martin", "martinez", "mortin", "tartine"});
    CHECK(vocabulary.near_terms("bartin") == std::vector<std::string>{"dartin", "martin", "tartin"});
    CHECK(vocabulary.near_terms("artin") == std::vector<std::string>{"dartin", "martin"});
    CHECK(vocabulary.near_terms("mmartin") == std::vector<std::string>{"amartin", "martin"});
    CHECK(vocabulary.near_terms("bart") == std::vector<std::string>{"dart", "mart", "tart"});
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
        CHECK(vocabulary.near_terms(word) == near_terms_by_scan(terms, word));
    }
}

TEST_CASE("gives every term within one edit, however many there are") {
    // 26 terms one letter away from "bart" and 26 heads of longer terms: none is left out.
    std::vector<std::string> terms;
    for (char c = 'a'; c <= 'z'; ++c) {
        if (c == 'b') continue;
        terms.push_back(std::string(1, c) + "art");
        terms.push_back(std::string("bar") + c + "ley");
    }
    std::sort(terms.begin(), terms.end());
    const Vocabulary vocabulary(terms);
    const auto near = vocabulary.near_terms("bart");
    CHECK(near.size() == 50);
    CHECK(std::find(near.begin(), near.end(), "zart") != near.end());
    CHECK(std::find(near.begin(), near.end(), "barz") != near.end());
}

TEST_CASE("forgives two adjacent letters swapped, anywhere in the word, like a one-letter typo") {
    const Vocabulary vocabulary({"dupont", "fournier", "fourniret", "martin", "uamrtin"});
    CHECK(within_one_edit("fourneir", "fournier"));
    CHECK(within_one_edit("ofurnier", "fournier"));
    CHECK(within_one_edit("fournire", "fournier"));
    CHECK(!within_one_edit("fuornier", "fournire"));   // two swaps are two edits
    CHECK(!within_one_edit("abc", "cba"));
    CHECK(vocabulary.near_terms("fourneir") == std::vector<std::string>{"fournier"});
    // A swap of the first two letters starts the term with another letter.
    CHECK(vocabulary.near_terms("ofurnier") == std::vector<std::string>{"fournier"});
    CHECK(vocabulary.near_terms("amrtin") == std::vector<std::string>{"martin", "uamrtin"});
    // While typing: the head of a longer term, swapped.
    CHECK(vocabulary.near_terms("fuorn") == std::vector<std::string>{"fourn"});
}
