// The filters of a query compiled against one index and the declared columns served with
// it: which practices match (text, box, radius, facets' filters, hours, civility) and, for
// disjunctive facets, which fail the filter of one facet group only. Shared by the results
// page, clusters and exports. The loops are here, inline: they run once per candidate.
#pragma once

#include "search/declared_columns.hpp"
#include "search/geodesy.hpp"
#include "search/practice_index.hpp"
#include "search/search_query.hpp"
#include "search/text_index.hpp"

#include "projection.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace annuaire::search {

struct Hit {
    std::uint32_t pos;
    float rank;       // text relevance, lower is better (0 without q)
    double distance;  // approximate metres (0 without near)
};

// The facet groups of a search: each filter that has a facet of its own. A practice that
// fails only one group's filter is counted in that facet (disjunctive facets), so that a
// facet shows what each of its values would add while one of them is chosen.
enum FacetGroup : unsigned {
    kGroupProfession, kGroupSpecialty, kGroupCommune, kGroupMode, kGroupConventionnement, kGroupPublic, kGroupAct,
    kGroupBoolean   // + the number of the boolean field (owner::kBooleanFields)
};

// The filters compiled against one index and the declared columns served with it. `text`
// holds the full-text matches of f.q (null when there is no q).
class Matcher {
public:
    // Throws QueryError for a territory the index does not know.
    Matcher(const PracticeIndex& ix, const DeclaredColumns& declared, const Filters& f, const TextHits* text);

    // Calls fn(Hit) for every match.
    template <typename Fn>
    void for_each(Fn&& fn) const {
        for_each_candidate([&](std::uint32_t pos, float rank) {
            if (failed_groups<false>(pos)) return;
            double distance = 0;
            if (passes_rest(pos, distance)) fn(Hit{pos, rank, distance});
        });
    }

    // Calls hit(Hit) for every match, and miss(pos, group) for every practice that matches
    // all but the filter of one facet group.
    template <typename HitFn, typename MissFn>
    void for_each_with_near_misses(HitFn&& hit, MissFn&& miss) const {
        for_each_candidate([&](std::uint32_t pos, float rank) {
            const auto failed = failed_groups<true>(pos);
            if (failed & (failed - 1)) return;   // two groups or more
            double distance = 0;
            if (!passes_rest(pos, distance)) return;
            if (failed) {
                miss(pos, static_cast<unsigned>(__builtin_ctz(failed)));
            } else {
                hit(Hit{pos, rank, distance});
            }
        });
    }

    bool has_near() const { return local_.has_value(); }
    bool has_facet_filters() const {
        return !professions_.empty() || !specialties_.empty() || !communes_.empty() || modes_ || conventionnement_ ||
               publics_ || acts_ || owner_mask_;
    }

private:
    // Calls visit(pos, rank) for the practices that may match: the text matches, else those
    // of the box, else all.
    template <typename Visit>
    void for_each_candidate(Visit&& visit) const {
        if (text_hits_) {
            for (const auto& [pos, rank] : *text_hits_) visit(pos, rank);
        } else if (box_) {
            if (box_->west > box_->east || box_->south > box_->north) return;
            ix_.for_each_range(box_->west, box_->south, box_->east, box_->north, [&](std::size_t from, std::size_t to) {
                for (std::size_t pos = from; pos < to; ++pos) visit(static_cast<std::uint32_t>(pos), 0.f);
            });
        } else {
            const auto n = static_cast<std::uint32_t>(ix_.size());
            for (std::uint32_t pos = 0; pos < n; ++pos) visit(pos, 0.f);
        }
    }

    // The bits (1 << FacetGroup) of the facet groups whose filter pos fails; unless `All`,
    // only the first found.
    template <bool All>
    std::uint32_t failed_groups(std::uint32_t pos) const {
        std::uint32_t failed = 0;
        const auto fail = [&](unsigned group) {
            failed |= 1u << group;
            return !All;
        };
        if (!professions_.empty() && !professions_[ix_.profession[pos]] && fail(kGroupProfession)) return failed;
        if (!communes_.empty() && !communes_[ix_.commune[pos]] && fail(kGroupCommune)) return failed;
        if (const auto differ = (declared_.owner(pos) & owner_mask_) ^ owner_value_) {
            for (unsigned i = 0; i < 6; ++i) {
                if ((differ >> (2 * i)) & 3u && fail(kGroupBoolean + i)) return failed;
            }
        }
        if (modes_ && !(ix_.modes_of(pos) & modes_) && fail(kGroupMode)) return failed;
        if (conventionnement_ && !(conventionnement_ & (1u << declared_.conventionnement_of(pos))) && fail(kGroupConventionnement)) {
            return failed;
        }
        if (publics_ && !(declared_.publics(pos) & publics_) && fail(kGroupPublic)) return failed;
        if (acts_ && !(declared_.acts(pos) & acts_) && fail(kGroupAct)) return failed;
        if (!specialties_.empty()) {
            bool any = false;
            for (auto i = ix_.specialty_offset[pos]; i < ix_.specialty_offset[pos + 1] && !any; ++i) {
                any = specialties_[ix_.specialty[i]];
            }
            if (!any && fail(kGroupSpecialty)) return failed;
        }
        return failed;
    }

    // The criteria that have no facet: territory, civility, opening hours, box and distance.
    bool passes_rest(std::uint32_t pos, double& distance) const {
        if (!territories_.empty() && !territories_[ix_.commune[pos]]) return false;
        if (f_.gender && !(ix_.rpps_flags[pos] & f_.gender)) return false;
        if (f_.title && !(ix_.rpps_flags[pos] & f_.title)) return false;
        if (week_minute_ >= 0) {
            bool open = false;
            const auto hours = declared_.hours(pos);
            for (std::size_t i = 0; i + 1 < hours.size() && !open; i += 2) {
                open = hours[i] <= week_minute_ && week_minute_ < hours[i + 1];
            }
            if (!open) return false;
        }
        distance = 0;
        if (box_) {
            const double lat = ix_.lat[pos], lon = ix_.lon[pos];
            // NaN (not located) fails every comparison.
            if (!(lat >= box_->south && lat <= box_->north && lon >= box_->west && lon <= box_->east)) return false;
            if (local_) {
                distance = local_->approx_m(lat, lon);
                const double radius = f_.near->radius_m;
                if (distance > radius * 1.005) return false;
                if (distance > radius * 0.995) {
                    distance = geo::geodesic_distance_m({f_.near->lon, f_.near->lat}, {lon, lat});
                    if (distance > radius) return false;
                }
            }
        }
        return true;
    }

    const PracticeIndex& ix_;
    const DeclaredColumns& declared_;
    const Filters& f_;
    std::vector<bool> professions_, specialties_, communes_, territories_;
    std::uint32_t owner_mask_ = 0, owner_value_ = 0, conventionnement_ = 0, publics_ = 0, acts_ = 0, modes_ = 0;
    int week_minute_ = -1;
    std::optional<BBox> box_;
    std::optional<LocalDistance> local_;
    const TextHits* text_hits_;
};

// True when the filters hold a criterion other than the bounding box (and other than the
// text, unless `count_text`).
bool has_criteria(const Filters& f, bool count_text = true);

}  // namespace annuaire::search
