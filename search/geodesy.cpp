#include "search/geodesy.hpp"

#include <algorithm>
#include <cmath>

namespace annuaire::search {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kA = 6378137.0;
constexpr double kF = 1.0 / 298.257223563;

}  // namespace

LocalDistance::LocalDistance(double lat, double lon) : lat_(lat), lon_(lon) {
    // Meridional and normal radii of curvature of the ellipsoid at lat.
    const double e2 = kF * (2 - kF);
    const double s = std::sin(lat * kPi / 180);
    const double w2 = 1 / (1 - e2 * s * s);
    const double w = std::sqrt(w2);
    const double m = kA * kPi / 180;  // metres per degree on the equator
    kx_ = m * w * std::cos(lat * kPi / 180);
    ky_ = m * w * w2 * (1 - e2);
}

double LocalDistance::approx_m(double lat, double lon) const {
    double dlon = lon - lon_;
    if (dlon > 180) dlon -= 360;
    if (dlon < -180) dlon += 360;
    const double dx = dlon * kx_;
    const double dy = (lat - lat_) * ky_;
    return std::sqrt(dx * dx + dy * dy);
}

double LocalDistance::lat_degrees(double metres) const { return metres / ky_ * 1.01 + 1e-6; }

double LocalDistance::lon_degrees(double metres) const {
    // The longitude span grows toward the pole side of the circle: use the smaller cosine.
    const double far_lat = std::min(89.0, std::abs(lat_) + lat_degrees(metres));
    const double ratio = std::cos(std::abs(lat_) * kPi / 180) / std::cos(far_lat * kPi / 180);
    return std::min(360.0, metres / kx_ * ratio * 1.01 + 1e-6);
}

std::uint32_t mercator_x(double lon) {
    const double x = (lon + 180.0) / 360.0 * 4294967296.0;
    return static_cast<std::uint32_t>(std::clamp(x, 0.0, 4294967295.0));
}

std::uint32_t mercator_y(double lat) {
    lat = std::clamp(lat, -85.05112878, 85.05112878);
    const double r = lat * kPi / 180;
    const double y = (1 - std::log(std::tan(r) + 1 / std::cos(r)) / kPi) / 2 * 4294967296.0;
    return static_cast<std::uint32_t>(std::clamp(y, 0.0, 4294967295.0));
}

double mercator_x_to_lon(double x_at_zoom, int zoom) { return x_at_zoom / std::ldexp(1.0, zoom) * 360.0 - 180.0; }

double mercator_y_to_lat(double y_at_zoom, int zoom) {
    const double n = kPi - 2 * kPi * y_at_zoom / std::ldexp(1.0, zoom);
    return 180.0 / kPi * std::atan(std::sinh(n));
}

}  // namespace annuaire::search
