#include "util/integer_map.hpp"

#include <doctest/doctest.h>

#include <map>
#include <random>
#include <stdexcept>

using annuaire::util::IntegerMap;

TEST_CASE("integer map keeps every entry through growth, as std::map does") {
    IntegerMap<std::int64_t, int> map;
    std::map<std::int64_t, int> expected;
    std::mt19937_64 random(42);
    for (int i = 0; i < 200000; ++i) {
        // Colliding low bits and negative keys, as packed ids and hashes give.
        const std::int64_t key = i % 3 == 0 ? static_cast<std::int64_t>(random() | 1) : (i + 1) * 1024;
        map[key] += i;
        expected[key] += i;
    }
    CHECK(map.size() == expected.size());
    for (const auto& [key, value] : expected) {
        const int* found = map.find(key);
        REQUIRE(found != nullptr);
        CHECK(*found == value);
    }
    std::size_t visited = 0;
    for (const auto& [key, value] : map) {
        ++visited;
        CHECK(expected.at(key) == value);
    }
    CHECK(visited == expected.size());
    CHECK(map.find(7) == nullptr);
}

TEST_CASE("integer map: reserve keeps references valid, zero is refused, an empty map finds nothing") {
    IntegerMap<std::uint64_t, int> map;
    CHECK(map.empty());
    CHECK(map.find(5) == nullptr);
    CHECK_THROWS_AS(map[0], std::invalid_argument);
    map.reserve(1000);
    int& first = map[1];
    first = 10;
    for (std::uint64_t key = 2; key <= 1000; ++key) map[key] = static_cast<int>(key);
    CHECK(&first == map.find(1));
    CHECK(first == 10);
    CHECK(map.size() == 1000);
}
