// Passwords and tokens, with libsodium: passwords hashed with argon2id, random tokens for
// cookies and mailed links (only their SHA-256 is stored), comparisons in constant time.
#pragma once

#include <string>
#include <string_view>

namespace annuaire::owner {

// Password rules: 12 to 200 characters (a passphrase is welcome), valid UTF-8, no control
// character. Throws ValueError (owner/declared_values.hpp) saying which rule it breaks.
void check_password_rules(std::string_view password);

// argon2id (crypto_pwhash_str, libsodium's "interactive" cost: 64 MiB, about 0.1 s), salted.
std::string hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);
// Spends the time of a verification, for a login whose account does not exist: both take as long.
void waste_a_verification(std::string_view password);

// 32 random bytes, base64url without padding (43 characters).
std::string random_token();
// The hex SHA-256 a token is stored as.
std::string token_hash(std::string_view token);
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace annuaire::owner
