#include "search/clusters.hpp"

#include "search/geodesy.hpp"
#include "search/matcher.hpp"
#include "util/json_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace annuaire::search {

std::string clusters_answer(const PracticeIndex& ix, const DeclaredColumns& declared, TextCache& cache,
                            const ClusterQuery& query) {
    // Cells of a fixed world grid (Web-Mercator tiles of zoom+2, i.e. 64-pixel cells): a point
    // always falls in the same cell whatever the view, so clusters do not move when panning.
    // The view is snapped outward to whole cells, so a cell is counted whole or not at all.
    const int level = std::min(query.zoom + 2, 30);
    const int shift = 32 - level;
    const auto& box = *query.filters.bbox;
    const std::int64_t cx0 = mercator_x(box.west) >> shift, cx1 = mercator_x(box.east) >> shift;
    const std::int64_t cy0 = mercator_y(box.north) >> shift, cy1 = mercator_y(box.south) >> shift;
    const std::int64_t width = cx1 - cx0 + 1, height = cy1 - cy0 + 1;
    if (width * height > Limits::max_cluster_cells) {
        throw QueryError("invalid_parameter", "parameter 'bbox': too large for zoom " + std::to_string(query.zoom) +
                                                  " (at most " + std::to_string(Limits::max_cluster_cells) + " cells)");
    }
    // An answer without criteria depends on the index and the cells only: the first view of
    // every visitor is the same few answers, kept per index (owner edits do not change them).
    const bool unfiltered = !has_criteria(query.filters);
    std::string cache_key;
    if (unfiltered) {
        cache_key = std::to_string(query.zoom) + "/" + std::to_string(cx0) + "/" + std::to_string(cy0) + "/" +
                    std::to_string(cx1) + "/" + std::to_string(cy1);
        if (auto kept = cache.find_clusters(cache_key)) return *kept;
    }
    Filters filters = query.filters;
    const double full = std::ldexp(1.0, level);
    filters.bbox = BBox{mercator_x_to_lon(static_cast<double>(cx0), level),
                        mercator_y_to_lat(static_cast<double>(cy1 + 1), level),
                        std::min(180.0, mercator_x_to_lon(std::min(static_cast<double>(cx1 + 1), full), level)),
                        mercator_y_to_lat(static_cast<double>(cy0), level)};
    struct Cell {
        std::uint32_t count = 0;
        std::uint32_t first = 0;
        double lat = 0, lon = 0;
        bool one_place = true;   // every practice at the position of the first
    };
    std::vector<Cell> cells(static_cast<std::size_t>(width * height));
    std::size_t total = 0;
    if (unfiltered && level <= PracticeIndex::kCellZoom) {
        // No filter: the cells were counted when the index was built.
        ix.for_each_cell(level, static_cast<std::uint64_t>(cx0), static_cast<std::uint64_t>(cy0),
                          static_cast<std::uint64_t>(cx1), static_cast<std::uint64_t>(cy1),
                          [&](const PracticeIndex::CellSummary& summary) {
                              const auto cx = static_cast<std::int64_t>(summary.key & 0xffffffffu);
                              const auto cy = static_cast<std::int64_t>(summary.key >> 32);
                              cells[static_cast<std::size_t>((cy - cy0) * width + (cx - cx0))] =
                                  Cell{summary.count, summary.first, summary.lat_sum, summary.lon_sum, summary.one_place};
                              total += summary.count;
                          });
    } else {
        const auto text = text_hits(ix, cache, filters.q);
        const Matcher matcher(ix, declared, filters, text ? &text->hits : nullptr);
        matcher.for_each([&](const Hit& hit) {
            const std::int64_t cx = std::clamp<std::int64_t>(ix.mx[hit.pos] >> shift, cx0, cx1);
            const std::int64_t cy = std::clamp<std::int64_t>(ix.my[hit.pos] >> shift, cy0, cy1);
            auto& cell = cells[static_cast<std::size_t>((cy - cy0) * width + (cx - cx0))];
            if (cell.count++ == 0) cell.first = hit.pos;
            else cell.one_place = cell.one_place && ix.same_place(cell.first, hit.pos);
            cell.lat += ix.lat[hit.pos];
            cell.lon += ix.lon[hit.pos];
            ++total;
        });
    }
    // Written as text (keys in byte order, as nlohmann::json's dump() writes them).
    std::string answer;
    answer.reserve(256 + 200 * std::min<std::size_t>(total, 4096));
    util::JsonWriter out(answer);
    const auto& snapped = *filters.bbox;
    out.begin_object();
    out.key("bbox").begin_array().value(snapped.west).value(snapped.south).value(snapped.east).value(snapped.north).end_array();
    out.key("cell_zoom").value(level);
    std::size_t clusters = 0;
    for (const auto& cell : cells) clusters += cell.count > 1 ? 1 : 0;
    out.key("clusters").value(static_cast<std::uint64_t>(clusters));
    out.key("features").begin_array();
    for (std::int64_t cy = cy0; cy <= cy1; ++cy) {
        for (std::int64_t cx = cx0; cx <= cx1; ++cx) {
            const auto& cell = cells[static_cast<std::size_t>((cy - cy0) * width + (cx - cx0))];
            if (cell.count == 0) continue;
            out.begin_object().key("geometry").begin_object().key("coordinates").begin_array();
            if (cell.count == 1) {
                const auto pos = cell.first;
                out.value(ix.lon[pos]).value(ix.lat[pos]).end_array().key("type").value("Point").end_object();
                out.key("properties").begin_object()
                    .key("cluster").value(false)
                    .key("id").value(std::string_view(ix.practitioner_id[pos].data()))
                    .key("name").value(ix.items.display_name(pos))
                    .key("practice_id").value(static_cast<std::uint64_t>(ix.practice_id[pos]))
                    .key("profession").value(ix.professions.codes[ix.profession[pos]])
                    .key("profession_label").value(ix.professions.labels[ix.profession[pos]])
                    .key("site_id").value(static_cast<std::uint64_t>(ix.site_id[pos]))
                    .end_object();
            } else {
                out.value(cell.lon / cell.count).value(cell.lat / cell.count).end_array().key("type").value("Point").end_object();
                out.key("properties").begin_object()
                    .key("cell").value(std::to_string(level) + "/" + std::to_string(cx) + "/" + std::to_string(cy))
                    .key("cluster").value(true)
                    .key("count").value(static_cast<std::uint64_t>(cell.count))
                    .key("expansion_zoom").value(std::min(query.zoom + 2, Limits::max_zoom))
                    // Cannot split at any zoom: the practices of one address.
                    .key("one_place").value(cell.one_place)
                    .end_object();
            }
            out.key("type").value("Feature").end_object();
        }
    }
    out.end_array();
    out.key("total").value(static_cast<std::uint64_t>(total));
    out.key("type").value("FeatureCollection");
    out.key("zoom").value(query.zoom);
    out.end_object();
    if (unfiltered) cache.add_clusters(cache_key, std::make_shared<const std::string>(answer));
    return answer;
}

}  // namespace annuaire::search
