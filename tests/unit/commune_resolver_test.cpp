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

TEST_CASE("resolves postcodes and CEDEX codes of every département, not only Haut-Rhin") {
    // Real RPPS rows (data/fixtures/rpps): Pontarlier, Bourg-en-Bresse, Belley.
    CHECK(resolver().resolve("", "25304", "25304 PONTARLIER CEDEX", "") == "25462");
    CHECK(resolver().resolve("", "01012", "01012 BOURG EN BRESSE CEDEX", "") == "01053");
    CHECK(resolver().resolve("", "01300", "01300 BELLEY", "") == "01034");
    CHECK(resolver().resolve("", "75015", "75015 PARIS", "") == "75115");
}

TEST_CASE("a CEDEX label names the town and the arrondissement, even when the table does not know the code") {
    // 75340 is in the table; 75399 is not.
    CHECK(resolver().resolve("", "75340", "", "PARIS CEDEX 07") == "75107");
    CHECK(resolver().resolve("", "75399", "", "PARIS CEDEX 07") == "75107");
    CHECK(resolver().resolve("", "75399", "75399 PARIS CEDEX 07", "") == "75107");
    CHECK(resolver().resolve("", "69399", "", "LYON CEDEX 03") == "69383");
    CHECK(resolver().resolve("", "13399", "", "MARSEILLE CEDEX 08") == "13208");
    CHECK(resolver().resolve("", "68099", "", "MULHOUSE CEDEX") == "68224");
    // The town in Libellé commune, the arrondissement in the Bureau cedex.
    CHECK(resolver().resolve("", "75399", "75399 PARIS CEDEX 07", "PARIS") == "75107");
    // Paris without an arrondissement: Paris as a whole.
    CHECK(resolver().resolve("", "75399", "", "PARIS CEDEX") == "75056");
}

TEST_CASE("Paris, Lyon or Marseille as a whole gives way to the arrondissement the address names") {
    CHECK(resolver().resolve("75056", "75007", "75007 PARIS", "PARIS") == "75107");
    CHECK(resolver().resolve("75056", "75340", "", "PARIS CEDEX 07") == "75107");
    CHECK(resolver().resolve("75056", "", "", "") == "75056");
}

TEST_CASE("reads the town, the arrondissement and CEDEX from a town label") {
    const auto label = [](std::string_view text) { return CommuneResolver::parse_town_label(text); };
    CHECK(label("68100 MULHOUSE CEDEX 2").town == "mulhouse");
    CHECK(label("68100 MULHOUSE CEDEX 2").cedex);
    CHECK(label("68100 MULHOUSE CEDEX 2").arrondissement == 0);
    CHECK(label("25300 DOUBS").town == "doubs");
    CHECK_FALSE(label("25300 DOUBS").cedex);
    CHECK(label("PARIS CEDEX 07").arrondissement == 7);
    CHECK(label("Paris 16e Arrondissement").arrondissement == 16);
    CHECK(label("LYON 1ER ARRONDISSEMENT").arrondissement == 1);
    CHECK(label("75007 PARIS 07").arrondissement == 7);
    CHECK(label("MARSEILLE CEDEX 20").arrondissement == 0);  // no 20th arrondissement
    CHECK(label("ST LOUIS CEDEX").town == "saint louis");
    CHECK(label("").empty());
}

TEST_CASE("knows the arrondissements of Paris, Lyon and Marseille") {
    CHECK(CommuneResolver::arrondissement_insee("paris", 16) == "75116");
    CHECK(CommuneResolver::arrondissement_insee("lyon", 9) == "69389");
    CHECK(CommuneResolver::arrondissement_insee("marseille", 16) == "13216");
    CHECK(CommuneResolver::arrondissement_insee("mulhouse", 1).empty());
    CHECK(CommuneResolver::arrondissements_of("75056").size() == 20);
    CHECK(CommuneResolver::arrondissements_of("68224").empty());
    CHECK(CommuneResolver::city_of_arrondissement("69383") == "69123");
    CHECK(CommuneResolver::city_of_arrondissement("75121").empty());
}
