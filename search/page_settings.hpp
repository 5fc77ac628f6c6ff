// What the map page starts from (GET /api/v1/map-settings and /api/v1/base-map): the
// territories, the box of the located practices, the default exercise modes, and the
// contours of the communes served as the offline base map. Computed once per index.
#pragma once

#include "search/bounds.hpp"
#include "search/practice_index.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace annuaire::reference {
class CommuneOutlines;
}

namespace annuaire::search {

// What the page asks once per data version, computed once per index.
struct PageData {
    std::string version;
    Bounds bounds;
    std::string base_map;
};

// No base map without `outlines`.
std::shared_ptr<const PageData> make_page_data(const PracticeIndex& ix, const reference::CommuneOutlines* outlines);

nlohmann::json page_settings_json(const PracticeIndex& ix, const PageData& data,
                                  const std::vector<std::string>& default_modes, bool has_base_map);

}  // namespace annuaire::search
