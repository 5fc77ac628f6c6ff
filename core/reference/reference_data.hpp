// Reference tables shipped in data/reference: communes (Haut-Rhin), every French
// postcode and CEDEX office, RPPS code labels and search synonyms.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace annuaire::reference {

struct Commune {
    std::string insee;
    std::string name;
    std::string department;
    std::string merged_into;  // non-empty for a delegated former commune
};

struct PostcodeCommune {
    std::string postcode;
    std::string insee;
    std::string commune_name;
    std::string routing_label;
};

struct CedexOffice {
    std::string cedex;
    std::string label;
    std::string insee;
};

struct CodeLabel {
    std::string code;
    std::string type_code;
    std::string label;
};

struct ReferenceData {
    std::vector<Commune> communes;
    std::vector<PostcodeCommune> postcodes;
    std::vector<CedexOffice> cedex_offices;
    std::vector<CodeLabel> professions;
    std::vector<CodeLabel> savoir_faire;
    std::map<std::string, std::string> synonyms;  // code -> extra indexed words
};

// Reads every reference file of data_dir/reference. Throws std::runtime_error
// naming the file and line of anything it cannot read.
ReferenceData load_reference_data(const std::filesystem::path& data_dir);

// The data directory: --data-dir if given, else $ANNUAIRE_DATA_DIR, else the
// one this build was configured with.
std::filesystem::path default_data_dir();

}  // namespace annuaire::reference
