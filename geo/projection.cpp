#include "projection.hpp"

#include <geodesic.h>
#include <proj.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace annuaire::geo {

void Lambert93ToWgs84::ContextDeleter::operator()(pj_ctx* context) const noexcept {
    proj_context_destroy(context);
}

void Lambert93ToWgs84::TransformDeleter::operator()(PJconsts* transform) const noexcept {
    proj_destroy(transform);
}

Lambert93ToWgs84::Lambert93ToWgs84() : context_(proj_context_create()) {
    if (!context_) throw std::runtime_error("PROJ: cannot create a context");
    // Never reach for the network (grids): the conversion is a plain projection inverse.
    proj_context_set_enable_network(context_.get(), 0);
    std::unique_ptr<PJconsts, TransformDeleter> raw(
        proj_create_crs_to_crs(context_.get(), "EPSG:2154", "EPSG:4326", nullptr));
    if (!raw) {
        throw std::runtime_error(std::string("PROJ: cannot transform EPSG:2154 to EPSG:4326: ") +
                                 proj_context_errno_string(context_.get(), proj_context_errno(context_.get())));
    }
    // EPSG:4326 is lat/lon; ask for lon/lat like the BAN's lon;lat columns.
    transform_.reset(proj_normalize_for_visualization(context_.get(), raw.get()));
    if (!transform_) throw std::runtime_error("PROJ: cannot normalise the axis order of EPSG:4326");
}

Lambert93ToWgs84::~Lambert93ToWgs84() = default;
Lambert93ToWgs84::Lambert93ToWgs84(Lambert93ToWgs84&&) noexcept = default;
Lambert93ToWgs84& Lambert93ToWgs84::operator=(Lambert93ToWgs84&&) noexcept = default;

LonLat Lambert93ToWgs84::operator()(double x, double y) const {
    PJ_COORD in = proj_coord(x, y, 0, 0);
    const PJ_COORD out = proj_trans(transform_.get(), PJ_FWD, in);
    if (!std::isfinite(out.lp.lam) || !std::isfinite(out.lp.phi) || out.xy.x == HUGE_VAL) {
        throw std::runtime_error("PROJ: cannot convert Lambert-93 (" + std::to_string(x) + ", " +
                                 std::to_string(y) + ")");
    }
    return {out.xy.x, out.xy.y};
}

double geodesic_distance_m(LonLat a, LonLat b) {
    static const geod_geodesic wgs84 = [] {
        geod_geodesic g;
        geod_init(&g, 6378137.0, 1.0 / 298.257223563);
        return g;
    }();
    double distance = 0;
    geod_inverse(&wgs84, a.lat, a.lon, b.lat, b.lon, &distance, nullptr, nullptr);
    return distance;
}

bool inside_france(double lon, double lat) {
    struct Box { double west, south, east, north; };
    static constexpr Box kBoxes[] = {
        {-5.6, 41.2, 10.0, 51.2},     // metropolitan France and Corsica
        {-61.9, 15.8, -60.9, 16.6},   // Guadeloupe
        {-61.3, 14.3, -60.7, 14.95},  // Martinique
        {-54.7, 2.0, -51.5, 5.9},     // Guyane
        {55.1, -21.5, 55.9, -20.8},   // La Réunion
        {44.9, -13.1, 45.4, -12.5},   // Mayotte
        {-56.5, 46.7, -56.0, 47.2},   // Saint-Pierre-et-Miquelon
    };
    for (const auto& box : kBoxes) {
        if (lon >= box.west && lon <= box.east && lat >= box.south && lat <= box.north) return true;
    }
    return false;
}

}  // namespace annuaire::geo
