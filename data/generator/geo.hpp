// Projections (PROJ) and commune contours (OGR) for the generator.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <ogr_geometry.h>

struct pj_ctx;
struct PJconsts;

namespace gen {

struct XY {
    double x = 0, y = 0;
};

// A coordinate transformation between two CRSs, with traditional GIS axis order
// (lon/lat, easting/northing) on both sides. Owns its PJ_CONTEXT and PJ; move-only.
class Transform {
public:
    // `from`/`to` are anything proj_create_crs_to_crs accepts ("EPSG:4326", "EPSG:2154").
    Transform(const std::string& from, const std::string& to);
    ~Transform();
    Transform(Transform&&) noexcept;
    Transform& operator=(Transform&&) noexcept;
    Transform(const Transform&) = delete;
    Transform& operator=(const Transform&) = delete;

    XY forward(XY p) const;
    XY inverse(XY p) const;

private:
    struct ContextDeleter {
        void operator()(pj_ctx* ctx) const noexcept;
    };
    struct PjDeleter {
        void operator()(PJconsts* pj) const noexcept;
    };
    std::unique_ptr<pj_ctx, ContextDeleter> ctx_;
    std::unique_ptr<PJconsts, PjDeleter> pj_;
};

// One commune's contour, in WGS84 and in Lambert-93, with prepared geometries
// for fast containment tests.
class Contour {
public:
    Contour(std::string insee, std::unique_ptr<OGRGeometry> wgs84, const Transform& to_l93);

    const std::string& insee() const { return insee_; }
    const OGREnvelope& envelope_l93() const { return env_l93_; }
    bool contains_l93(double x, double y) const;
    bool contains_l93(const OGRGeometry& g) const;
    bool contains_wgs84(double lon, double lat) const;
    const OGRGeometry& wgs84() const { return *wgs84_; }

private:
    std::string insee_;
    std::unique_ptr<OGRGeometry> wgs84_;
    std::unique_ptr<OGRGeometry> l93_;
    OGRPreparedGeometryUniquePtr prepared_wgs84_;
    OGRPreparedGeometryUniquePtr prepared_l93_;
    OGREnvelope env_l93_;
};

// Reads a GeoJSON FeatureCollection of communes (property `code` = INSEE code).
std::vector<Contour> load_contours(const std::string& geojson_path, const Transform& to_l93);

// Even-odd point-in-polygon test written independently of GEOS, used to
// double-check the generated output: true if (lon, lat) is inside `g`
// (Polygon or MultiPolygon, holes honoured).
bool point_in_geometry(const OGRGeometry& g, double lon, double lat);

}  // namespace gen
