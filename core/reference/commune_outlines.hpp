// Commune contours for the map page's offline base map (drawn when no tile server is set
// or reachable): read once from a GeoJSON FeatureCollection of communes whose properties
// are "code" (INSEE) and "nom", as data/reference/communes-68-haut-rhin.geojson.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace annuaire::reference {

class CommuneOutlines {
public:
    CommuneOutlines() = default;
    // Throws std::runtime_error naming the file and what is wrong with it.
    static CommuneOutlines load(const std::filesystem::path& file);

    // A FeatureCollection (JSON text) of the communes of `insee_codes` found in the file,
    // in code order, each with properties "insee" and "name". Codes not in the file are skipped.
    std::string collection(const std::vector<std::string>& insee_codes) const;
    std::size_t size() const { return geometries_.size(); }

private:
    struct Outline {
        std::string name;
        std::string geometry;   // the feature's geometry, JSON text
    };
    std::map<std::string, Outline> geometries_;
};

}  // namespace annuaire::reference
