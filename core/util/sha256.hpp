// SHA-256 (FIPS 180-4), used to fingerprint each imported extract.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace annuaire::util {

class Sha256 {
public:
    // Uses the CPU's SHA instructions when it has them (x86-64 SHA-NI), unless told not to.
    explicit Sha256(bool allow_sha_instructions = true);
    void update(std::string_view bytes);
    // Returns the lower-case hex digest; the object must not be updated afterwards.
    std::string hex_digest();
    bool uses_sha_instructions() const { return sha_instructions_; }

private:
    void compress(const unsigned char* blocks, std::size_t count);
    std::array<std::uint32_t, 8> state_;
    std::array<unsigned char, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t total_bytes_ = 0;
    bool sha_instructions_ = false;
};

}  // namespace annuaire::util
