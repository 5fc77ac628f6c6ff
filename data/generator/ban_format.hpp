// The BAN per-department CSV row ("adresses-68.csv"), written exactly like the
// real files: ';' separated, no quoting, decimals without trailing zeros.
#pragma once

#include <string>
#include <string_view>

namespace gen {

inline constexpr std::string_view kBanHeader =
    "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;"
    "nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;"
    "source_position;source_nom_voie;certification_commune;cad_parcelles";
inline constexpr int kBanColumns = 23;

struct BanRow {
    std::string_view id_fantoir;  // "<insee>_<code>", or empty for new-style ids
    std::string_view id_street;   // what follows "<insee>_" in id: the FANTOIR code or a 6-char key
    int numero = 0;
    std::string_view rep;
    std::string_view nom_voie, code_postal, code_insee, nom_commune;
    std::string_view insee_ancienne, nom_ancienne;
    double x = 0, y = 0, lon = 0, lat = 0;
    std::string_view type_position, nom_ld, acheminement, nom_afnor, cad_parcelles;
};

// Appends one row and its '\n'. Precondition: no field holds ';' or a newline.
void append_ban_row(std::string& out, const BanRow& row);

// Decimal text of `v` rounded to `decimals`, trailing zeros dropped ("6862544.4").
void append_decimal(std::string& out, double v, int decimals);

// Value of `v` once written with append_decimal (the exact number a reader sees).
double round_as_written(double v, int decimals);

}  // namespace gen
