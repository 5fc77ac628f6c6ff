#include "reference/commune_resolver.hpp"

#include <doctest/doctest.h>

using annuaire::reference::CommuneResolver;

namespace {

const CommuneResolver& resolver() {
    static const CommuneResolver instance(annuaire::reference::load_reference_data(ANNUAIRE_SOURCE_DIR "/data"));
    return instance;
}

}  // namespace

TEST_CASE("uses the INSEE code when the extract gives one") {
    CHECK(resolver().resolve("68224", "68100", "68100 MULHOUSE", "Mulhouse") == "68224");
}

TEST_CASE("maps a delegated former commune to the new commune") {
    CHECK(resolver().resolve("68070", "", "", "") == "68056");
}

TEST_CASE("resolves a postcode served by a single commune") {
    CHECK(resolver().resolve("", "68100", "68100 MULHOUSE", "") == "68224");
}

TEST_CASE("resolves a shared postcode with the town of the Bureau cedex") {
    // 68390 serves Baldersheim, Battenheim and Sausheim.
    CHECK(resolver().resolve("", "68390", "68390 SAUSHEIM", "") == "68300");
    CHECK(resolver().resolve("", "68390", "", "Battenheim") == "68022");
    CHECK(resolver().resolve("", "68390", "68390", "").empty());
}

TEST_CASE("resolves a CEDEX code to its commune") {
    CHECK(resolver().resolve("", "68070", "68070 MULHOUSE CEDEX", "") == "68224");
}

TEST_CASE("returns nothing for an unknown postcode without a commune code") {
    CHECK(resolver().resolve("", "99999", "99999 NOWHERE", "").empty());
}

TEST_CASE("extracts the town from a Bureau cedex value") {
    CHECK(CommuneResolver::town_of_cedex_office("68100 MULHOUSE CEDEX 2") == "mulhouse");
    CHECK(CommuneResolver::town_of_cedex_office("25300 DOUBS") == "doubs");
}
