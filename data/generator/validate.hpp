// Read-back checks of the generated files, written independently of the
// generation code: the generator exits non-zero when one fails.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "geo.hpp"

namespace gen {

struct BanCheck {
    int rows = 0;
    std::set<std::string> keys;  // every BAN id
};

// Checks header, 23 columns, id/id_fantoir/numero/rep consistency, unique ids,
// and that every (lon, lat) lies inside the contour of its code_insee (own
// point-in-polygon, not GEOS). Throws std::runtime_error naming the line.
BanCheck check_ban_file(const std::string& path, const std::vector<Contour>& contours);

struct ExtractCheck {
    long lines = 0;
};

// Checks: no BOM, exact header, LF only, every line has 56 fields and ends with
// '|', valid UTF-8. Streams, so it works on national-size files.
ExtractCheck check_extract_file(const std::string& path, const std::string& header);

}  // namespace gen
