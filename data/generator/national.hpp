// `annuaire-generate national`: a France-wide extract for benchmarks, streamed
// in constant memory.
#pragma once

#include <cstdint>
#include <string>

namespace gen {

struct NationalOptions {
    std::uint64_t seed = 7;
    long lines = 2300000;
    std::string reference_dir;  // for code labels and the header
    std::string out_extract;
    std::string out_ban;  // optional
    bool zip = false;     // write out_extract inside a .zip (GDAL /vsizip/)
    bool check = true;    // read the extract back and check every line
    void validate() const;
};

void run_national(const NationalOptions& options);

}  // namespace gen
