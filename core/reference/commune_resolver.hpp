// Finds the INSEE commune of an RPPS address, which often has no commune code:
// from the code itself (mapping delegated communes to the new one, and Paris, Lyon
// or Marseille as a whole to an arrondissement when the address names one), else
// the postcode and the town, else the CEDEX table, else the town the label names
// ("PARIS CEDEX 07", "MULHOUSE CEDEX"), so that an unknown CEDEX code never stops it.
#pragma once

#include "reference/reference_data.hpp"

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace annuaire::reference {

// What a town label of an address says: "PARIS CEDEX 07", "75007 PARIS",
// "LYON 3E ARRONDISSEMENT", "Paris 16e Arrondissement", "68100 MULHOUSE CEDEX 2".
struct TownLabel {
    std::string town;        // folded, without postcode, CEDEX and number: "paris"
    int arrondissement = 0;  // 1.. when the label names one of Paris, Lyon or Marseille
    bool cedex = false;      // the label is a CEDEX office's

    bool empty() const { return town.empty(); }
};

class CommuneResolver {
public:
    explicit CommuneResolver(const ReferenceData& data);

    // town: the "Libellé commune", else the "Bureau cedex" ("68100 MULHOUSE").
    // Returns the INSEE code, or an empty string when nothing fits.
    std::string resolve(std::string_view commune_code, std::string_view postcode,
                        std::string_view cedex_office, std::string_view commune_name) const;

    // Name of a known commune, empty if unknown.
    std::string name_of(std::string_view insee) const;

    // The commune a delegated former commune was merged into; empty if `insee` is not one.
    std::string merged_into(std::string_view insee) const;

    // Communes a CEDEX code serves, as the CEDEX table lists them (most often one).
    std::span<const std::string> cedex_communes(std::string_view cedex) const;

    // True when the postcode table lists this code (a CEDEX code is not a postcode).
    bool is_postcode(std::string_view postcode) const;

    // Communes whose name or routing label is the folded `town`, in the département of
    // `postcode` (every département when the postcode is empty).
    std::vector<std::string> communes_named(std::string_view town, std::string_view postcode) const;

    // Reads a town label (see TownLabel); empty when it names no town.
    static TownLabel parse_town_label(std::string_view label);

    // INSEE code of an arrondissement: ("paris", 7) -> "75107", ("lyon", 3) -> "69383",
    // ("marseille", 8) -> "13208"; empty for another town or a number out of range.
    static std::string arrondissement_insee(std::string_view folded_town, int arrondissement);

    // The arrondissements of a city given by its commune code (75056 Paris, 69123 Lyon,
    // 13055 Marseille); empty for any other code.
    static std::vector<std::string> arrondissements_of(std::string_view city_insee);

    // The city code of an arrondissement (75107 -> 75056); empty for any other code.
    static std::string city_of_arrondissement(std::string_view insee);

private:
    struct Candidate {
        std::string insee;
        std::string folded_name;
        std::string folded_routing;
    };
    std::unordered_map<std::string, std::string> merged_into_;
    std::unordered_map<std::string, std::string> names_;
    std::unordered_map<std::string, std::vector<Candidate>> by_postcode_;
    std::unordered_map<std::string, std::vector<std::string>> by_cedex_;
    // Folded commune name or routing label -> INSEE codes (every département).
    std::unordered_map<std::string, std::vector<std::string>> by_town_;
};

}  // namespace annuaire::reference
