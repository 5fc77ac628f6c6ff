#include "search/fts_query.hpp"

#include <doctest/doctest.h>

using namespace annuaire::search;

TEST_CASE("quotes every folded word and matches it as a prefix") {
    CHECK(build_match_expression("Kiné  Mulhouse", nullptr) == "\"kine\"* AND \"mulhouse\"*");
    CHECK(build_match_expression("'; DROP TABLE x; --", nullptr) == "\"drop\"* AND \"table\"* AND \"x\"*");
    CHECK(build_match_expression("\"\" * ( ) :", nullptr).empty());
    CHECK(build_column_match_expression("name", "du pont") == "name : (\"du\"* AND \"pont\"*)");
}

TEST_CASE("widens a word that matches nothing to the terms within one edit") {
    const Vocabulary vocabulary({"dupond", "dupont", "durand", "martin"});
    CHECK(build_match_expression("dupomt", &vocabulary) == "(\"dupont\"*)");
    CHECK(build_match_expression("dupon", &vocabulary) == "\"dupon\"*");
    CHECK(build_match_expression("mrtin", &vocabulary) == "(\"martin\"*)");
    CHECK(build_match_expression("dupo", &vocabulary) == "\"dupo\"*");  // a prefix of real terms: as typed
    CHECK(within_one_edit("abc", "abd"));
    CHECK(within_one_edit("abc", "abcd"));
    CHECK(!within_one_edit("abc", "bca"));
}
