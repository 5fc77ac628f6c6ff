// The BAN address file reader (geo/ban_reader.hpp) on the text of a file: the header
// found by column name, then each row checked (field count, id, INSEE code, house
// number, lon/lat or Lambert-93 x/y inside France, duplicate ids). Only BanFileError may
// come out, listing at most kMaxListedLineErrors lines; what loads is a set of rows that
// pass every check.
#include "fuzz_support.hpp"

#include "ban_reader.hpp"
#include "projection.hpp"

#include <set>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using annuaire::fuzz::require;
    namespace geo = annuaire::geo;
    geo::BanFile file;
    try {
        file = geo::parse_ban_text(annuaire::fuzz::as_text(data, size), "fuzz.csv");
    } catch (const geo::BanFileError& error) {
        require(error.line_errors().size() <= geo::kMaxListedLineErrors, "few line errors are listed");
        return 0;
    }
    require(!file.rows.empty(), "a file that loads has rows");
    require(file.communes >= 1 && file.communes <= static_cast<std::int64_t>(file.rows.size()), "communes are counted once");
    require(file.converted_from_lambert93 <= static_cast<std::int64_t>(file.rows.size()), "conversions are counted once");
    std::set<std::string> ids;
    for (const auto& row : file.rows) {
        require(!row.id.empty() && ids.insert(row.id).second, "ids are present and unique");
        require(row.insee.size() == 5, "an INSEE code has 5 characters");
        require(row.number >= 0, "a house number is not negative");
        require(geo::inside_france(row.lon, row.lat), "positions are inside France");
        require(row.id.find(';') == std::string::npos && row.street_name.find(';') == std::string::npos,
                "fields hold no separator");
    }
    return 0;
}
