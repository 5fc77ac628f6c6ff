#include "search/ordering.hpp"

#include "projection.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>

namespace annuaire::search {

void order_hits(std::vector<Hit>& hits, Sort sort, std::size_t needed, const PracticeIndex& ix,
                const std::optional<Near>& near) {
    needed = std::min(needed, hits.size());
    if (needed == 0) return;
    const auto by_name = [&](const Hit& a, const Hit& b) { return ix.name_rank[a.pos] < ix.name_rank[b.pos]; };
    if (sort == Sort::name) {
        std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(needed), hits.end(), by_name);
    } else if (sort == Sort::relevance) {
        std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(needed), hits.end(),
                          [&](const Hit& a, const Hit& b) { return a.rank != b.rank ? a.rank < b.rank : by_name(a, b); });
    } else {
        // Order by the approximate distance, then make the head exact: every hit that could
        // belong to the first `needed` gets its geodesic distance and is sorted again.
        const auto by_distance = [&](const Hit& a, const Hit& b) {
            return a.distance != b.distance ? a.distance < b.distance : by_name(a, b);
        };
        std::nth_element(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(needed - 1), hits.end(), by_distance);
        const double cutoff = hits[needed - 1].distance * 1.006 + 1.0;
        const auto head_end = std::partition(hits.begin(), hits.end(), [&](const Hit& h) { return h.distance <= cutoff; });
        for (auto it = hits.begin(); it != head_end; ++it) {
            it->distance = geo::geodesic_distance_m({near->lon, near->lat}, {ix.lon[it->pos], ix.lat[it->pos]});
        }
        std::sort(hits.begin(), head_end, by_distance);
    }
}

namespace {

// A key that orders floats as `<` does (no NaN; -0 as +0), in the high bits of a 64-bit key.
std::uint64_t ordered_float_key(float value) {
    const auto bits = std::bit_cast<std::uint32_t>(value + 0.0f);
    return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
}

}  // namespace

std::vector<Hit> best_by_relevance(const TextHits& matches, std::size_t needed, const PracticeIndex& ix) {
    struct Keyed {
        std::uint64_t key;   // (rank, name rank): unique, as name ranks are
        std::uint32_t pos;
        float rank;
        bool operator<(const Keyed& other) const { return key < other.key; }
    };
    std::vector<Keyed> heap;   // max-heap: the worst kept match on top
    heap.reserve(std::min(needed, matches.size()));
    if (needed > 0) {
        for (const auto& [pos, rank] : matches) {
            const Keyed keyed{ordered_float_key(rank) << 32 | ix.name_rank[pos], pos, rank};
            if (heap.size() < needed) {
                heap.push_back(keyed);
                std::push_heap(heap.begin(), heap.end());
            } else if (keyed.key < heap.front().key) {
                std::pop_heap(heap.begin(), heap.end());
                heap.back() = keyed;
                std::push_heap(heap.begin(), heap.end());
            }
        }
    }
    std::sort_heap(heap.begin(), heap.end());
    std::vector<Hit> hits;
    hits.reserve(heap.size());
    for (const auto& keyed : heap) hits.push_back(Hit{keyed.pos, keyed.rank, 0});
    return hits;
}

}  // namespace annuaire::search
