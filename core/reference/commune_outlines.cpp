#include "reference/commune_outlines.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <stdexcept>

namespace annuaire::reference {

CommuneOutlines CommuneOutlines::load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("commune contours '" + file.string() + "': cannot be read");
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& error) {
        throw std::runtime_error("commune contours '" + file.string() + "': not JSON (" + error.what() + ")");
    }
    if (!document.is_object() || document.value("type", "") != "FeatureCollection" || !document.contains("features") ||
        !document["features"].is_array()) {
        throw std::runtime_error("commune contours '" + file.string() + "': not a GeoJSON FeatureCollection");
    }
    CommuneOutlines outlines;
    std::size_t index = 0;
    for (const auto& feature : document["features"]) {
        const auto where = "commune contours '" + file.string() + "': features[" + std::to_string(index++) + "]";
        if (!feature.is_object() || !feature.contains("properties") || !feature["properties"].is_object() ||
            !feature.contains("geometry") || !feature["geometry"].is_object()) {
            throw std::runtime_error(where + ": a Feature with properties and a geometry is expected");
        }
        const auto& properties = feature["properties"];
        if (!properties.contains("code") || !properties["code"].is_string() || !properties.contains("nom") ||
            !properties["nom"].is_string()) {
            throw std::runtime_error(where + ".properties: 'code' and 'nom' (text) are expected");
        }
        const auto type = feature["geometry"].value("type", "");
        if (type != "Polygon" && type != "MultiPolygon") {
            throw std::runtime_error(where + ".geometry: a Polygon or MultiPolygon is expected, not '" + type + "'");
        }
        outlines.geometries_[properties["code"].get<std::string>()] =
            Outline{properties["nom"].get<std::string>(), feature["geometry"].dump()};
    }
    return outlines;
}

std::string CommuneOutlines::collection(const std::vector<std::string>& insee_codes) const {
    const std::set<std::string> wanted(insee_codes.begin(), insee_codes.end());
    std::string out = R"({"type":"FeatureCollection","features":[)";
    bool first = true;
    for (const auto& code : wanted) {
        const auto found = geometries_.find(code);
        if (found == geometries_.end()) continue;
        out += first ? "" : ",";
        first = false;
        out += R"({"type":"Feature","properties":)";
        out += nlohmann::json{{"insee", code}, {"name", found->second.name}}.dump();
        out += R"(,"geometry":)";
        out += found->second.geometry;
        out += "}";
    }
    out += "]}";
    return out;
}

}  // namespace annuaire::reference
