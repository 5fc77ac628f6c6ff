#include "search/matcher.hpp"

#include "owner/owner_fields.hpp"

#include <algorithm>

namespace annuaire::search {

using owner::index_of;
using owner::kActs;
using owner::kConventionnement;
using owner::kExerciseModes;
using owner::kPublics;

Matcher::Matcher(const PracticeIndex& ix, const DeclaredColumns& declared, const Filters& f, const TextHits* text)
    : ix_(ix), declared_(declared), f_(f), text_hits_(text) {
    const auto code_set = [](const Dictionary& dictionary, const std::vector<std::string>& codes) {
        std::vector<bool> set(dictionary.codes.size() + 1, false);
        for (const auto& code : codes) {
            const int found = dictionary.find(code);
            if (found >= 0) set[static_cast<std::size_t>(found)] = true;
        }
        return set;
    };
    if (!f.professions.empty()) professions_ = code_set(ix.professions, f.professions);
    if (!f.specialties.empty()) specialties_ = code_set(ix.specialties, f.specialties);
    if (!f.communes.empty()) communes_ = code_set(ix.communes, f.communes);
    if (!f.territories.empty()) {
        territories_.assign(ix.communes.codes.size() + 1, false);
        for (const auto& territory : f.territories) {
            const auto found = ix.territory_communes.find(territory);
            if (found == ix.territory_communes.end()) {
                if (!ix.territory_labels.count(territory)) {
                    throw QueryError("invalid_parameter", "parameter 'territory': '" + territory + "' is not a known territory");
                }
                continue;
            }
            for (auto commune : found->second) territories_[commune] = true;
        }
    }
    const std::optional<bool>* booleans[] = {&f.carte_vitale, &f.tiers_payant, &f.pmr_access,
                                             &f.home_visits, &f.teleconsultation, &f.telesoin};
    for (std::uint32_t i = 0; i < 6; ++i) {
        if (*booleans[i]) {
            owner_mask_ |= 3u << (2 * i);
            owner_value_ |= (**booleans[i] ? 2u : 1u) << (2 * i);
        }
    }
    for (const auto& code : f.conventionnement) conventionnement_ |= 1u << (index_of(kConventionnement, code) + 1);
    for (const auto& code : f.publics) publics_ |= 1u << index_of(kPublics, code);
    for (const auto& code : f.acts) acts_ |= 1u << index_of(kActs, code);
    for (const auto& code : f.modes) modes_ |= 1u << index_of(kExerciseModes, code);
    if (f.open_at) week_minute_ = (f.open_at->weekday - 1) * 1440 + f.open_at->minute;
    if (f.near) {
        local_.emplace(f.near->lat, f.near->lon);
        const double dlat = local_->lat_degrees(f.near->radius_m), dlon = local_->lon_degrees(f.near->radius_m);
        box_ = BBox{f.near->lon - dlon, f.near->lat - dlat, f.near->lon + dlon, f.near->lat + dlat};
        if (f.bbox) {
            box_->west = std::max(box_->west, f.bbox->west);
            box_->south = std::max(box_->south, f.bbox->south);
            box_->east = std::min(box_->east, f.bbox->east);
            box_->north = std::min(box_->north, f.bbox->north);
        }
    } else if (f.bbox) {
        box_ = f.bbox;
    }
}

bool has_criteria(const Filters& f, bool count_text) {
    return (count_text && !f.q.empty()) || !f.professions.empty() || !f.specialties.empty() || !f.communes.empty() ||
           !f.territories.empty() || f.carte_vitale || f.tiers_payant || f.pmr_access || f.home_visits ||
           f.teleconsultation || f.telesoin || !f.conventionnement.empty() || !f.publics.empty() ||
           !f.acts.empty() || f.open_at || f.near || !f.modes.empty() || f.gender || f.title;
}

}  // namespace annuaire::search
