// One line of the RPPS extract, split into the entities the store keeps.
// Views point into the line being imported: valid for one ImportWriter::add call.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace annuaire::model {

struct PractitionerFields {
    std::string_view id, id_type, national_id, civility_code, civility_label,
        exercise_civility_code, exercise_civility_label, last_name, first_name, profession_code,
        profession_label, category_code, category_label;
};

struct SpecialtyFields {
    std::string_view code, type_code, type_label, label;  // code empty: none on this line
};

struct SiteFields {
    std::string_view structure_id, former_structure_id, siret, siren, finess, finess_legal,
        company_name, trade_name, recipient_complement, geo_complement, street_number,
        repetition_index, street_type_code, street_type_label, street_name, distribution_mention,
        cedex_office, postcode, commune_code, commune_name, country_code, country_name, phone,
        phone2, fax, email, department_code, department_label;
    std::string resolved_insee;
};

struct ActivityFields {
    std::string_view profession_code, profession_label, mode_code, mode_label, sector_code,
        sector_label, pharmacist_section_code, pharmacist_section_label, role_code, role_label,
        activity_kind_code, activity_kind_label, registration_authority;
};

struct ExtractLine {
    std::uint64_t line_number = 0;
    std::int64_t line_hash = 0;  // of the whole line, to spot exact duplicates
    PractitionerFields practitioner;
    SpecialtyFields specialty;
    bool has_site = false;
    SiteFields site;
    ActivityFields activity;
};

}  // namespace annuaire::model
