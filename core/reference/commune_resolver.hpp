// Finds the INSEE commune of an RPPS address, which often has no commune code:
// from the code itself (mapping delegated communes to the new one), else the
// CEDEX office, else the postcode and the town name.
#pragma once

#include "reference/reference_data.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace annuaire::reference {

class CommuneResolver {
public:
    explicit CommuneResolver(const ReferenceData& data);

    // town: the "Libellé commune", else the "Bureau cedex" ("68100 MULHOUSE").
    // Returns the INSEE code, or an empty string when nothing fits.
    std::string resolve(std::string_view commune_code, std::string_view postcode,
                        std::string_view cedex_office, std::string_view commune_name) const;

    // Name of a known commune, empty if unknown.
    std::string name_of(std::string_view insee) const;

    // The town part of a "Bureau cedex" value: "68100 MULHOUSE CEDEX 2" -> "MULHOUSE".
    static std::string town_of_cedex_office(std::string_view cedex_office);

private:
    struct Candidate {
        std::string insee;
        std::string folded_name;
        std::string folded_routing;
    };
    std::unordered_map<std::string, std::string> merged_into_;
    std::unordered_map<std::string, std::string> names_;
    std::unordered_map<std::string, std::vector<Candidate>> by_postcode_;
    std::unordered_map<std::string, std::vector<Candidate>> by_cedex_;
};

}  // namespace annuaire::reference
