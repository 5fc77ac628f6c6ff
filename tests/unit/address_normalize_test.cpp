#include "text/address_normalize.hpp"
#include "text/normalize.hpp"

#include <doctest/doctest.h>

using annuaire::text::parse_house_number;
using annuaire::text::street_tokens;
using Tokens = std::vector<std::string>;

TEST_CASE("an RPPS street-type code and a BAN street name give the same tokens") {
    CHECK(street_tokens("R", "", "DU SAUVAGE") == Tokens{"rue", "sauvage"});
    CHECK(street_tokens("Rue du Sauvage") == Tokens{"rue", "sauvage"});
    CHECK(street_tokens("AV", "", "DE COLMAR") == street_tokens("Avenue de Colmar"));
    CHECK(street_tokens("BD", "", "VOLTAIRE") == street_tokens("Boulevard Voltaire"));
    CHECK(street_tokens("GAL", "", "VIVIENNE") == street_tokens("Galerie Vivienne"));
    CHECK(street_tokens("RTE", "", "DE BALE") == street_tokens("Route de Bâle"));
}

TEST_CASE("the street-type label wins and is not repeated when the name starts with it") {
    CHECK(street_tokens("R", "Rue", "DU SAUVAGE") == Tokens{"rue", "sauvage"});
    CHECK(street_tokens("R", "Rue", "RUE DU SAUVAGE") == Tokens{"rue", "sauvage"});
    CHECK(street_tokens("", "", "R DU SAUVAGE") == Tokens{"rue", "sauvage"});
}

TEST_CASE("a first word that looks like a type code is kept when the type is given apart") {
    // Paris lane codes such as "Voie R/18": the R is a name, not "rue".
    CHECK(street_tokens("VOIE", "", "R/18") == Tokens{"voie", "r", "18"});
}

TEST_CASE("common abbreviations of street names are expanded") {
    CHECK(street_tokens("AV", "", "DU GAL DE GAULLE") == street_tokens("Avenue du Général de Gaulle"));
    CHECK(street_tokens("R", "", "ST HONORE") == street_tokens("Rue Saint-Honoré"));
    CHECK(street_tokens("PL", "", "STE MARIE") == street_tokens("Place Sainte-Marie"));
    CHECK(street_tokens("R", "", "DU DR SCHWEITZER") == street_tokens("Rue du Docteur Schweitzer"));
    CHECK(street_tokens("R", "", "DU MAL FOCH") == street_tokens("Rue du Maréchal Foch"));
    CHECK(street_tokens("R", "", "DU FBG ST ANTOINE") == street_tokens("Rue du Faubourg Saint-Antoine"));
    CHECK(street_tokens("R", "", "DU CNE MADON") == street_tokens("Rue du Capitaine Madon"));
    CHECK(street_tokens("PL", "", "N-D DES VICTOIRES") == street_tokens("Place Notre-Dame des Victoires"));
}

TEST_CASE("case, accents, hyphens and apostrophes do not matter") {
    CHECK(street_tokens("R", "", "DE L'EGLISE") == street_tokens("Rue de l’Église"));
    CHECK(street_tokens("R", "", "SAINT-HONORÉ") == street_tokens("rue saint honore"));
    CHECK(street_tokens("R", "", "D'ALSACE-LORRAINE") == Tokens{"rue", "alsace", "lorraine"});
    CHECK(street_tokens("r", "rue", "du   sauvage") == street_tokens("RUE DU SAUVAGE"));
}

TEST_CASE("repetition indexes BIS/TER/QUATER and B/T/Q are the same") {
    using annuaire::text::normalize_repetition;
    CHECK(normalize_repetition("BIS") == "b");
    CHECK(normalize_repetition("B") == "b");
    CHECK(normalize_repetition("ter") == "t");
    CHECK(normalize_repetition("T") == "t");
    CHECK(normalize_repetition("QUATER") == "q");
    CHECK(normalize_repetition("Q") == "q");
    CHECK(normalize_repetition("A") == "a");
    CHECK(normalize_repetition("") == "");
}

