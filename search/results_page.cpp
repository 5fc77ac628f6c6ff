#include "search/results_page.hpp"

#include "search/bounds.hpp"
#include "search/facets.hpp"
#include "search/matcher.hpp"
#include "search/ordering.hpp"
#include "util/json_writer.hpp"

#include "projection.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace annuaire::search {

std::string results_page(const PracticeIndex& ix, const DeclaredColumns& declared, TextCache& cache,
                         const SearchQuery& query) {
    const auto text = text_hits(ix, cache, query.filters.q);
    Bounds bounds;
    const auto offset = static_cast<std::size_t>(query.page - 1) * static_cast<std::size_t>(query.per_page);
    const auto needed = offset + static_cast<std::size_t>(query.per_page);
    std::optional<FacetCounts> counted;            // facets counted for this query
    std::shared_ptr<const std::string> text_facets;   // or those kept with the text, written
    std::vector<Hit> hits;
    std::size_t total = 0;
    if (text && query.sort == Sort::relevance && !has_criteria(query.filters, false) && !query.filters.bbox) {
        // Text alone: the facets are the same for every page, computed once per text; the
        // page is the head of the relevance order, selected without sorting every match
        // (and kept with the text for the first pages).
        if (query.facets) text_facets = text->facets_json(ix, declared, cache.by_profession);
        total = text->hits.size();
        bounds = text->bounds(ix, cache.bounds_by_profession);
        if (needed <= TextMatches::kHead) {
            const auto& head = text->head(ix);
            hits.assign(head.begin() + static_cast<std::ptrdiff_t>(std::min(offset, head.size())),
                        head.begin() + static_cast<std::ptrdiff_t>(std::min(needed, head.size())));
        } else {
            hits = best_by_relevance(text->hits, needed, ix);
            hits.erase(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(std::min(offset, hits.size())));
        }
    } else {
        const Matcher matcher(ix, declared, query.filters, text ? &text->hits : nullptr);
        if (query.facets) counted.emplace(ix);
        hits = collect_hits(matcher, ix, declared, counted ? &*counted : nullptr);
        total = hits.size();
        for (const auto& hit : hits) bounds.add(ix, hit.pos);
        order_hits(hits, query.sort, needed, ix, query.filters.near);
        // Keep the page only.
        hits.resize(std::min(needed, hits.size()));
        hits.erase(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(std::min(offset, hits.size())));
    }

    // Written straight from the index, keys in order (as nlohmann::json writes them).
    std::string body;
    body.reserve(16384);
    util::JsonWriter out(body);
    out.begin_object();
    out.key("bounds");
    bounds.write(out);
    if (text_facets) {
        out.key("facets").raw_value(*text_facets);
    } else if (counted) {
        out.key("facets");
        write_facets(out, ix, *counted);
    }
    out.key("items").begin_array();
    for (const auto& hit : hits) {
        std::optional<double> distance;
        if (query.filters.near) {
            distance = std::round(geo::geodesic_distance_m({query.filters.near->lon, query.filters.near->lat},
                                                           {ix.lon[hit.pos], ix.lat[hit.pos]}) * 10) / 10;
        }
        ix.items.write(out, ix, declared, hit.pos, distance);
    }
    out.end_array();
    out.key("page").value(query.page);
    out.key("per_page").value(query.per_page);
    out.key("sort").value(query.sort == Sort::relevance ? "relevance" : query.sort == Sort::distance ? "distance" : "name");
    out.key("total").value(total);
    if (!query.filters.understood.empty()) {
        // The words of q read as filters, so that a page can show how it understood them.
        out.key("understood").begin_array();
        for (const auto& read : query.filters.understood) {
            out.begin_object();
            out.key("parameter").value(read.parameter);
            out.key("value").value(read.value);
            out.key("words").value(read.words);
            out.end_object();
        }
        out.end_array();
    }
    out.end_object();
    return body;
}

}  // namespace annuaire::search
