// PROJ behind RAII handles: Lambert-93 (EPSG:2154) to WGS84 for BAN rows that
// only carry x/y, geodesic distances for benchmarks and the search API, and the
// bounds of France used to reject impossible coordinates.
#pragma once

#include <memory>

struct pj_ctx;
struct PJconsts;

namespace annuaire::geo {

struct LonLat {
    double lon = 0;
    double lat = 0;
};

// Converts Lambert-93 metres to WGS84 degrees. Owns its PJ_CONTEXT, so one
// instance must not be shared between threads. Move-only.
class Lambert93ToWgs84 {
public:
    Lambert93ToWgs84();  // throws std::runtime_error if PROJ cannot build the transformation
    ~Lambert93ToWgs84();
    Lambert93ToWgs84(Lambert93ToWgs84&&) noexcept;
    Lambert93ToWgs84& operator=(Lambert93ToWgs84&&) noexcept;
    Lambert93ToWgs84(const Lambert93ToWgs84&) = delete;
    Lambert93ToWgs84& operator=(const Lambert93ToWgs84&) = delete;

    // Throws std::runtime_error when PROJ cannot transform the point.
    LonLat operator()(double x, double y) const;

private:
    struct ContextDeleter { void operator()(pj_ctx* context) const noexcept; };
    struct TransformDeleter { void operator()(PJconsts* transform) const noexcept; };
    std::unique_ptr<pj_ctx, ContextDeleter> context_;
    std::unique_ptr<PJconsts, TransformDeleter> transform_;
};

// Distance in metres along the WGS84 ellipsoid (Karney's algorithm, geod_inverse).
double geodesic_distance_m(LonLat a, LonLat b);

// True inside a box around metropolitan France, Corsica or an overseas département
// (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte, Saint-Pierre-et-Miquelon).
bool inside_france(double lon, double lat);

}  // namespace annuaire::geo
