#include "util/sha256.hpp"

#include <doctest/doctest.h>

#include <string>

TEST_CASE("sha256 matches the FIPS 180-4 test vectors") {
    annuaire::util::Sha256 empty;
    CHECK(empty.hex_digest() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    annuaire::util::Sha256 abc;
    abc.update("abc");
    CHECK(abc.hex_digest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256 gives the same digest however the input is chunked") {
    const std::string text(1000, 'a');
    annuaire::util::Sha256 whole;
    whole.update(text);
    annuaire::util::Sha256 pieces;
    for (std::size_t i = 0; i < text.size(); i += 7) pieces.update(std::string_view(text).substr(i, 7));
    CHECK(whole.hex_digest() == pieces.hex_digest());
}
