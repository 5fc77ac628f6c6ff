#include "owner/secrets.hpp"

#include "owner/declared_values.hpp"
#include "util/sha256.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>

namespace annuaire::owner {

namespace {

constexpr std::size_t kMinPasswordCharacters = 12;
constexpr std::size_t kMaxPasswordCharacters = 200;

void init_sodium() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
    });
}

}  // namespace

void check_password_rules(std::string_view password) {
    if (first_invalid_utf8(password) != std::string_view::npos) throw ValueError("not valid UTF-8");
    std::size_t characters = 0;
    for (const unsigned char c : password) {
        if ((c & 0xC0) != 0x80) ++characters;
        if (c < 0x20 || c == 0x7F) throw ValueError("contains a control character");
    }
    if (characters < kMinPasswordCharacters) {
        throw ValueError(std::to_string(characters) + " characters, fewer than the " + std::to_string(kMinPasswordCharacters) +
                         " a password needs");
    }
    if (characters > kMaxPasswordCharacters) {
        throw ValueError(std::to_string(characters) + " characters, more than the " + std::to_string(kMaxPasswordCharacters) +
                         " allowed");
    }
}

std::string hash_password(std::string_view password) {
    init_sodium();
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        throw std::runtime_error("out of memory while hashing a password");
    }
    return hash;
}

bool verify_password(const std::string& hash, std::string_view password) {
    init_sodium();
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void waste_a_verification(std::string_view password) {
    static const std::string dummy = hash_password("not the password of any account");
    verify_password(dummy, password);
}

std::string random_token() {
    init_sodium();
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return text;
}

std::string token_hash(std::string_view token) {
    util::Sha256 sha;
    sha.update(token);
    return sha.hex_digest();
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace annuaire::owner
