// Addresses and their noise for the m2A sample (m2a_addresses.hpp).
#include "m2a_addresses.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <stdexcept>

#include "ban_format.hpp"
#include "ban_m2a.hpp"
#include "geo.hpp"
#include "output.hpp"
#include "reference.hpp"
#include "rpps.hpp"
#include "text.hpp"
#include "validate.hpp"
#include "wordlists.hpp"

namespace gen::m2a {

namespace {

// Picks sites from `candidates` in random order until their lines reach `target`
// (line-weighted shares, so one big hospital cannot swamp a noise kind).
std::vector<std::size_t> pick_by_lines(std::vector<std::size_t> candidates, const std::vector<Site>& sites,
                                       double target, Rng& rng) {
    rng.shuffle(candidates);
    std::vector<std::size_t> out;
    int total = 0;
    for (auto i : candidates) {
        if (total >= target) break;
        if (total + sites[i].lines > target * 1.15 + 1) continue;
        out.push_back(i);
        total += sites[i].lines;
    }
    return out;
}

struct AddressPools {
    std::vector<std::size_t> all, abbreviable, mulhouse;
    struct Gap {
        std::size_t street;
        int numero;
        std::size_t neighbour;  // an existing address of the same street and side, for the postcode
    };
    std::vector<Gap> gaps;
};

AddressPools build_pools(const BanData& ban, Rng& rng) {
    AddressPools pools;
    for (std::size_t i = 0; i < ban.addresses.size(); ++i) {
        const auto& s = ban.streets[ban.addresses[i].street];
        pools.all.push_back(i);
        if (text::has_abbreviable_word(text::upper_ascii(s.core))) pools.abbreviable.push_back(i);
        if (s.insee == "68224") pools.mulhouse.push_back(i);
    }
    // Missing numbers: same parity, strictly between two existing numbers of one side.
    std::map<std::size_t, std::map<int, std::size_t>> numbers;  // street -> numero -> address
    for (std::size_t i = 0; i < ban.addresses.size(); ++i) numbers[ban.addresses[i].street].emplace(ban.addresses[i].numero, i);
    for (const auto& [street, nums] : numbers) {
        for (int parity = 0; parity < 2; ++parity) {
            int prev = -1;
            std::size_t prev_addr = 0;
            for (const auto& [n, addr] : nums) {
                if (n % 2 != parity) continue;
                if (prev > 0 && n - prev >= 4) pools.gaps.push_back({street, prev + 2, prev_addr});
                prev = n;
                prev_addr = addr;
            }
        }
    }
    rng.shuffle(pools.all);
    rng.shuffle(pools.abbreviable);
    rng.shuffle(pools.mulhouse);
    rng.shuffle(pools.gaps);
    return pools;
}

}  // namespace

NoiseReport assign_addresses(std::vector<Site>& sites, const BanData& ban, const Reference& ref, Rng& rng) {
    NoiseReport report;
    std::vector<std::size_t> located;
    int located_lines = 0;
    for (std::size_t i = 0; i < sites.size(); ++i)
        if (!sites[i].outside && sites[i].lines > 0) {
            located.push_back(i);
            located_lines += sites[i].lines;
        }

    std::set<std::size_t> cedex, typo, fake, in_label, abbrev;
    {
        std::vector<std::size_t> cand;
        for (auto i : located) {
            auto k = sites[i].kind;
            if (k == SiteKind::Hospital || k == SiteKind::Clinic || k == SiteKind::Ehpad || k == SiteKind::Lab ||
                k == SiteKind::HealthCentre)
                cand.push_back(i);
        }
        for (auto i : pick_by_lines(cand, sites, 0.03 * located_lines, rng)) cedex.insert(i);
    }
    std::vector<std::size_t> rest;
    for (auto i : located)
        if (!cedex.count(i)) rest.push_back(i);
    for (auto i : pick_by_lines(rest, sites, 0.02 * located_lines, rng)) typo.insert(i);
    std::erase_if(rest, [&](std::size_t i) { return typo.count(i) > 0; });
    for (auto i : pick_by_lines(rest, sites, 0.03 * located_lines, rng)) fake.insert(i);
    std::erase_if(rest, [&](std::size_t i) { return fake.count(i) > 0; });
    for (auto i : pick_by_lines(rest, sites, 0.03 * located_lines, rng)) in_label.insert(i);
    for (auto i : pick_by_lines(rest, sites, 0.10 * located_lines, rng)) abbrev.insert(i);
    std::set<std::size_t> with_commune;
    for (auto i : pick_by_lines(located, sites, 0.45 * located_lines, rng)) with_commune.insert(i);

    AddressPools pools = build_pools(ban, rng);
    std::set<std::size_t> used;
    std::set<std::size_t> used_streets_fake;
    auto take = [&](const std::vector<std::size_t>& pool, const std::string& insee, auto&& ok) -> std::size_t {
        for (auto i : pool) {
            if (used.count(i)) continue;
            const auto& st = ban.streets[ban.addresses[i].street];
            if (!insee.empty() && st.insee != insee) continue;
            if (!ok(i)) continue;
            used.insert(i);
            return i;
        }
        throw std::runtime_error("address pool exhausted");
    };
    auto any = [](std::size_t) { return true; };

    for (auto i : located) {
        Site& s = sites[i];
        auto& st = s.style;
        if (abbrev.count(i)) {
            s.address = static_cast<long>(take(pools.abbreviable, s.insee, any));
            st.abbreviate = true;
            report.count("abbreviation (ST, STE, GAL, DR, MAL, PDT, PR…)", s);
        } else if (fake.count(i)) {
            for (const auto& g : pools.gaps) {
                const auto& street = ban.streets[g.street];
                if (!s.insee.empty() && street.insee != s.insee) continue;
                if (used_streets_fake.count(g.street)) continue;
                used_streets_fake.insert(g.street);
                s.address = static_cast<long>(g.neighbour);
                s.fake_numero = g.numero;
                break;
            }
            if (s.address < 0) throw std::runtime_error("no gap left for a missing house number");
            report.count("house number missing from the BAN (between two existing ones)", s);
        } else {
            s.address = static_cast<long>(take(s.insee == "68224" ? pools.mulhouse : pools.all, s.insee, [&](std::size_t a) {
                if (!typo.count(i)) return true;
                // a typo needs a word of 5+ letters in the street name
                return rpps::add_typo(text::upper_ascii(ban.streets[ban.addresses[a].street].core), rng) !=
                       text::upper_ascii(ban.streets[ban.addresses[a].street].core);
            }));
        }
        const auto& addr = ban.addresses[static_cast<std::size_t>(s.address)];
        if (typo.count(i)) {
            st.typo = true;
            report.count("one-letter typo in the street name", s);
        }
        if (in_label.count(i)) {
            st.type_in_label = true;
            report.count("street type left in Libellé Voie (Code type de voie empty)", s);
        }
        if (cedex.count(i)) {
            auto codes = ref.cedex_for(ban.streets[addr.street].insee);
            if (!codes.empty()) {
                const auto& c = codes[rng.index(codes.size())];
                st.cedex_code = c.code;
                st.cedex_label = c.label;
                st.mention = (rng.chance(0.6) ? "CS " : "BP ") + std::to_string(rng.between(10001, 90999));
                report.count("CEDEX (Code postal = CEDEX code, Bureau cedex, Mention distribution)", s);
            }
        }
        if (with_commune.count(i)) {
            st.with_commune = true;
            report.count("Code commune + Libellé commune filled", s);
        }
        if (!addr.rep.empty()) report.count("bis/ter repetition index", s);
        // Only flag what changes the text, so the report counts real differences.
        const std::string& core = ban.streets[addr.street].core;
        st.keep_accents = rng.chance(0.12) && text::upper_ascii(core) != text::upper_accented(core);
        if (st.keep_accents) report.count("accents kept in Libellé Voie", s);
        st.separators_as_spaces = rng.chance(0.08) && core.find_first_of("-'") != std::string::npos;
        if (st.separators_as_spaces) report.count("hyphens/apostrophes written as spaces", s);
        st.long_rep = rng.chance(0.4);
        st.with_country = rng.chance(0.03);
        if (st.complement_geo.empty() && rng.chance(0.07))
            st.complement_geo = std::string(rng.pick(words::building_complements()));
        if (!st.complement_geo.empty()) report.count("Complément point géographique", s);
    }
    report.sites["(located sites in m2A)"] = static_cast<int>(located.size());
    report.lines["(located sites in m2A)"] = located_lines;
    return report;
}

rpps::PlainAddress plain_address(const Site& s, const BanData& ban) {
    if (s.outside) return s.outside_address;
    const auto& a = ban.addresses[static_cast<std::size_t>(s.address)];
    const auto& st = ban.streets[a.street];
    rpps::PlainAddress p;
    p.numero = std::to_string(s.fake_numero > 0 ? s.fake_numero : a.numero);
    p.rep = s.fake_numero > 0 ? "" : a.rep;
    p.type = static_cast<int>(st.type);
    p.core = st.core;
    p.postcode = a.postcode;
    p.insee = st.insee;
    p.commune_name = st.commune_name;
    p.acheminement = a.acheminement;
    return p;
}

}  // namespace gen::m2a
