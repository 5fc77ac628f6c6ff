// Fast non-cryptographic 64-bit hashing of field sequences, used to detect
// changed rows between imports. Not stable across versions of this file:
// a change here makes the next import update every row once.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace annuaire::util {

class FieldHasher {
public:
    // Adds one field; the length is mixed in so that ("ab","c") != ("a","bc").
    FieldHasher& add(std::string_view field) {
        mix(0x9E3779B97F4A7C15ULL ^ field.size());
        std::size_t i = 0;
        for (; i + 8 <= field.size(); i += 8) {
            std::uint64_t word;
            std::memcpy(&word, field.data() + i, 8);
            mix(word);
        }
        if (i < field.size()) {
            std::uint64_t word = 0;
            std::memcpy(&word, field.data() + i, field.size() - i);
            mix(word);
        }
        return *this;
    }

    // Never 0, never negative once stored in SQLite's signed INTEGER.
    std::int64_t value() const {
        std::uint64_t h = state_;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDULL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53ULL;
        h ^= h >> 33;
        return static_cast<std::int64_t>(h >> 1) | 1;
    }

private:
    void mix(std::uint64_t word) {
        state_ ^= word * 0x87C37B91114253D5ULL;
        state_ = (state_ << 31) | (state_ >> 33);
        state_ *= 0x4CF5AD432745937FULL;
    }
    std::uint64_t state_ = 0x243F6A8885A308D3ULL;
};

}  // namespace annuaire::util
