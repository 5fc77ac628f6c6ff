// Distances for radius search: a local flat-earth approximation (scaled for the ellipsoid
// at the query latitude) to reject or accept most candidates before the exact geodesic
// (geo::geodesic_distance_m, the project's one). Web Mercator cells for clusters.
#pragma once

#include <cstdint>

namespace annuaire::search {

// Approximate distances around a fixed point; relative error well under 0.5 %
// for distances up to a few hundred kilometres away from the poles.
class LocalDistance {
public:
    LocalDistance(double lat, double lon);
    double approx_m(double lat, double lon) const;
    // Degrees of latitude / longitude spanned by d metres around the point (upper bounds).
    double lat_degrees(double metres) const;
    double lon_degrees(double metres) const;

private:
    double lat_, lon_, kx_, ky_;
};

// Web Mercator coordinates scaled to [0, 2^32): tile x at zoom z is x >> (32 - z).
std::uint32_t mercator_x(double lon);
std::uint32_t mercator_y(double lat);
double mercator_x_to_lon(double x_at_zoom, int zoom);
double mercator_y_to_lat(double y_at_zoom, int zoom);

}  // namespace annuaire::search
