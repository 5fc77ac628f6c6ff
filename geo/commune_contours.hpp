// Commune contours read with GDAL/OGR (e.g. data/reference/communes-68-haut-rhin.geojson,
// properties `code` = INSEE): point-in-contour checks, and a point guaranteed to be
// inside each commune for the municipality fallback.
#pragma once

#include "projection.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace annuaire::geo {

class CommuneContours {
public:
    CommuneContours() = default;
    // Reads every polygon feature of a vector file OGR can open. `code_field` names the
    // INSEE property. Throws std::runtime_error naming the file on failure.
    static CommuneContours load(const std::string& path, const std::string& code_field = "code");

    bool empty() const { return communes_.empty(); }
    std::size_t size() const { return communes_.size(); }
    bool has(std::string_view insee) const;
    // False when the commune is unknown or the point is outside its contour.
    bool contains(std::string_view insee, double lon, double lat) const;
    // A point inside the commune (OGR PointOnSurface), if the commune is known.
    std::optional<LonLat> point_inside(std::string_view insee) const;

private:
    struct Ring { std::vector<LonLat> points; };
    struct Contour {
        std::vector<Ring> rings;  // exterior rings and holes: even-odd rule
        double west = 0, south = 0, east = 0, north = 0;
        LonLat inside;
    };
    std::unordered_map<std::string, Contour> communes_;
};

}  // namespace annuaire::geo
