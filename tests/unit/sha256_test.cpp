#include "util/sha256.hpp"

#include <doctest/doctest.h>

#include <algorithm>
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

TEST_CASE("sha256 with the CPU's SHA instructions gives the portable digest for every length and chunking") {
    std::string text;
    std::uint32_t seed = 12345;
    for (int i = 0; i < 4096; ++i) {
        seed = seed * 1103515245u + 12345u;
        text.push_back(static_cast<char>(seed >> 16));
    }
    INFO("SHA instructions used on this CPU: " << annuaire::util::Sha256().uses_sha_instructions());
    for (std::size_t length : {0, 1, 55, 56, 63, 64, 65, 119, 128, 1000, 4096}) {
        for (std::size_t chunk : {1, 13, 64, 200, 5000}) {
            annuaire::util::Sha256 fast;
            annuaire::util::Sha256 portable(false);
            CHECK_FALSE(portable.uses_sha_instructions());
            for (std::size_t i = 0; i < length; i += chunk) {
                const auto piece = std::string_view(text).substr(i, std::min(chunk, length - i));
                fast.update(piece);
                portable.update(piece);
            }
            CHECK(fast.hex_digest() == portable.hex_digest());
        }
    }
    annuaire::util::Sha256 million;
    const std::string block(1000, 'a');
    for (int i = 0; i < 1000; ++i) million.update(block);
    // FIPS 180-4 example: one million 'a'.
    CHECK(million.hex_digest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
