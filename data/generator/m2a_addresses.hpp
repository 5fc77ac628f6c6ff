// The m2A sample's addresses: each located site gets a BAN address of its commune, and the
// noise geocoders meet in real extracts (CEDEX, typos, abbreviations, missing numbers, ...)
// is spread over them in measured shares.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ban_m2a.hpp"
#include "m2a_plan.hpp"
#include "reference.hpp"
#include "rng.hpp"
#include "rpps.hpp"

namespace gen::m2a {

struct NoiseReport {
    std::map<std::string, int> sites, lines;
    void count(const std::string& kind, const Site& s) {
        ++sites[kind];
        lines[kind] += s.lines;
    }
};

// Gives every located site an address and a writing style; returns what noise went where.
NoiseReport assign_addresses(std::vector<Site>& sites, const BanData& ban, const Reference& ref, Rng& rng);
// The address of a site as the extract writes it, before its style is applied.
rpps::PlainAddress plain_address(const Site& s, const BanData& ban);

}  // namespace gen::m2a
