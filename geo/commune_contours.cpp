#include "commune_contours.hpp"

#include <gdal.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace annuaire::geo {

namespace {

struct GeometryDeleter {
    void operator()(OGRGeometry* geometry) const noexcept { OGRGeometryFactory::destroyGeometry(geometry); }
};

struct DatasetCloser {
    void operator()(GDALDataset* dataset) const noexcept { GDALClose(dataset); }
};

void add_rings(const OGRGeometry* geometry, std::vector<std::vector<LonLat>>& rings) {
    if (!geometry) return;
    switch (wkbFlatten(geometry->getGeometryType())) {
        case wkbPolygon: {
            const auto* polygon = geometry->toPolygon();
            for (const auto* ring : *polygon) {
                std::vector<LonLat> points;
                points.reserve(ring->getNumPoints());
                for (int i = 0; i < ring->getNumPoints(); ++i) points.push_back({ring->getX(i), ring->getY(i)});
                rings.push_back(std::move(points));
            }
            break;
        }
        case wkbMultiPolygon:
        case wkbGeometryCollection: {
            const auto* collection = geometry->toGeometryCollection();
            for (const auto* part : *collection) add_rings(part, rings);
            break;
        }
        default: break;
    }
}

}  // namespace

CommuneContours CommuneContours::load(const std::string& path, const std::string& code_field) {
    static std::once_flag registered;
    std::call_once(registered, [] { GDALAllRegister(); });
    std::unique_ptr<GDALDataset, DatasetCloser> dataset(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!dataset || dataset->GetLayerCount() < 1) throw std::runtime_error("cannot open commune contours '" + path + "'");
    OGRLayer* layer = dataset->GetLayer(0);
    const int code_index = layer->GetLayerDefn()->GetFieldIndex(code_field.c_str());
    if (code_index < 0) throw std::runtime_error("commune contours '" + path + "' have no '" + code_field + "' property");
    CommuneContours contours;
    layer->ResetReading();
    for (auto& feature : *layer) {
        const OGRGeometry* geometry = feature->GetGeometryRef();
        if (!geometry) continue;
        Contour contour;
        std::vector<std::vector<LonLat>> rings;
        add_rings(geometry, rings);
        if (rings.empty()) continue;
        contour.west = contour.south = std::numeric_limits<double>::max();
        contour.east = contour.north = std::numeric_limits<double>::lowest();
        for (auto& ring : rings) {
            for (const auto& p : ring) {
                contour.west = std::min(contour.west, p.lon);
                contour.east = std::max(contour.east, p.lon);
                contour.south = std::min(contour.south, p.lat);
                contour.north = std::max(contour.north, p.lat);
            }
            contour.rings.push_back({std::move(ring)});
        }
        // PointOnSurface (GEOS) is inside the polygon even for a crescent-shaped
        // commune, where the centroid may not be.
        std::unique_ptr<OGRGeometry, GeometryDeleter> inside(OGRGeometry::FromHandle(
            OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(geometry)))));
        if (inside && !inside->IsEmpty() && wkbFlatten(inside->getGeometryType()) == wkbPoint) {
            contour.inside = {inside->toPoint()->getX(), inside->toPoint()->getY()};
        } else {
            OGRPoint centroid;
            geometry->Centroid(&centroid);
            contour.inside = {centroid.getX(), centroid.getY()};
        }
        contours.communes_[feature->GetFieldAsString(code_index)] = std::move(contour);
    }
    if (contours.communes_.empty()) throw std::runtime_error("commune contours '" + path + "' hold no polygon");
    return contours;
}

bool CommuneContours::has(std::string_view insee) const {
    return communes_.count(std::string(insee)) > 0;
}

bool CommuneContours::contains(std::string_view insee, double lon, double lat) const {
    const auto found = communes_.find(std::string(insee));
    if (found == communes_.end()) return false;
    const Contour& contour = found->second;
    if (lon < contour.west || lon > contour.east || lat < contour.south || lat > contour.north) return false;
    // Even-odd ray casting over all rings: holes and multi-part communes need no special case.
    bool inside = false;
    for (const auto& ring : contour.rings) {
        const auto& p = ring.points;
        if (p.size() < 3) continue;
        for (std::size_t i = 0, j = p.size() - 1; i < p.size(); j = i++) {
            if ((p[i].lat > lat) != (p[j].lat > lat) &&
                lon < (p[j].lon - p[i].lon) * (lat - p[i].lat) / (p[j].lat - p[i].lat) + p[i].lon) {
                inside = !inside;
            }
        }
    }
    return inside;
}

std::optional<LonLat> CommuneContours::point_inside(std::string_view insee) const {
    const auto found = communes_.find(std::string(insee));
    if (found == communes_.end()) return std::nullopt;
    return found->second.inside;
}

}  // namespace annuaire::geo
