// What the fuzz targets share: the libFuzzer entry point each one defines, the input as
// text, and a check that fails loudly. A failed check aborts, which libFuzzer records as
// a crash (with the input) and which fails the corpus replay test of the normal build.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

// Called once per input; returns 0 (libFuzzer's contract). Defined by each target.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace annuaire::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return size == 0 ? std::string_view() : std::string_view(reinterpret_cast<const char*>(data), size);
}

// A property of the parser under test: when it does not hold, the input is a finding.
inline void require(bool holds, const char* property) {
    if (!holds) {
        std::fprintf(stderr, "fuzz: property violated: %s\n", property);
        std::abort();
    }
}

// Error messages quote what the client sent: they must stay short whatever it sent.
inline constexpr std::size_t kMaxMessageBytes = 1024;

}  // namespace annuaire::fuzz
