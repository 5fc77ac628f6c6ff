#include "search/facets.hpp"

#include <algorithm>
#include <string_view>

namespace annuaire::search {

using owner::CodeLabel;
using owner::kActs;
using owner::kBooleanFields;
using owner::kConventionnement;
using owner::kExerciseModes;
using owner::kPublics;

std::vector<FacetCounts> facets_by_profession(const PracticeIndex& ix) {
    std::vector<FacetCounts> counts(ix.professions.codes.size(), FacetCounts(ix));
    for (std::uint32_t pos = 0; pos < ix.size(); ++pos) counts[ix.profession[pos]].add_directory(ix, pos);
    return counts;
}

namespace {

void write_entry(util::JsonWriter& out, std::string_view code, std::string_view label, std::uint32_t count) {
    out.begin_object();
    out.key("code").value(code);
    out.key("count").value(count);
    out.key("label").value(label);
    out.end_object();
}

void write_dictionary_facet(util::JsonWriter& out, const Dictionary& dictionary, const std::vector<std::uint32_t>& counts,
                            std::size_t limit) {
    std::vector<std::uint32_t> order;
    for (std::uint32_t i = 0; i < counts.size(); ++i) {
        if (counts[i]) order.push_back(i);
    }
    const auto before = [&](std::uint32_t a, std::uint32_t b) {
        return counts[a] != counts[b] ? counts[a] > counts[b] : dictionary.code_rank[a] < dictionary.code_rank[b];
    };
    // Only the first `limit` are shown: no need to sort thousands of communes.
    const auto shown = std::min(limit, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown), order.end(), before);
    out.begin_array();
    for (std::size_t k = 0; k < shown; ++k) {
        const auto i = order[k];
        if (dictionary.codes[i].empty()) {
            write_entry(out, "unknown", "Non renseigné", counts[i]);
        } else {
            write_entry(out, dictionary.codes[i], dictionary.labels[i], counts[i]);
        }
    }
    out.end_array();
}

template <std::size_t N, std::size_t M>
void write_list_facet(util::JsonWriter& out, const std::array<CodeLabel, N>& list, const std::array<std::uint32_t, M>& counts) {
    out.begin_array();
    for (std::size_t i = 0; i < N; ++i) {
        if (counts[i]) write_entry(out, list[i].code, list[i].label, counts[i]);
    }
    out.end_array();
}

}  // namespace

void write_facets(util::JsonWriter& out, const PracticeIndex& ix, const FacetCounts& c) {
    enum class Kind { profession, specialty, commune, boolean, conventionnement, publics, acts, modes };
    struct Facet {
        std::string_view name;
        Kind kind;
        std::size_t field = 0;   // boolean field number
    };
    // In key order, as the other answers (nlohmann::json objects) write them.
    static const std::vector<Facet> facets = [] {
        std::vector<Facet> list = {{"profession", Kind::profession}, {"specialty", Kind::specialty},
                                   {"commune", Kind::commune},       {"conventionnement", Kind::conventionnement},
                                   {"public", Kind::publics},        {"act", Kind::acts},
                                   {"mode", Kind::modes}};
        for (std::size_t i = 0; i < kBooleanFields.size(); ++i) list.push_back({kBooleanFields[i].code, Kind::boolean, i});
        std::sort(list.begin(), list.end(), [](const Facet& a, const Facet& b) { return a.name < b.name; });
        return list;
    }();
    out.begin_object();
    for (const auto& facet : facets) {
        out.key(facet.name);
        switch (facet.kind) {
            case Kind::profession: write_dictionary_facet(out, ix.professions, c.profession, 200); break;
            case Kind::specialty: write_dictionary_facet(out, ix.specialties, c.specialty, 100); break;
            case Kind::commune: write_dictionary_facet(out, ix.communes, c.commune, 200); break;
            case Kind::boolean: {
                const auto& counts = c.declared.booleans[facet.field];
                out.begin_array();
                if (counts[2]) write_entry(out, "true", "Oui", counts[2]);
                if (counts[1]) write_entry(out, "false", "Non", counts[1]);
                if (counts[0]) write_entry(out, "unknown", "Non renseigné", counts[0]);
                out.end_array();
                break;
            }
            case Kind::conventionnement:
                out.begin_array();
                for (std::size_t i = 0; i < kConventionnement.size(); ++i) {
                    if (c.declared.conventionnement[i + 1]) {
                        write_entry(out, kConventionnement[i].code, kConventionnement[i].label, c.declared.conventionnement[i + 1]);
                    }
                }
                if (c.declared.conventionnement[0]) write_entry(out, "unknown", "Non renseigné", c.declared.conventionnement[0]);
                out.end_array();
                break;
            case Kind::modes:
                out.begin_array();
                for (std::size_t i = 0; i < kExerciseModes.size(); ++i) {
                    if (c.modes[i]) write_entry(out, kExerciseModes[i].code, kExerciseModes[i].label, c.modes[i]);
                }
                if (c.modes[kExerciseModes.size()]) write_entry(out, "unknown", "Non renseigné", c.modes[kExerciseModes.size()]);
                out.end_array();
                break;
            case Kind::publics: write_list_facet(out, kPublics, c.declared.publics); break;
            case Kind::acts: write_list_facet(out, kActs, c.declared.acts); break;
        }
    }
    out.end_object();
}

std::vector<Hit> collect_hits(const Matcher& matcher, const PracticeIndex& ix, const DeclaredColumns& declared,
                              FacetCounts* facets) {
    std::vector<Hit> hits;
    if (facets && matcher.has_facet_filters()) {
        matcher.for_each_with_near_misses(
            [&](const Hit& hit) {
                hits.push_back(hit);
                facets->add(ix, declared, hit.pos);
            },
            [&](std::uint32_t pos, unsigned group) { facets->add_to(ix, declared, pos, group); });
        return hits;
    }
    matcher.for_each([&](const Hit& hit) {
        hits.push_back(hit);
        if (facets) facets->add(ix, declared, hit.pos);
    });
    return hits;
}

}  // namespace annuaire::search
