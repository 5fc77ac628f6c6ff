#include "projection.hpp"

#include <doctest/doctest.h>

using annuaire::geo::LonLat;

TEST_CASE("converts Lambert-93 to WGS84 lon/lat (tolerance 1e-6 degree, about 10 cm)") {
    const annuaire::geo::Lambert93ToWgs84 convert;
    // Mulhouse area, checked with PROJ's cs2cs.
    const LonLat mulhouse = convert(1025000, 6747000);
    CHECK(mulhouse.lon == doctest::Approx(7.338915).epsilon(1e-7));
    CHECK(mulhouse.lat == doctest::Approx(47.743009).epsilon(1e-7));
    // A real BAN row: 1 Avenue du Général Lemonnier, Paris (x;y and lon;lat as published).
    const LonLat paris = convert(650852.91, 6862571.27);
    CHECK(std::abs(paris.lon - 2.330113) < 2e-6);
    CHECK(std::abs(paris.lat - 48.861299) < 2e-6);
}

TEST_CASE("geodesic distances on WGS84 (tolerance 1 cm)") {
    // One degree of latitude at the equator, and of longitude along it.
    CHECK(annuaire::geo::geodesic_distance_m({0, 0}, {0, 1}) == doctest::Approx(110574.389).epsilon(1e-7));
    CHECK(annuaire::geo::geodesic_distance_m({0, 0}, {1, 0}) == doctest::Approx(111319.491).epsilon(1e-7));
    CHECK(annuaire::geo::geodesic_distance_m({7.3389, 47.7480}, {7.3389, 47.7480}) == 0.0);
}

TEST_CASE("France bounds accept the mainland and overseas départements and reject elsewhere") {
    using annuaire::geo::inside_france;
    CHECK(inside_france(2.35, 48.85));     // Paris
    CHECK(inside_france(7.34, 47.75));     // Mulhouse
    CHECK(inside_france(9.45, 42.70));     // Corsica
    CHECK(inside_france(55.45, -20.88));   // La Réunion
    CHECK_FALSE(inside_france(-0.13, 51.51));  // London
    CHECK_FALSE(inside_france(0, 0));
    CHECK_FALSE(inside_france(48.85, 2.35));   // lat/lon swapped
}
