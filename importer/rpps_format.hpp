// The PS_LibreAcces_Personne_activite format: its columns, found by header name,
// and the splitting of one line into fields. Works on plain strings only.
#pragma once

#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace annuaire::importer {

enum class Field : int {
    id_type, id, national_id, exercise_civility_code, exercise_civility_label, civility_code,
    civility_label, last_name, first_name, profession_code, profession_label, category_code,
    category_label, specialty_type_code, specialty_type_label, specialty_code, specialty_label,
    mode_code, mode_label, siret, siren, finess, finess_legal, structure_id, company_name,
    trade_name, recipient_complement, geo_complement, street_number, repetition_index,
    street_type_code, street_type_label, street_name, distribution_mention, cedex_office,
    postcode, commune_code, commune_name, country_code, country_name, phone, phone2, fax, email,
    department_code, department_label, former_structure_id, registration_authority, sector_code,
    sector_label, pharmacist_section_code, pharmacist_section_label,
    // The four columns appended around 2023: optional.
    role_code, role_label, activity_kind_code, activity_kind_label,
    count
};
inline constexpr int kFieldCount = static_cast<int>(Field::count);
inline constexpr int kRequiredFieldCount = static_cast<int>(Field::role_code);

// Raised when the header cannot be used; nothing has been written at that point.
class HeaderError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Where each known field sits in the file's lines.
struct Layout {
    std::array<int, kFieldCount> column{};  // -1 when the file lacks the column
    int column_count = 0;                   // columns in the header
    bool has_trailing_separator = true;
};

// Maps the header line to a layout. Throws HeaderError naming every missing
// required column, or explaining a wrong separator.
Layout parse_header(std::string_view header_line);

// The values of one line, pointing into the line's buffer.
struct Record {
    std::array<std::string_view, kFieldCount> values{};
    std::string_view operator[](Field field) const { return values[static_cast<int>(field)]; }
};

// Splits a data line and checks it. Returns the reason for rejecting it, if any.
std::optional<std::string> parse_line(std::string_view line, const Layout& layout, Record& out);

// The header name of a field, as in the current extract.
std::string_view field_name(Field field);

}  // namespace annuaire::importer
