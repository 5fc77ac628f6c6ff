#include "search/export_selection.hpp"

#include "search/matcher.hpp"

#include <algorithm>
#include <string>

namespace annuaire::search {

std::vector<std::uint32_t> export_positions(const PracticeIndex& ix, const DeclaredColumns& declared, TextCache& cache,
                                            const Filters& filters) {
    const auto text = text_hits(ix, cache, filters.q);
    const Matcher matcher(ix, declared, filters, text ? &text->hits : nullptr);
    // Positions only (4 bytes a row), and no more than the limit: a query over it is
    // counted, not collected.
    std::vector<std::uint32_t> positions;
    std::size_t matches = 0;
    matcher.for_each([&](const Hit& hit) {
        if (matches++ < Limits::max_export_rows) positions.push_back(hit.pos);
    });
    if (matches > Limits::max_export_rows) {
        throw QueryError("too_many_results", "the query matches " + std::to_string(matches) +
                                                 " practices; narrow it to at most " +
                                                 std::to_string(Limits::max_export_rows) + " to export");
    }
    std::sort(positions.begin(), positions.end(),
              [&ix](std::uint32_t a, std::uint32_t b) { return ix.name_rank[a] < ix.name_rank[b]; });
    return positions;
}

}  // namespace annuaire::search
