// The BAN address file reader (geo/ban_reader.hpp) on the text of a file: the header
// found by column name, then each row checked (field count, id, INSEE code, house
// number, lon/lat or Lambert-93 x/y inside France, duplicate ids). Only BanFileError may
// come out, listing at most kMaxListedLineErrors lines; what loads is a set of rows that
// pass every check. The same file with CRLF line ends and a byte order mark reads the same.
#include "fuzz_support.hpp"

#include "ban_reader.hpp"
#include "projection.hpp"

#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace {

using annuaire::fuzz::require;
namespace geo = annuaire::geo;

struct Outcome {
    std::string error;                       // empty when the file loads
    std::vector<std::string> line_errors;
    std::vector<std::tuple<std::string, std::string, std::string, int, std::string, double, double>> rows;

    bool operator==(const Outcome&) const = default;
};

Outcome read(std::string_view content) {
    Outcome outcome;
    geo::BanFile file;
    try {
        file = geo::parse_ban_text(content, "fuzz.csv");
    } catch (const geo::BanFileError& error) {
        require(error.line_errors().size() <= geo::kMaxListedLineErrors, "few line errors are listed");
        outcome.error = error.what();
        outcome.line_errors = error.line_errors();
        return outcome;
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
        outcome.rows.emplace_back(row.id, row.insee, row.street_name, row.number, row.repetition, row.lon, row.lat);
    }
    return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = annuaire::fuzz::as_text(data, size);
    const Outcome outcome = read(text);
    // Files saved on Windows: CRLF line ends and a byte order mark change nothing.
    if (text.empty() || text.find('\r') != std::string_view::npos || text.substr(0, 3) == "\xEF\xBB\xBF") return 0;
    std::string windows = "\xEF\xBB\xBF";
    for (const char c : text) {
        if (c == '\n') windows += '\r';
        windows += c;
    }
    require(read(windows) == outcome, "CRLF line ends and a byte order mark read the same");
    return 0;
}
