#include "search/query_parser.hpp"

#include <doctest/doctest.h>

using namespace annuaire::search;

TEST_CASE("converts UTC instants to Paris local time across summer time switches") {
    // 2025-03-30 01:00Z: clocks go from 02:00 to 03:00 in Paris.
    const auto before = paris_local(1743296340);  // 00:59Z -> 01:59 (Sunday)
    CHECK(before.weekday == 7);
    CHECK(before.minute == 1 * 60 + 59);
    const auto after = paris_local(1743296400);  // 01:00Z -> 03:00
    CHECK(after.minute == 3 * 60);
    const auto october = paris_local(1761440400);  // 2025-10-26 01:00Z -> 02:00 winter time
    CHECK(october.minute == 2 * 60);
}

TEST_CASE("parses open_at with and without an offset") {
    CHECK(parse_moment("2025-03-12T10:00").weekday == 3);
    CHECK(parse_moment("2025-03-12T10:00").minute == 600);
    CHECK(parse_moment("2025-03-12T09:00:00Z").minute == 600);
    CHECK(parse_moment("2025-06-11T10:00:00+02:00").minute == 600);
    CHECK_THROWS_AS(parse_moment("2025-13-01T10:00"), QueryError);
    CHECK_THROWS_AS(parse_moment("2025-03-12T10:00+0100"), QueryError);
    CHECK_THROWS_AS(parse_moment("2025-03-12"), QueryError);
}

TEST_CASE("rejects unknown parameters and names the bad one") {
    try {
        parse_search_query({{"profesion", "10"}});
        FAIL("accepted a misspelt parameter");
    } catch (const QueryError& error) {
        CHECK(error.code() == "unknown_parameter");
        CHECK(std::string(error.what()).find("'profesion'") != std::string::npos);
    }
    CHECK_THROWS_AS(parse_search_query({{"bbox", "1,2,3,4,5"}}), QueryError);
    const auto query = parse_search_query({{"profession", "10,70"}, {"near", "47.7,7.3"}});
    CHECK(query.filters.professions.size() == 2);
    CHECK(query.sort == Sort::distance);
    CHECK(query.filters.near->radius_m == 10000);
}
