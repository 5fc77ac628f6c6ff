#include "rpps_format.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

using namespace annuaire::importer;

namespace {

std::string read_first_line(const std::string& relative) {
    std::ifstream in(std::string(ANNUAIRE_SOURCE_DIR) + "/" + relative);
    std::string line;
    std::getline(in, line);
    return line;
}

const std::string kHeader56 = read_first_line("data/reference/rpps/PS_LibreAcces_Personne_activite.header.txt");
const std::string kHeader52 = read_first_line("data/reference/rpps/PS_LibreAcces_Personne_activite.2021-2022.header.txt");

std::string line_with(int fields, const std::string& id_type, const std::string& id) {
    std::string line = id_type + "|" + id + "|" + id_type + id + "|||M|Monsieur|DURAND|Paul|10|Médecin|";
    for (int i = 11; i < fields; ++i) line += "|";
    return line;
}

}  // namespace

TEST_CASE("accepts the current 56-column header and finds columns by name") {
    const Layout layout = parse_header(kHeader56);
    CHECK(layout.column_count == 56);
    CHECK(layout.has_trailing_separator);
    CHECK(layout.column[static_cast<int>(Field::id)] == 1);
    CHECK(layout.column[static_cast<int>(Field::role_code)] == 52);
}

TEST_CASE("accepts the 52-column 2021-2022 header, without the role columns") {
    const Layout layout = parse_header(kHeader52);
    CHECK(layout.column_count == 52);
    CHECK(layout.column[static_cast<int>(Field::role_code)] == -1);
}

TEST_CASE("accepts the 'Code fonction' spelling of the role column") {
    std::string header = kHeader56;
    header.replace(header.find("Code rôle"), std::string("Code rôle").size(), "Code fonction");
    CHECK(parse_header(header).column[static_cast<int>(Field::role_code)] == 52);
}

TEST_CASE("finds columns by name when they are reordered") {
    std::string header = kHeader52;
    // Move "Identifiant PP|" to the end.
    const std::string moved = "Identifiant PP|";
    header.erase(header.find(moved), moved.size());
    header += moved;
    CHECK(parse_header(header).column[static_cast<int>(Field::id)] == 51);
}

TEST_CASE("names every missing required column") {
    std::string header = kHeader56;
    for (const std::string name : {"Nom d'exercice|", "Code postal (coord. structure)|"}) {
        header.erase(header.find(name), name.size());
    }
    try {
        parse_header(header);
        FAIL("expected a HeaderError");
    } catch (const HeaderError& error) {
        const std::string message = error.what();
        CHECK(message.find("'Nom d'exercice'") != std::string::npos);
        CHECK(message.find("'Code postal (coord. structure)'") != std::string::npos);
    }
}

TEST_CASE("rejects a header with the wrong separator and says which one it uses") {
    std::string header = kHeader56;
    for (auto& c : header) if (c == '|') c = ';';
    CHECK_THROWS_WITH_AS(parse_header(header), doctest::Contains("uses ';'"), HeaderError);
}

TEST_CASE("parses a valid RPPS line and keeps leading zeros") {
    const Layout layout = parse_header(kHeader56);
    Record record;
    const std::string line = line_with(56, "0", "012345678");
    CHECK_FALSE(parse_line(line, layout, record).has_value());
    CHECK(record[Field::id] == "012345678");
    CHECK(record[Field::last_name] == "DURAND");
    CHECK(record[Field::profession_label] == "Médecin");
}

TEST_CASE("rejects a line with 55 fields and one with 57") {
    const Layout layout = parse_header(kHeader56);
    Record record;
    auto too_few = parse_line(line_with(55, "8", "10000000001"), layout, record);
    REQUIRE(too_few);
    CHECK(too_few->find("too few fields: expected 56, found 55") != std::string::npos);
    auto too_many = parse_line(line_with(57, "8", "10000000001"), layout, record);
    REQUIRE(too_many);
    CHECK(too_many->find("too many fields") != std::string::npos);
}

TEST_CASE("rejects identifiers that are not 9 or 11 digits or do not fit their type") {
    const Layout layout = parse_header(kHeader56);
    Record record;
    CHECK(parse_line(line_with(56, "8", "1000000001"), layout, record)->find("9 (ADELI) or 11 (RPPS)") != std::string::npos);
    CHECK(parse_line(line_with(56, "8", "10000A00001"), layout, record).has_value());
    CHECK(parse_line(line_with(56, "0", "10000000001"), layout, record)->find("does not fit") != std::string::npos);
    CHECK_FALSE(parse_line(line_with(56, "", "10000000001"), layout, record).has_value());
}
