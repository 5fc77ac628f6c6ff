#include "text/normalize.hpp"

#include <doctest/doctest.h>

using annuaire::text::fold;

TEST_CASE("fold lower-cases and strips French diacritics") {
    CHECK(fold("Masseur-Kinésithérapeute") == "masseur kinesitherapeute");
    CHECK(fold("ÉCOLE Ça Où Noël Œuvre Straße") == "ecole ca ou noel oeuvre strasse");
    CHECK(fold("MEDDAH-LAÏD") == "meddah laid");
}

TEST_CASE("fold turns punctuation and apostrophes into single spaces") {
    CHECK(fold("  l'Île--d'Yeu  ") == "l ile d yeu");
    CHECK(fold("12, rue du Sauvage") == "12 rue du sauvage");
    CHECK(fold("") == "");
    CHECK(fold("---") == "");
}

TEST_CASE("words splits the folded text") {
    const auto w = annuaire::text::words("Saint-Louis (68300)");
    REQUIRE(w.size() == 3);
    CHECK(w[0] == "saint");
    CHECK(w[2] == "68300");
}

TEST_CASE("is_valid_utf8 rejects Latin-1 bytes and overlong forms") {
    CHECK(annuaire::text::is_valid_utf8("Médecin"));
    CHECK_FALSE(annuaire::text::is_valid_utf8("M\xE9" "decin"));
    CHECK_FALSE(annuaire::text::is_valid_utf8("\xC0\xAF"));
    CHECK_FALSE(annuaire::text::is_valid_utf8("\xED\xA0\x80"));
    CHECK(annuaire::text::is_valid_utf8("\xEF\xBF\xBD"));
}

TEST_CASE("windows1252_to_utf8 converts accented letters and the euro sign") {
    CHECK(annuaire::text::windows1252_to_utf8("M\xE9" "decin") == "Médecin");
    CHECK(annuaire::text::windows1252_to_utf8("\x80 \x9C") == "€ œ");
}
