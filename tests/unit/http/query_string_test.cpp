// Percent-decoding and query strings: decoded once, strictly.
#include "http/http_error.hpp"
#include "http/query_string.hpp"

#include <doctest/doctest.h>

using annuaire::http::HttpError;
using annuaire::http::parse_query_string;
using annuaire::http::percent_decode;

TEST_CASE("percent-decoding: escapes, '+' in queries only, bad escapes refused") {
    CHECK(percent_decode("kin%C3%A9+mulhouse", true, "q") == "kin\xC3\xA9 mulhouse");
    CHECK(percent_decode("a+b%2Bc", false, "path") == "a+b+c");
    CHECK(percent_decode("%00", false, "path") == std::string(1, '\0'));
    CHECK_THROWS_AS(percent_decode("50%", true, "q"), HttpError);
    CHECK_THROWS_AS(percent_decode("%zz", true, "q"), HttpError);
    CHECK_THROWS_AS(percent_decode("%4", true, "q"), HttpError);
    try {
        percent_decode("%G1", true, "parameter 'q'");
        FAIL("no error");
    } catch (const HttpError& error) {
        CHECK(error.status() == 400);
        CHECK(std::string(error.what()).find("parameter 'q'") == 0);
    }
}

TEST_CASE("query strings: names and values decoded, empty pieces skipped") {
    const auto params = parse_query_string("q=kine+mulhouse&&profession=10%2C70&facets&");
    CHECK(params.size() == 3);
    CHECK(params.at("q") == "kine mulhouse");
    CHECK(params.at("profession") == "10,70");
    CHECK(params.at("facets").empty());
    CHECK(parse_query_string("").empty());
}

TEST_CASE("a parameter given twice is refused, naming it") {
    try {
        parse_query_string("profession=10&profession=70");
        FAIL("no error");
    } catch (const HttpError& error) {
        CHECK(error.status() == 400);
        CHECK(error.code() == "invalid_parameter");
        CHECK(std::string(error.what()).find("'profession'") != std::string::npos);
    }
    CHECK_THROWS_AS(parse_query_string("a=1&%61=2"), HttpError);
    CHECK_THROWS_AS(parse_query_string("=value"), HttpError);
}
