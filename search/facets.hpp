// Facets of a search: how many matches each value of a facet would show. Counted over the
// matches of every other filter (disjunctive facets), per profession once per index for
// texts that name a whole profession, and written as the answer's "facets" object.
#pragma once

#include "owner/owner_fields.hpp"
#include "search/declared_columns.hpp"
#include "search/matcher.hpp"
#include "search/practice_index.hpp"
#include "util/json_writer.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace annuaire::search {

// The counts of every facet over a set of practices.
struct FacetCounts {
    explicit FacetCounts(const PracticeIndex& ix)
        : profession(ix.professions.codes.size()), specialty(ix.specialties.codes.size()),
          commune(ix.communes.codes.size()) {}
    std::vector<std::uint32_t> profession, specialty, commune;
    std::array<std::uint32_t, 5> modes{};   // by owner::kExerciseModes, then none given
    DeclaredCounts declared;

    void add(const PracticeIndex& ix, const DeclaredColumns& d, std::uint32_t pos) {
        add_directory(ix, pos);
        declared.count(d.owner(pos), d.publics(pos), d.acts(pos), 1);
    }
    // The facets that do not depend on what owners declare.
    void add_directory(const PracticeIndex& ix, std::uint32_t pos) {
        ++profession[ix.profession[pos]];
        ++commune[ix.commune[pos]];
        for (auto i = ix.specialty_offset[pos]; i < ix.specialty_offset[pos + 1]; ++i) ++specialty[ix.specialty[i]];
        add_modes(ix, pos);
    }
    // Counts pos in one facet only: a practice that fails that facet's filter alone.
    void add_to(const PracticeIndex& ix, const DeclaredColumns& d, std::uint32_t pos, unsigned group) {
        const auto count_bits = [](auto& counts, std::uint32_t bits) {
            for (; bits; bits &= bits - 1) ++counts[static_cast<std::size_t>(__builtin_ctz(bits))];
        };
        switch (group) {
            case kGroupProfession: ++profession[ix.profession[pos]]; break;
            case kGroupCommune: ++commune[ix.commune[pos]]; break;
            case kGroupSpecialty:
                for (auto i = ix.specialty_offset[pos]; i < ix.specialty_offset[pos + 1]; ++i) ++specialty[ix.specialty[i]];
                break;
            case kGroupMode: add_modes(ix, pos); break;
            case kGroupConventionnement: ++declared.conventionnement[static_cast<std::size_t>(d.conventionnement_of(pos))]; break;
            case kGroupPublic: count_bits(declared.publics, d.publics(pos)); break;
            case kGroupAct: count_bits(declared.acts, d.acts(pos)); break;
            default: {
                const unsigned field = group - kGroupBoolean;
                ++declared.booleans[field][(d.owner(pos) >> (2 * field)) & 3];
            }
        }
    }
    void add_modes(const PracticeIndex& ix, std::uint32_t pos) {
        const auto bits = ix.modes_of(pos);
        if (!bits) ++modes[owner::kExerciseModes.size()];
        for (auto b = bits; b; b &= b - 1) ++modes[static_cast<std::size_t>(__builtin_ctz(b))];
    }
    void add(const FacetCounts& other) {
        const auto add_all = [](auto& into, const auto& from) {
            for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
        };
        add_all(profession, other.profession);
        add_all(specialty, other.specialty);
        add_all(commune, other.commune);
        add_all(modes, other.modes);
        declared.add(other.declared);
    }
};

// The directory facets of every practice of each profession, counted once per index: a
// text that names a profession ("médecin") matches all of its practices, and its facets
// are then these counts (with the declared ones the DeclaredColumns keep per profession)
// plus those of the few other matches, not a pass over 400,000 practices.
std::vector<FacetCounts> facets_by_profession(const PracticeIndex& ix);

// The "facets" object: each facet a list of {code, count, label}, most frequent first for
// the dictionaries, in list order for the declared fields.
void write_facets(util::JsonWriter& out, const PracticeIndex& ix, const FacetCounts& c);

// Collects every match of the filters, with facets when asked: each facet counted over
// the matches of every other filter (disjunctive facets).
std::vector<Hit> collect_hits(const Matcher& matcher, const PracticeIndex& ix, const DeclaredColumns& declared,
                              FacetCounts* facets);

}  // namespace annuaire::search
