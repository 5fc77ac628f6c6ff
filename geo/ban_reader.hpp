// Reader of BAN per-department address files (adresses-XX.csv[.gz], `;`
// separated, real BAN header). Files are read through GDAL's virtual file
// systems (/vsigzip/ for .gz); lines are split here, which is much faster than
// the OGR CSV driver for 150k+ rows.
#pragma once

#include "store/address_store.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace annuaire::geo {

// A file that cannot be loaded at all: unreadable, truncated gzip, wrong
// header, or bad lines (each listed with its line number and column).
class BanFileError : public std::runtime_error {
public:
    BanFileError(const std::string& message, std::vector<std::string> line_errors = {})
        : std::runtime_error(message), line_errors_(std::move(line_errors)) {}
    const std::vector<std::string>& line_errors() const { return line_errors_; }

private:
    std::vector<std::string> line_errors_;
};

struct BanFile {
    std::string path;
    std::vector<store::BanRecord> rows;
    std::int64_t communes = 0;
    std::int64_t converted_from_lambert93 = 0;  // rows whose lon/lat came from x/y
};

// Reads and validates a whole file. Throws BanFileError on any fault: the
// caller then leaves the index unchanged. Rows are validated for: field count,
// a non-empty unique id, a 5-character code_insee, a numeric numero, numeric
// coordinates inside France (lon/lat, else x/y converted from Lambert-93).
BanFile read_ban_file(const std::string& path);

// What read_ban_file does once the file is read and decompressed: `content` is the whole
// text, `path` only names the file in messages. Lets the rows be checked (and fuzzed)
// without a file.
BanFile parse_ban_text(std::string_view content, const std::string& path);

// Maximum number of line errors listed in a BanFileError (the count is always given).
inline constexpr std::size_t kMaxListedLineErrors = 20;

}  // namespace annuaire::geo
