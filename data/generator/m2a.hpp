// `annuaire-generate m2a`: BAN addresses and an RPPS extract for the m2A territory.
#pragma once

#include <cstdint>
#include <string>

namespace gen {

struct M2aOptions {
    std::uint64_t seed = 42;
    std::string reference_dir;
    std::string out_extract;
    std::string out_ban;
    std::string out_truth;  // optional per-line ground truth (TSV) for geocoder tests
    int people = 1600;
    void validate() const;  // throws std::invalid_argument naming the missing option
};

// Generates both files and checks them; throws on any failed check.
void run_m2a(const M2aOptions& options);

}  // namespace gen
