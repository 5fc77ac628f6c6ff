#include "departments.hpp"

#include <array>

namespace gen {
namespace {

using namespace std::string_view_literals;

constexpr std::array kDepartments = {
    Department{"01"sv, "Ain"sv, 650, 46.21, 5.23, 35}, Department{"02"sv, "Aisne"sv, 530, 49.56, 3.62, 40},
    Department{"03"sv, "Allier"sv, 335, 46.57, 3.33, 40}, Department{"04"sv, "Alpes-de-Haute-Provence"sv, 165, 44.09, 6.24, 40},
    Department{"05"sv, "Hautes-Alpes"sv, 141, 44.56, 6.08, 35}, Department{"06"sv, "Alpes-Maritimes"sv, 1090, 43.75, 7.20, 25},
    Department{"07"sv, "Ardèche"sv, 328, 44.74, 4.50, 35}, Department{"08"sv, "Ardennes"sv, 270, 49.70, 4.72, 35},
    Department{"09"sv, "Ariège"sv, 153, 42.96, 1.61, 35}, Department{"10"sv, "Aube"sv, 310, 48.30, 4.08, 35},
    Department{"11"sv, "Aude"sv, 375, 43.15, 2.40, 40}, Department{"12"sv, "Aveyron"sv, 279, 44.35, 2.57, 45},
    Department{"13"sv, "Bouches-du-Rhône"sv, 2040, 43.2965, 5.3698, 30}, Department{"14"sv, "Calvados"sv, 695, 49.10, -0.37, 35},
    Department{"15"sv, "Cantal"sv, 144, 45.05, 2.60, 35}, Department{"16"sv, "Charente"sv, 352, 45.70, 0.16, 35},
    Department{"17"sv, "Charente-Maritime"sv, 655, 45.80, -0.80, 40}, Department{"18"sv, "Cher"sv, 300, 47.08, 2.40, 40},
    Department{"19"sv, "Corrèze"sv, 240, 45.35, 1.87, 35}, Department{"2A"sv, "Corse-du-Sud"sv, 160, 41.90, 8.90, 30},
    Department{"2B"sv, "Haute-Corse"sv, 180, 42.40, 9.20, 35}, Department{"21"sv, "Côte-d'Or"sv, 535, 47.40, 4.80, 45},
    Department{"22"sv, "Côtes-d'Armor"sv, 600, 48.40, -2.80, 40}, Department{"23"sv, "Creuse"sv, 116, 46.10, 2.00, 35},
    Department{"24"sv, "Dordogne"sv, 413, 45.15, 0.72, 45}, Department{"25"sv, "Doubs"sv, 545, 47.15, 6.30, 35},
    Department{"26"sv, "Drôme"sv, 517, 44.70, 5.10, 40}, Department{"27"sv, "Eure"sv, 600, 49.10, 1.10, 40},
    Department{"28"sv, "Eure-et-Loir"sv, 430, 48.40, 1.40, 40}, Department{"29"sv, "Finistère"sv, 915, 48.25, -4.10, 40},
    Department{"30"sv, "Gard"sv, 750, 44.00, 4.20, 40}, Department{"31"sv, "Haute-Garonne"sv, 1420, 43.6047, 1.4442, 40},
    Department{"32"sv, "Gers"sv, 191, 43.70, 0.45, 35}, Department{"33"sv, "Gironde"sv, 1650, 44.80, -0.60, 45},
    Department{"34"sv, "Hérault"sv, 1180, 43.60, 3.60, 40}, Department{"35"sv, "Ille-et-Vilaine"sv, 1080, 48.15, -1.65, 40},
    Department{"36"sv, "Indre"sv, 218, 46.80, 1.60, 40}, Department{"37"sv, "Indre-et-Loire"sv, 610, 47.25, 0.70, 40},
    Department{"38"sv, "Isère"sv, 1270, 45.30, 5.60, 45}, Department{"39"sv, "Jura"sv, 259, 46.70, 5.70, 35},
    Department{"40"sv, "Landes"sv, 413, 43.95, -0.75, 45}, Department{"41"sv, "Loir-et-Cher"sv, 330, 47.60, 1.40, 40},
    Department{"42"sv, "Loire"sv, 765, 45.70, 4.20, 35}, Department{"43"sv, "Haute-Loire"sv, 227, 45.10, 3.80, 35},
    Department{"44"sv, "Loire-Atlantique"sv, 1430, 47.2184, -1.5536, 40}, Department{"45"sv, "Loiret"sv, 680, 47.90, 2.20, 40},
    Department{"46"sv, "Lot"sv, 174, 44.60, 1.60, 35}, Department{"47"sv, "Lot-et-Garonne"sv, 331, 44.35, 0.45, 35},
    Department{"48"sv, "Lozère"sv, 76, 44.50, 3.50, 30}, Department{"49"sv, "Maine-et-Loire"sv, 820, 47.40, -0.55, 40},
    Department{"50"sv, "Manche"sv, 495, 49.10, -1.30, 45}, Department{"51"sv, "Marne"sv, 565, 48.95, 4.20, 45},
    Department{"52"sv, "Haute-Marne"sv, 172, 48.10, 5.20, 40}, Department{"53"sv, "Mayenne"sv, 307, 48.15, -0.65, 35},
    Department{"54"sv, "Meurthe-et-Moselle"sv, 733, 48.80, 6.10, 40}, Department{"55"sv, "Meuse"sv, 184, 49.00, 5.40, 45},
    Department{"56"sv, "Morbihan"sv, 760, 47.85, -2.85, 40}, Department{"57"sv, "Moselle"sv, 1045, 49.05, 6.60, 45},
    Department{"58"sv, "Nièvre"sv, 204, 47.10, 3.50, 40}, Department{"59"sv, "Nord"sv, 2605, 50.50, 3.20, 45},
    Department{"60"sv, "Oise"sv, 830, 49.40, 2.40, 40}, Department{"61"sv, "Orne"sv, 280, 48.60, 0.10, 40},
    Department{"62"sv, "Pas-de-Calais"sv, 1465, 50.50, 2.30, 45}, Department{"63"sv, "Puy-de-Dôme"sv, 662, 45.75, 3.10, 40},
    Department{"64"sv, "Pyrénées-Atlantiques"sv, 682, 43.30, -0.70, 45}, Department{"65"sv, "Hautes-Pyrénées"sv, 229, 43.10, 0.15, 35},
    Department{"66"sv, "Pyrénées-Orientales"sv, 479, 42.65, 2.60, 35}, Department{"67"sv, "Bas-Rhin"sv, 1140, 48.60, 7.60, 40},
    Department{"68"sv, "Haut-Rhin"sv, 765, 47.90, 7.25, 30}, Department{"69"sv, "Rhône"sv, 1880, 45.7640, 4.8357, 30},
    Department{"70"sv, "Haute-Saône"sv, 235, 47.65, 6.10, 40}, Department{"71"sv, "Saône-et-Loire"sv, 551, 46.65, 4.50, 50},
    Department{"72"sv, "Sarthe"sv, 566, 48.00, 0.20, 40}, Department{"73"sv, "Savoie"sv, 436, 45.50, 6.30, 40},
    Department{"74"sv, "Haute-Savoie"sv, 826, 46.00, 6.40, 35}, Department{"75"sv, "Paris"sv, 2145, 48.857, 2.345, 5},
    Department{"76"sv, "Seine-Maritime"sv, 1255, 49.60, 1.00, 45}, Department{"77"sv, "Seine-et-Marne"sv, 1420, 48.60, 2.95, 40},
    Department{"78"sv, "Yvelines"sv, 1450, 48.80, 1.90, 25}, Department{"79"sv, "Deux-Sèvres"sv, 375, 46.50, -0.35, 40},
    Department{"80"sv, "Somme"sv, 570, 49.90, 2.30, 45}, Department{"81"sv, "Tarn"sv, 389, 43.80, 2.10, 40},
    Department{"82"sv, "Tarn-et-Garonne"sv, 260, 44.05, 1.30, 30}, Department{"83"sv, "Var"sv, 1080, 43.45, 6.20, 40},
    Department{"84"sv, "Vaucluse"sv, 561, 44.00, 5.10, 30}, Department{"85"sv, "Vendée"sv, 685, 46.70, -1.35, 45},
    Department{"86"sv, "Vienne"sv, 438, 46.55, 0.45, 45}, Department{"87"sv, "Haute-Vienne"sv, 372, 45.85, 1.25, 35},
    Department{"88"sv, "Vosges"sv, 362, 48.20, 6.40, 40}, Department{"89"sv, "Yonne"sv, 335, 47.85, 3.55, 45},
    Department{"90"sv, "Territoire de Belfort"sv, 141, 47.65, 6.90, 10}, Department{"91"sv, "Essonne"sv, 1300, 48.55, 2.25, 20},
    Department{"92"sv, "Hauts-de-Seine"sv, 1625, 48.85, 2.23, 6}, Department{"93"sv, "Seine-Saint-Denis"sv, 1655, 48.91, 2.48, 7},
    Department{"94"sv, "Val-de-Marne"sv, 1410, 48.78, 2.47, 7}, Department{"95"sv, "Val-d'Oise"sv, 1250, 49.07, 2.15, 20},
    Department{"971"sv, "Guadeloupe"sv, 384, 16.20, -61.55, 18}, Department{"972"sv, "Martinique"sv, 361, 14.65, -61.02, 14},
    Department{"973"sv, "Guyane"sv, 286, 4.85, -52.40, 30}, Department{"974"sv, "La Réunion"sv, 870, -21.12, 55.50, 22},
    Department{"976"sv, "Mayotte"sv, 300, -12.82, 45.15, 8},
};

}  // namespace

std::span<const Department> departments() { return kDepartments; }

}  // namespace gen
