#include "search/page_settings.hpp"

#include "reference/commune_outlines.hpp"

namespace annuaire::search {

std::shared_ptr<const PageData> make_page_data(const PracticeIndex& ix, const reference::CommuneOutlines* outlines) {
    auto data = std::make_shared<PageData>();
    data->version = ix.version;
    for (std::uint32_t pos = 0; pos < ix.size(); ++pos) data->bounds.add(ix, pos);
    if (outlines) {
        std::vector<std::string> communes;
        for (const auto& code : ix.communes.codes) {
            if (!code.empty()) communes.push_back(code);
        }
        // A territory's communes without a practice too: its outline is whole.
        for (const auto& [territory, codes] : ix.territory_commune_codes) communes.insert(communes.end(), codes.begin(), codes.end());
        data->base_map = outlines->collection(communes);
    }
    return data;
}

nlohmann::json page_settings_json(const PracticeIndex& ix, const PageData& data,
                                  const std::vector<std::string>& default_modes, bool has_base_map) {
    nlohmann::json territories = nlohmann::json::array();
    for (const auto& [id, name] : ix.territory_labels) territories.push_back({{"id", id}, {"name", name}});
    nlohmann::json bounds = nullptr;
    if (data.bounds.any) bounds = {data.bounds.west, data.bounds.south, data.bounds.east, data.bounds.north};
    return {{"territories", territories},
            {"bounds", bounds},
            {"default_mode", default_modes},
            {"base_map", has_base_map}};
}

}  // namespace annuaire::search
