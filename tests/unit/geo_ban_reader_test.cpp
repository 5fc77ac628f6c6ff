#include "ban_reader.hpp"

#include <doctest/doctest.h>

#include <string>

using annuaire::geo::BanFileError;
using annuaire::geo::read_ban_file;

namespace {

std::string fixture(const std::string& name) { return ANNUAIRE_SOURCE_DIR "/tests/fixtures/ban/" + name; }

// The error of reading a fixture, with its listed line errors, joined.
std::string error_of(const std::string& name) {
    try {
        read_ban_file(fixture(name));
    } catch (const BanFileError& error) {
        std::string text = error.what();
        for (const auto& line : error.line_errors()) text += "\n" + line;
        return text;
    }
    return "no error";
}

}  // namespace

TEST_CASE("reads a real BAN slice, plain and gzipped, with canonical repetition indexes") {
    const auto plain = read_ban_file(fixture("adresses-75-slice.csv"));
    const auto gzipped = read_ban_file(fixture("adresses-75-slice.csv.gz"));
    CHECK(plain.rows.size() == 128);
    CHECK(gzipped.rows.size() == plain.rows.size());
    CHECK(plain.communes == 1);
    CHECK(plain.converted_from_lambert93 == 0);
    const auto& first = plain.rows.front();
    CHECK(first.insee == "75111");
    CHECK(first.postcode == "75011");
    bool has_bis = false;
    for (const auto& row : plain.rows) has_bis = has_bis || row.repetition == "b";
    CHECK(has_bis);
}

TEST_CASE("converts x/y from Lambert-93 when a row has no lon/lat (tolerance 2e-6 degree)") {
    const auto file = read_ban_file(fixture("lambert93-only.csv"));
    REQUIRE(file.rows.size() == 4);
    CHECK(file.converted_from_lambert93 == 4);
    // Published lon/lat of 1 and 2 Rue Gobert, Paris.
    CHECK(std::abs(file.rows[0].lon - 2.382017) < 2e-6);
    CHECK(std::abs(file.rows[0].lat - 48.855599) < 2e-6);
    CHECK(std::abs(file.rows[1].lon - 2.382053) < 2e-6);
    CHECK(std::abs(file.rows[1].lat - 48.855476) < 2e-6);
}

TEST_CASE("rejects a file whose header is not the BAN header, naming the missing columns") {
    const std::string error = error_of("wrong-header.csv");
    CHECK(error.find("line 1") != std::string::npos);
    CHECK(error.find("missing column(s) id, numero") != std::string::npos);
}

TEST_CASE("rejects non-numeric and out-of-France coordinates with their line numbers") {
    const std::string error = error_of("bad-coordinates.csv");
    CHECK(error.find("2 bad line(s)") != std::string::npos);
    CHECK(error.find("line 4: column lon: '2,37x' is not a number") != std::string::npos);
    CHECK(error.find("line 5: position lon -0.127800, lat 51.507400 is outside France") != std::string::npos);
}

TEST_CASE("rejects duplicate ids, naming both lines") {
    const std::string error = error_of("duplicate-ids.csv");
    CHECK(error.find("line 6: duplicate id '75111_4214_00002' (first on line 3)") != std::string::npos);
}

TEST_CASE("rejects a truncated gzip file") {
    const std::string error = error_of("truncated.csv.gz");
    CHECK(error.find("truncated or corrupt gzip") != std::string::npos);
}

TEST_CASE("rejects a missing file") {
    CHECK(error_of("no-such-file.csv").find("cannot open") != std::string::npos);
}
