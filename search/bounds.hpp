// The box around the located practices of an answer (the "bounds" of a search, of a text's
// matches, of the whole index for the page), grown one practice at a time.
#pragma once

#include "search/practice_index.hpp"
#include "util/json_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace annuaire::search {

// The box around a set of located practices (none when nothing is located).
struct Bounds {
    double west = 180, south = 90, east = -180, north = -90;
    bool any = false;
    void add(const PracticeIndex& ix, std::uint32_t pos) {
        const double lat = ix.lat[pos], lon = ix.lon[pos];
        if (std::isnan(lat) || std::isnan(lon)) return;
        any = true;
        west = std::min(west, lon);
        east = std::max(east, lon);
        south = std::min(south, lat);
        north = std::max(north, lat);
    }
    void add(const Bounds& other) {
        if (!other.any) return;
        any = true;
        west = std::min(west, other.west);
        east = std::max(east, other.east);
        south = std::min(south, other.south);
        north = std::max(north, other.north);
    }
    void write(util::JsonWriter& out) const {
        if (!any) {
            out.null();
            return;
        }
        out.begin_array().value(west).value(south).value(east).value(north).end_array();
    }
};

}  // namespace annuaire::search