TEST_CASE("house numbers are read with a glued or separate repetition index") {
    CHECK(parse_house_number("12").number == 12);
    CHECK(parse_house_number("12").repetition.empty());
    CHECK(parse_house_number("12", "BIS").repetition == "b");
    CHECK(parse_house_number("12B").number == 12);
    CHECK(parse_house_number("12B").repetition == "b");
    CHECK(parse_house_number("12 TER").repetition == "t");
    CHECK(parse_house_number("12-14").number == 12);
    CHECK(parse_house_number("12-14").repetition.empty());
}

TEST_CASE("a house number without digits is no number") {
    CHECK_FALSE(parse_house_number("P").valid());
    CHECK_FALSE(parse_house_number("").valid());
    CHECK_FALSE(parse_house_number("  ").valid());
}

TEST_CASE("a street line keeps the street and leaves out remarks, floors, buildings and postal boxes after it") {
    using annuaire::text::clean_street_line;
    std::string removed;
    CHECK(clean_street_line("DE LA PAIX (1ER ETAGE DROITE)", &removed) == "de la paix");
    CHECK(removed == "1er etage droite");
    CHECK(clean_street_line("DE LA PAIX RESIDENCE LES LILAS ESCALIER B", &removed) == "de la paix");
    CHECK(removed == "residence les lilas escalier b");
    CHECK(clean_street_line("DE LA PAIX BAT A 3EME ETAGE") == "de la paix");
    CHECK(clean_street_line("DE LA PAIX ESC B") == "de la paix");
    CHECK(clean_street_line("DE LA PAIX 1ER ETAGE") == "de la paix");
    CHECK(clean_street_line("DE LA PAIX APPT 12") == "de la paix");
    CHECK(clean_street_line("DE LA PAIX BP 123") == "de la paix");
    CHECK(clean_street_line("DE LA PAIX CS40012") == "de la paix");
    CHECK(clean_street_line("RUE DE LA PAIX - RDC") == "rue de la paix");
    CHECK(clean_street_line("DE LA PAIX [FACE A LA MAIRIE]") == "de la paix");
}

TEST_CASE("a street line that starts with a building or a postal box keeps the street that follows") {
    using annuaire::text::clean_street_line;
    CHECK(clean_street_line("BAT C DE LA PAIX") == "de la paix");
    CHECK(clean_street_line("BP 12 RUE DE LA PAIX") == "rue de la paix");
    CHECK(clean_street_line("2EME ETAGE RUE DE LA PAIX") == "rue de la paix");
}

TEST_CASE("words of a street name that look like markers stay in the name") {
    using annuaire::text::clean_street_line;
    std::string removed;
    CHECK(clean_street_line("Rue de la Résidence", &removed) == "rue de la residence");
    CHECK(removed.empty());
    CHECK(clean_street_line("PASSAGE DU BUREAU") == "passage du bureau");
    CHECK(clean_street_line("AVENUE DE LA PORTE DE CLICHY") == "avenue de la porte de clichy");
    CHECK(clean_street_line("ALLEE RESIDENCE DU PARC") == "allee residence du parc");
    CHECK(clean_street_line("R DE L'ANGLE") == "r de l angle");
    CHECK(clean_street_line("") == "");
    CHECK(clean_street_line("(1ER ETAGE)") == "");
}

TEST_CASE("commune names and routing labels have one key, ST and STE written out") {
    using annuaire::text::commune_key;
    CHECK(commune_key("ST LOUIS") == "saint louis");
    CHECK(commune_key("Saint-Louis") == "saint louis");
    CHECK(commune_key("STE MARIE AUX MINES") == commune_key("Sainte-Marie-aux-Mines"));
    CHECK(commune_key("Paris 7e Arrondissement") == "paris 7e arrondissement");
}

TEST_CASE("a street's wording keeps its articles and drops its type, so names with the same tokens stay apart") {
    using annuaire::text::street_wording;
    using annuaire::text::words;
    CHECK(street_wording("Rue de Martignac") == "de martignac");
    CHECK(street_wording("Cité Martignac") == "martignac");
    CHECK(street_wording("DE MARTIGNAC") == street_wording("Rue de Martignac"));
    CHECK(street_wording(words("R DE MARTIGNAC")) == "de martignac");
    CHECK(street_wording("Rond-Point des Champs-Élysées") == "des champs elysees");
    CHECK(street_wording("ST SULPICE") == street_wording("Place Saint-Sulpice"));
    CHECK(street_wording("Rue") == "rue");  // a type alone is all the name there is
    CHECK(street_wording("") == "");
}
