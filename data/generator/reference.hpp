// Loading of the real reference tables in data/reference/ (see data/README.md).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gen {

// Splits one line on `sep`; a trailing separator gives a trailing empty field.
std::vector<std::string> split(std::string_view line, char sep);

struct CommuneInfo {
    std::string insee;
    std::string name;
    std::vector<std::string> postcodes;
    long population = 0;
    bool m2a = false;
    double centroid_lon = 0, centroid_lat = 0;
};

// One row of codes-postaux-voies-68.csv.
struct StreetCodeRow {
    std::string insee, code_voie, postcode, acheminement;
    int parity = -1;  // -1 none, 0 even numbers, 1 odd numbers
    int lower = 0, upper = 0;
};

// A commune of the national postcode table: its first postcode and how many it has.
struct PostalCommune {
    std::string insee, name, postcode, acheminement;
    int postcode_count = 0;
};

struct CedexRow {
    std::string code, label, insee;
};

struct CodeLabel {
    std::string code, label;
};

struct SavoirFaireRow {
    std::string code, type, profession, label;  // label as seen in the extract (no "(SM)" suffix)
};

class Reference {
public:
    // Loads everything from `dir` (the project's data/reference/). Throws on a missing file.
    explicit Reference(const std::filesystem::path& dir);

    const std::filesystem::path& dir() const { return dir_; }
    const std::vector<CommuneInfo>& communes() const { return communes_; }
    const CommuneInfo& commune(std::string_view insee) const;
    // Real FANTOIR codes of a commune (rows with code_voie "XXXX" excluded), in file order.
    std::vector<StreetCodeRow> street_codes(std::string_view insee) const;
    // Postcode of a house number on a street, honouring the parity/bounds split rows.
    std::string street_postcode(std::string_view insee, std::string_view code_voie, int numero,
                                const std::string& fallback) const;
    // libelle_acheminement for (postcode, insee); falls back to the upper-case commune name.
    std::string acheminement(std::string_view postcode, std::string_view insee) const;
    // Every commune of the national postcode table (codes-postaux.csv.gz), in INSEE order.
    const std::vector<PostalCommune>& postal_communes() const { return postal_communes_; }
    // CEDEX codes whose every row points at `insee` (so the code is unambiguous).
    std::vector<CedexRow> cedex_for(std::string_view insee) const;

    const std::string& profession_label(std::string_view code) const;
    const SavoirFaireRow& savoir_faire(std::string_view code) const;
    const std::string& secteur_label(std::string_view code) const;
    const std::string& mode_label(std::string_view code) const;
    const std::string& type_savoir_faire_label(std::string_view code) const;
    const std::string& rpps_header() const { return rpps_header_; }

private:
    std::filesystem::path dir_;
    std::vector<CommuneInfo> communes_;
    std::map<std::string, std::size_t, std::less<>> commune_index_;
    std::vector<StreetCodeRow> street_codes_;
    std::map<std::pair<std::string, std::string>, std::string> acheminement_;
    std::vector<CedexRow> cedex_;
    std::vector<PostalCommune> postal_communes_;
    std::map<std::string, std::string, std::less<>> professions_, secteurs_, modes_, types_sf_;
    std::map<std::string, SavoirFaireRow, std::less<>> savoir_faire_;
    std::string rpps_header_;
};

}  // namespace gen
