#include "wordlists.hpp"

#include <array>

namespace gen::words {
namespace {

using namespace std::string_view_literals;

// Common French surnames mixed with typical Alsatian / Rhine-valley ones.
constexpr std::array kLastNames = {
    "MARTIN"sv, "BERNARD"sv, "THOMAS"sv, "PETIT"sv, "ROBERT"sv, "RICHARD"sv, "DURAND"sv, "DUBOIS"sv,
    "MOREAU"sv, "LAURENT"sv, "SIMON"sv, "MICHEL"sv, "LEFEBVRE"sv, "LEROY"sv, "ROUX"sv, "DAVID"sv,
    "BERTRAND"sv, "MOREL"sv, "FOURNIER"sv, "GIRARD"sv, "BONNET"sv, "DUPONT"sv, "LAMBERT"sv, "FONTAINE"sv,
    "ROUSSEAU"sv, "VINCENT"sv, "MULLER"sv, "LEFEVRE"sv, "FAURE"sv, "ANDRE"sv, "MERCIER"sv, "BLANC"sv,
    "GUERIN"sv, "BOYER"sv, "GARNIER"sv, "CHEVALIER"sv, "FRANCOIS"sv, "LEGRAND"sv, "GAUTHIER"sv, "GARCIA"sv,
    "PERRIN"sv, "ROBIN"sv, "CLEMENT"sv, "MORIN"sv, "NICOLAS"sv, "HENRY"sv, "ROUSSEL"sv, "MATHIEU"sv,
    "GAUTIER"sv, "MASSON"sv, "MARCHAND"sv, "DUVAL"sv, "DENIS"sv, "DUMONT"sv, "MARIE"sv, "LEMAIRE"sv,
    "NOEL"sv, "MEYER"sv, "DUFOUR"sv, "MEUNIER"sv, "BRUN"sv, "BLANCHARD"sv, "GIRAUD"sv, "JOLY"sv,
    "RIVIERE"sv, "LUCAS"sv, "BRUNET"sv, "GAILLARD"sv, "BARBIER"sv, "ARNAUD"sv, "MARTINEZ"sv, "GERARD"sv,
    "ROCHE"sv, "RENARD"sv, "SCHMITT"sv, "ROY"sv, "LEROUX"sv, "COLIN"sv, "VIDAL"sv, "CARON"sv,
    "PICARD"sv, "ROGER"sv, "FABRE"sv, "AUBERT"sv, "LEMOINE"sv, "RENAUD"sv, "DUMAS"sv, "LACROIX"sv,
    "OLIVIER"sv, "PHILIPPE"sv, "BOURGEOIS"sv, "PIERRE"sv, "BENOIT"sv, "REY"sv, "LECLERC"sv, "PAYET"sv,
    "ROLLAND"sv, "LECLERCQ"sv, "GUILLAUME"sv, "LECOMTE"sv, "LOPEZ"sv, "JEAN"sv, "DUPUY"sv, "GUILLOT"sv,
    "HUBERT"sv, "BERGER"sv, "CARPENTIER"sv, "SANCHEZ"sv, "DUPUIS"sv, "MOULIN"sv, "LOUIS"sv, "DESCHAMPS"sv,
    "HUET"sv, "VASSEUR"sv, "PEREZ"sv, "BOUCHER"sv, "FLEURY"sv, "ROYER"sv, "KLEIN"sv, "JACQUET"sv,
    "ADAM"sv, "PARIS"sv, "POIRIER"sv, "MARTY"sv, "AUBRY"sv, "GUYOT"sv, "CARRE"sv, "CHARLES"sv,
    "RENAULT"sv, "CHARPENTIER"sv, "MENARD"sv, "MAILLARD"sv, "BARON"sv, "BERTIN"sv, "BAILLY"sv, "HERVE"sv,
    "SCHNEIDER"sv, "FERNANDEZ"sv, "LE GALL"sv, "COLLET"sv, "LEGER"sv, "BOUVIER"sv, "JULIEN"sv, "PREVOST"sv,
    "MILLET"sv, "PERROT"sv, "DANIEL"sv, "LE ROUX"sv, "COUSIN"sv, "GERMAIN"sv, "BRETON"sv, "BESSON"sv,
    "LANGLOIS"sv, "REMY"sv, "LE GOFF"sv, "PELLETIER"sv, "LEVEQUE"sv, "PERRIER"sv, "LEBLANC"sv, "BARRE"sv,
    "LEBRUN"sv, "MARCHAL"sv, "WEBER"sv, "MALLET"sv, "HAMON"sv, "BOULANGER"sv, "JACOB"sv, "MONNIER"sv,
    "MICHAUD"sv, "RODRIGUEZ"sv, "GUICHARD"sv, "GILLET"sv, "ETIENNE"sv, "GRONDIN"sv, "POULAIN"sv, "TESSIER"sv,
    "CHEVALLIER"sv, "COLLIN"sv, "CHAUVIN"sv, "DA SILVA"sv, "BOUCHET"sv, "GAY"sv, "LEMAITRE"sv, "BENARD"sv,
    "MARECHAL"sv, "HUMBERT"sv, "REYNAUD"sv, "ANTOINE"sv, "HOARAU"sv, "PERRET"sv, "BARTHELEMY"sv, "CORDIER"sv,
    "PICHON"sv, "LEJEUNE"sv, "GILBERT"sv, "LAMY"sv, "DELAUNAY"sv, "PASQUIER"sv, "CARLIER"sv, "LAPORTE"sv,
    // Alsace and the Upper Rhine
    "SCHMITT"sv, "SCHMIDT"sv, "MEYER"sv, "KLEIN"sv, "WEBER"sv, "FISCHER"sv, "WAGNER"sv, "HOFFMANN"sv,
    "BAUMANN"sv, "KELLER"sv, "WALTER"sv, "ZIMMERMANN"sv, "SCHWARTZ"sv, "HUBER"sv, "BRAUN"sv, "KOENIG"sv,
    "FUCHS"sv, "HERRMANN"sv, "LANG"sv, "BECKER"sv, "KIEFFER"sv, "WOLFF"sv, "SCHAEFFER"sv, "HAAS"sv,
    "FRITSCH"sv, "BURGER"sv, "ERHARD"sv, "GROSS"sv, "HERZOG"sv, "JUNG"sv, "KAUFFMANN"sv, "KOCH"sv,
    "KUHN"sv, "LUTZ"sv, "MAURER"sv, "NEUMANN"sv, "OBERLIN"sv, "PFISTER"sv, "RITTER"sv, "ROTH"sv,
    "SCHERRER"sv, "SCHOTT"sv, "SEILER"sv, "STOECKEL"sv, "STREBLER"sv, "THIEBAUT"sv, "VOGEL"sv, "WALCH"sv,
    "WEISS"sv, "WINTERHALTER"sv, "ZELLER"sv, "BOLLINGER"sv, "BRUCKER"sv, "DREYFUS"sv, "EHRHART"sv, "FREY"sv,
    "GEBEL"sv, "GOETZ"sv, "GRAFF"sv, "HABERMACHER"sv, "HARTMANN"sv, "HEINRICH"sv, "HUG"sv, "ILTIS"sv,
    "JAEGLE"sv, "KAEMPF"sv, "KLINGER"sv, "KNAB"sv, "KUENTZ"sv, "LEHMANN"sv, "LITZLER"sv, "MEISTER"sv,
    "MISSLIN"sv, "MOSER"sv, "NUSSBAUM"sv, "OTT"sv, "RINGENBACH"sv, "RUEFF"sv, "SCHUELLER"sv, "SCHUH"sv,
    "SPECKLIN"sv, "STAUFFER"sv, "STUDER"sv, "TSCHAEN"sv, "UHLRICH"sv, "WALTHER"sv, "WERNER"sv, "WIDMER"sv,
    "WISS"sv, "ZUGMEYER"sv, "ZIEGLER"sv, "BINDLER"sv, "BILGER"sv, "BRENDLE"sv, "DIETRICH"sv, "EGLIN"sv,
    "ENDERLIN"sv, "FELLMANN"sv, "FRICKER"sv, "GASSER"sv, "GROELLY"sv, "HAEFFLINGER"sv, "HASSLER"sv, "HECKLEN"sv,
    "HEITZ"sv, "HIRTZ"sv, "HUNZINGER"sv, "KIENTZ"sv, "KOHLER"sv, "KRAFFT"sv, "LIDY"sv, "MANGOLD"sv,
    "MERTZ"sv, "MUNCK"sv, "RISSER"sv, "RUDLOFF"sv, "SCHIRMER"sv, "SCHUFFENECKER"sv, "SENGELIN"sv, "SUTTER"sv,
    "TROMMER"sv, "URBAN"sv, "WALLER"sv, "WETZEL"sv, "WIRTH"sv, "ZIMMERLE"sv, "BAUMGARTNER"sv, "BLIND"sv,
    "BOEHLER"sv, "BUCHER"sv, "DOLL"sv, "EHRET"sv, "FLIELLER"sv, "GEIGER"sv, "GUTLEBEN"sv, "HERTZOG"sv,
    "KLOTZ"sv, "LANDWERLIN"sv, "LIBS"sv, "MARBACH"sv, "NAAS"sv, "REBER"sv, "SCHILLINGER"sv, "STEHLIN"sv,
    "THUET"sv, "VONAU"sv, "WALDVOGEL"sv, "WEIBEL"sv, "WINTZER"sv, "ZURCHER"sv, "KNECHT"sv, "FLECK"sv,
    // Families of other origins common in the Mulhouse area
    "BENALI"sv, "BOUZIANE"sv, "HAMIDI"sv, "MANSOURI"sv, "BELKACEM"sv, "CHERIF"sv, "HADDAD"sv, "SAIDI"sv,
    "YILMAZ"sv, "OZTURK"sv, "KAYA"sv, "DEMIR"sv, "ÇELIK"sv, "ARSLAN"sv, "FERREIRA"sv, "PEREIRA"sv,
    "RIBEIRO"sv, "ALVES"sv, "ROSSI"sv, "RUSSO"sv, "BIANCHI"sv, "ROMANO"sv, "COSTA"sv, "NGUYEN"sv,
    "TRAN"sv, "DIALLO"sv, "TRAORE"sv, "KOWALSKI"sv, "NOWAK"sv, "POPESCU"sv, "IVANOV"sv, "SCHAFFHAUSER"sv,
    "LOEFFLER"sv, "EHRSAM"sv, "BAUER"sv, "ANGST"sv, "BRÄNDLI"sv, "GIRARDIN"sv, "JOURDAIN"sv, "VUILLEMIN"sv,
    "COURVOISIER"sv, "PETITJEAN"sv, "GROSJEAN"sv, "JEANNIN"sv, "PERRENOUD"sv, "MONNOT"sv, "BOURQUIN"sv, "CUENOT"sv,
};

constexpr std::array kMaleFirst = {
    "Jean"sv, "Pierre"sv, "Michel"sv, "André"sv, "Philippe"sv, "Alain"sv, "Bernard"sv, "Jacques"sv,
    "Daniel"sv, "Christian"sv, "Patrick"sv, "Nicolas"sv, "Christophe"sv, "Frédéric"sv, "Laurent"sv, "Stéphane"sv,
    "Éric"sv, "David"sv, "Olivier"sv, "Thierry"sv, "Sébastien"sv, "Julien"sv, "Pascal"sv, "Thomas"sv,
    "François"sv, "Alexandre"sv, "Vincent"sv, "Antoine"sv, "Guillaume"sv, "Maxime"sv, "Romain"sv, "Mathieu"sv,
    "Jérôme"sv, "Sylvain"sv, "Bruno"sv, "Didier"sv, "Gilles"sv, "Dominique"sv, "Marc"sv, "Yves"sv,
    "Emmanuel"sv, "Benoît"sv, "Fabrice"sv, "Franck"sv, "Cédric"sv, "Arnaud"sv, "Jean-Pierre"sv, "Jean-Marc"sv,
    "Jean-Luc"sv, "Jean-Claude"sv, "Jean-Michel"sv, "Jean-Paul"sv, "Jean-François"sv, "Jean-Louis"sv, "Luc"sv, "Hervé"sv,
    "Serge"sv, "Lionel"sv, "Denis"sv, "Hugues"sv, "Rémi"sv, "Régis"sv, "Xavier"sv, "Florent"sv,
    "Fabien"sv, "Damien"sv, "Jonathan"sv, "Kevin"sv, "Anthony"sv, "Mickaël"sv, "Ludovic"sv, "Grégory"sv,
    "Yann"sv, "Loïc"sv, "Adrien"sv, "Hugo"sv, "Lucas"sv, "Louis"sv, "Paul"sv, "Arthur"sv,
    "Baptiste"sv, "Clément"sv, "Quentin"sv, "Valentin"sv, "Florian"sv, "Simon"sv, "Théo"sv, "Victor"sv,
    "Raphaël"sv, "Gabriel"sv, "Léo"sv, "Martin"sv, "Benjamin"sv, "Samuel"sv, "Aurélien"sv, "Jérémy"sv,
    "Charles"sv, "Henri"sv, "Georges"sv, "Roger"sv, "René"sv, "Marcel"sv, "Claude"sv, "Gérard"sv,
    "Joseph"sv, "Robert"sv, "Raymond"sv, "Gilbert"sv, "Roland"sv, "Guy"sv, "Albert"sv, "Maurice"sv,
    "Étienne"sv, "Bertrand"sv, "Matthieu"sv, "Hubert"sv, "Marcelin"sv, "Armand"sv, "Gaston"sv, "Lucien"sv,
    "Joël"sv, "Noël"sv, "Cyril"sv, "Sylvère"sv, "Tristan"sv, "Bastien"sv, "Axel"sv, "Mathis"sv,
    "Nathan"sv, "Enzo"sv, "Tom"sv, "Jules"sv, "Alexis"sv, "Corentin"sv, "Dylan"sv, "Rémy"sv,
    // Alsatian / Germanic and other names heard around Mulhouse
    "Joseph"sv, "Aloyse"sv, "Eugène"sv, "Fernand"sv, "Germain"sv, "Ignace"sv, "Léon"sv, "Théodore"sv,
    "Xavier"sv, "Frantz"sv, "Fritz"sv, "Bernhard"sv, "Werner"sv, "Jean-Jacques"sv, "Florentin"sv, "Materne"sv,
    "Médard"sv, "Odilon"sv, "Ulrich"sv, "Wilfried"sv, "Gauthier"sv, "Erwan"sv, "Rodolphe"sv,
    "Karim"sv, "Mehdi"sv, "Yassine"sv, "Mohamed"sv, "Rachid"sv, "Samir"sv, "Nabil"sv, "Sofiane"sv,
    "Ahmet"sv, "Mehmet"sv, "Emre"sv, "Murat"sv, "Luca"sv, "Marco"sv, "Paulo"sv, "Carlos"sv,
    "Manuel"sv, "José"sv, "Antonio"sv, "Stefan"sv, "Piotr"sv, "Andrei"sv, "Minh"sv, "Mamadou"sv,
};

constexpr std::array kFemaleFirst = {
    "Marie"sv, "Nathalie"sv, "Isabelle"sv, "Sylvie"sv, "Catherine"sv, "Françoise"sv, "Christine"sv, "Valérie"sv,
    "Sandrine"sv, "Véronique"sv, "Martine"sv, "Nicole"sv, "Monique"sv, "Céline"sv, "Stéphanie"sv, "Sophie"sv,
    "Aurélie"sv, "Julie"sv, "Émilie"sv, "Caroline"sv, "Laurence"sv, "Anne"sv, "Virginie"sv, "Patricia"sv,
    "Brigitte"sv, "Chantal"sv, "Dominique"sv, "Hélène"sv, "Corinne"sv, "Florence"sv, "Delphine"sv, "Karine"sv,
    "Élodie"sv, "Audrey"sv, "Mélanie"sv, "Laetitia"sv, "Camille"sv, "Sarah"sv, "Laura"sv, "Pauline"sv,
    "Marion"sv, "Claire"sv, "Charlotte"sv, "Manon"sv, "Léa"sv, "Chloé"sv, "Emma"sv, "Lucie"sv,
    "Mathilde"sv, "Anaïs"sv, "Justine"sv, "Amandine"sv, "Jessica"sv, "Vanessa"sv, "Émilie"sv, "Agnès"sv,
    "Béatrice"sv, "Danielle"sv, "Jacqueline"sv, "Josiane"sv, "Michèle"sv, "Odile"sv, "Pascale"sv, "Annie"sv,
    "Évelyne"sv, "Claudine"sv, "Geneviève"sv, "Marguerite"sv, "Jeanne"sv, "Colette"sv, "Simone"sv, "Denise"sv,
    "Anne-Marie"sv, "Marie-Claude"sv, "Marie-Christine"sv, "Marie-Hélène"sv, "Marie-Laure"sv, "Marie-Thérèse"sv, "Anne-Sophie"sv, "Anne-Laure"sv,
    "Elisabeth"sv, "Myriam"sv, "Muriel"sv, "Carole"sv, "Cécile"sv, "Estelle"sv, "Fabienne"sv, "Gaëlle"sv,
    "Ingrid"sv, "Jennifer"sv, "Laëtitia"sv, "Magali"sv, "Mylène"sv, "Nadia"sv, "Nadine"sv, "Noémie"sv,
    "Océane"sv, "Perrine"sv, "Rachel"sv, "Sabrina"sv, "Séverine"sv, "Solène"sv, "Tiphaine"sv, "Vinciane"sv,
    "Alice"sv, "Amélie"sv, "Clémence"sv, "Elsa"sv, "Eva"sv, "Inès"sv, "Jade"sv, "Juliette"sv,
    "Louise"sv, "Lola"sv, "Margaux"sv, "Maëlle"sv, "Morgane"sv, "Romane"sv, "Zoé"sv, "Clara"sv,
    "Adeline"sv, "Alexandra"sv, "Angélique"sv, "Aude"sv, "Bérénice"sv, "Coralie"sv, "Edwige"sv, "Fanny"sv,
    "Gwendoline"sv, "Hortense"sv, "Irène"sv, "Joëlle"sv, "Lydie"sv, "Maud"sv, "Nelly"sv, "Ophélie"sv,
    // Alsatian / Germanic and other names heard around Mulhouse
    "Odile"sv, "Richarde"sv, "Adèle"sv, "Frieda"sv, "Liselotte"sv, "Gretel"sv, "Suzanne"sv, "Germaine"sv,
    "Marthe"sv, "Berthe"sv, "Régine"sv, "Huguette"sv, "Ottilie"sv, "Edith"sv, "Erika"sv, "Heidi"sv,
    "Fatima"sv, "Samira"sv, "Nora"sv, "Leïla"sv, "Yasmina"sv, "Amel"sv, "Sonia"sv, "Malika"sv,
    "Ayşe"sv, "Elif"sv, "Zeynep"sv, "Maria"sv, "Ana"sv, "Giulia"sv, "Francesca"sv, "Katarzyna"sv,
    "Ioana"sv, "Lan"sv, "Aminata"sv, "Fatou"sv, "Sandra"sv, "Tatiana"sv, "Natacha"sv, "Svetlana"sv,
};

// Street-name cores. People, saints, places, trees, trades and regional names,
// with enough "Saint", "Général", "Docteur", "Maréchal" and "Président" to
// exercise abbreviation handling.
constexpr std::array kStreetCores = {
    "du Sauvage"sv, "de la Paix"sv, "du Général de Gaulle"sv, "Saint-Jean"sv, "des Vosges"sv, "de Bâle"sv,
    "de la République"sv, "Victor Hugo"sv, "Jean Jaurès"sv, "Pasteur"sv, "de la Gare"sv, "de l'Église"sv,
    "des Fleurs"sv, "du Moulin"sv, "des Jardins"sv, "du Château"sv, "de la Liberté"sv, "Albert Schweitzer"sv,
    "du Rhin"sv, "de l'Ill"sv, "de la Doller"sv, "du Sundgau"sv, "de Thann"sv, "d'Altkirch"sv,
    "de Colmar"sv, "de Belfort"sv, "de Strasbourg"sv, "de Guebwiller"sv, "de Cernay"sv, "de Soultz"sv,
    "d'Illzach"sv, "de Rixheim"sv, "de Habsheim"sv, "de Kingersheim"sv, "de Wittenheim"sv, "de Pfastatt"sv,
    "des Tanneurs"sv, "des Tisserands"sv, "des Vignerons"sv, "des Forgerons"sv, "des Charpentiers"sv, "des Bouchers"sv,
    "des Boulangers"sv, "des Meuniers"sv, "des Potiers"sv, "des Cordiers"sv, "des Brasseurs"sv, "des Fileurs"sv,
    "des Acacias"sv, "des Tilleuls"sv, "des Peupliers"sv, "des Chênes"sv, "des Érables"sv, "des Bouleaux"sv,
    "des Marronniers"sv, "des Noyers"sv, "des Saules"sv, "des Pins"sv, "des Sapins"sv, "des Cerisiers"sv,
    "des Pommiers"sv, "des Lilas"sv, "des Roses"sv, "des Primevères"sv, "des Violettes"sv, "des Tulipes"sv,
    "des Glycines"sv, "des Bleuets"sv, "des Coquelicots"sv, "des Jonquilles"sv, "des Mésanges"sv, "des Hirondelles"sv,
    "des Alouettes"sv, "des Cigognes"sv, "des Merles"sv, "des Pinsons"sv, "du Stade"sv, "des Écoles"sv,
    "de la Mairie"sv, "du Marché"sv, "de la Poste"sv, "du Temple"sv, "de la Synagogue"sv, "du Presbytère"sv,
    "du Cimetière"sv, "de la Fontaine"sv, "du Puits"sv, "du Lavoir"sv, "de la Forêt"sv, "du Bois"sv,
    "des Prés"sv, "des Champs"sv, "des Vergers"sv, "des Vignes"sv, "du Canal"sv, "de la Rivière"sv,
    "du Ruisseau"sv, "de l'Étang"sv, "du Pont"sv, "des Carrières"sv, "de la Colline"sv, "du Coteau"sv,
    "du Soleil"sv, "des Alpes"sv, "du Jura"sv, "de la Forêt-Noire"sv, "de la Hardt"sv, "du Ballon"sv,
    "du Grand Ballon"sv, "du Hohneck"sv, "du Markstein"sv, "du Vieil Armand"sv, "de la Thur"sv, "de la Largue"sv,
    "Saint-Michel"sv, "Saint-Martin"sv, "Saint-Étienne"sv, "Saint-Joseph"sv, "Saint-Nicolas"sv, "Saint-Georges"sv,
    "Saint-Pierre"sv, "Saint-Paul"sv, "Saint-Antoine"sv, "Saint-Léger"sv, "Saint-Fridolin"sv, "Saint-Sébastien"sv,
    "Saint-Laurent"sv, "Saint-Maurice"sv, "Saint-Barthélemy"sv, "Saint-Damien"sv, "Saint-Louis"sv, "Saint-Vincent"sv,
    "Sainte-Anne"sv, "Sainte-Odile"sv, "Sainte-Claire"sv, "Sainte-Catherine"sv, "Sainte-Marie"sv, "Sainte-Thérèse"sv,
    "du Général Leclerc"sv, "du Général Delestraint"sv, "du Général Sarrail"sv, "du Général Dufieux"sv, "du Général Lebocq"sv, "du Général de Lattre de Tassigny"sv,
    "du Maréchal Foch"sv, "du Maréchal Joffre"sv, "du Maréchal Juin"sv, "du Maréchal Lyautey"sv, "du Maréchal de Lattre de Tassigny"sv, "du Maréchal Leclerc"sv,
    "du Docteur Schweitzer"sv, "du Docteur Mangeney"sv, "du Docteur Laennec"sv, "du Docteur Roux"sv, "du Docteur Fleming"sv, "du Docteur Koch"sv,
    "du Président Kennedy"sv, "du Président Wilson"sv, "du Président Roosevelt"sv, "du Président Poincaré"sv, "du Président Coty"sv, "du Président Salvador Allende"sv,
    "du Capitaine Dreyfus"sv, "du Colonel Fabien"sv, "du Commandant Charcot"sv, "de l'Abbé Grégoire"sv, "du Professeur Calmette"sv, "de l'Amiral Courbet"sv,
    "Alfred Dreyfus"sv, "Émile Zola"sv, "Louis Pasteur"sv, "Marie Curie"sv, "Pierre Curie"sv, "Jules Ferry"sv,
    "Georges Clemenceau"sv, "Léon Blum"sv, "Jean Moulin"sv, "Charles Péguy"sv, "Anatole France"sv, "Gambetta"sv,
    "Voltaire"sv, "Molière"sv, "Racine"sv, "Jean-Jacques Rousseau"sv, "Lamartine"sv, "Alphonse Daudet"sv,
    "Frédéric Mistral"sv, "George Sand"sv, "Paul Verlaine"sv, "Arthur Rimbaud"sv, "Guy de Maupassant"sv, "Honoré de Balzac"sv,
    "Alexandre Dumas"sv, "Jules Verne"sv, "Antoine de Saint-Exupéry"sv, "Albert Camus"sv, "Hector Berlioz"sv, "Claude Debussy"sv,
    "Maurice Ravel"sv, "Georges Bizet"sv, "Frédéric Chopin"sv, "Wolfgang Amadeus Mozart"sv, "Ludwig van Beethoven"sv, "Jean-Sébastien Bach"sv,
    "Auguste Bartholdi"sv, "Jean-Jacques Henner"sv, "Gustave Eiffel"sv, "Nicolas Koechlin"sv, "Jean Mermoz"sv, "Roland Garros"sv,
    "Louis Blériot"sv, "Clément Ader"sv, "Denis Papin"sv, "André Malraux"sv, "Aristide Briand"sv, "Robert Schuman"sv,
    "Jean Monnet"sv, "Pierre Mendès France"sv, "Salvador Allende"sv, "Martin Luther King"sv, "Nelson Mandela"sv, "Gandhi"sv,
    "Lucie Aubrac"sv, "Simone Veil"sv, "Louise Michel"sv, "Olympe de Gouges"sv, "Rosa Parks"sv, "Jeanne d'Arc"sv,
    "Jean XXIII"sv, "Hansi"sv, "Tomi Ungerer"sv, "Mathias Grünewald"sv, "Martin Schongauer"sv, "Erckmann-Chatrian"sv,
    "Thiers"sv, "Carnot"sv, "Lafayette"sv, "Kléber"sv, "Rapp"sv, "Turenne"sv,
    "de l'Industrie"sv, "de l'Artisanat"sv, "du Commerce"sv, "de l'Europe"sv, "de France"sv, "d'Alsace"sv,
    "de Lorraine"sv, "de Franche-Comté"sv, "de Bourgogne"sv, "de Provence"sv, "de Bretagne"sv, "de Normandie"sv,
    "de Paris"sv, "de Lyon"sv, "de Nancy"sv, "de Metz"sv, "de Dijon"sv, "de Besançon"sv,
    "de Fribourg"sv, "de Zurich"sv, "de Lörrach"sv, "de Mulhouse"sv, "de Brunstatt"sv, "de Riedisheim"sv,
    "de Lutterbach"sv, "de Morschwiller"sv, "de Reiningue"sv, "d'Ensisheim"sv, "de Battenheim"sv, "d'Ottmarsheim"sv,
    "du 8 Février"sv, "du 11 Novembre"sv, "du 8 Mai 1945"sv, "du 14 Juillet"sv, "du 19 Novembre"sv, "du 1er Mars"sv,
    "de la Libération"sv, "de la Résistance"sv, "des Déportés"sv, "des Fusillés"sv, "des Anciens Combattants"sv, "de Verdun"sv,
    "de la Marne"sv, "de la Somme"sv, "de Stalingrad"sv, "de Belgique"sv, "de Suisse"sv, "d'Allemagne"sv,
    "des Alliés"sv, "des Américains"sv, "de la Concorde"sv, "de l'Union"sv, "de la Fraternité"sv, "de l'Égalité"sv,
    "de la Fonderie"sv, "de la Filature"sv, "de la Tuilerie"sv, "de la Briqueterie"sv, "de la Scierie"sv, "de la Papeterie"sv,
    "de la Mine"sv, "du Puits Amélie"sv, "du Puits Théodore"sv, "des Mineurs"sv, "de la Cité"sv, "de la Potasse"sv,
    "des Romains"sv, "des Celtes"sv, "des Francs"sv, "du Calvaire"sv, "de la Chapelle"sv, "du Couvent"sv,
    "du Nord"sv, "du Sud"sv, "de l'Est"sv, "de l'Ouest"sv, "Haute"sv, "Basse"sv,
    "Principale"sv, "Neuve"sv, "Longue"sv, "Courte"sv, "Large"sv, "Étroite"sv,
    "du Printemps"sv, "de l'Été"sv, "de l'Automne"sv, "des Saisons"sv, "de l'Aurore"sv, "du Crépuscule"sv,
    "des Lauriers"sv, "des Genêts"sv, "des Bruyères"sv, "des Fougères"sv, "des Iris"sv, "des Myosotis"sv,
    "des Mimosas"sv, "des Capucines"sv, "des Pervenches"sv, "des Églantines"sv, "des Marguerites"sv, "des Œillets"sv,
    "du Verger"sv, "du Jardin"sv, "de la Prairie"sv, "du Pré"sv, "de la Clairière"sv, "du Bosquet"sv,
    "des Hêtres"sv, "des Frênes"sv, "des Aulnes"sv, "des Charmes"sv, "des Ormes"sv, "des Platanes"sv,
    "des Sources"sv, "de la Source"sv, "des Cascades"sv, "du Lac"sv, "des Étangs"sv, "des Roseaux"sv,
    "des Hirondelles Bleues"sv, "du Rossignol"sv, "du Coucou"sv, "des Faisans"sv, "des Perdrix"sv, "du Héron"sv,
    "de la Croix"sv, "de la Tour"sv, "du Donjon"sv, "des Remparts"sv, "de la Porte Haute"sv, "de la Porte de Bâle"sv,
    "des Franciscains"sv, "des Augustins"sv, "des Dominicains"sv, "des Capucins"sv, "des Clarisses"sv, "des Bénédictins"sv,
    "du Bourg"sv, "du Village"sv, "du Hameau"sv, "de la Ferme"sv, "des Granges"sv, "des Écuries"sv,
    "de l'Arsenal"sv, "de la Caserne"sv, "de l'Hôpital"sv, "de la Clinique"sv, "du Dispensaire"sv, "de la Pharmacie"sv,
    "du Collège"sv, "du Lycée"sv, "de l'Université"sv, "de la Bibliothèque"sv, "du Musée"sv, "du Théâtre"sv,
    "de la Piscine"sv, "du Gymnase"sv, "des Sports"sv, "du Parc"sv, "du Zoo"sv, "de l'Aérodrome"sv,
};

constexpr std::array kQuayCores = {
    "du Canal"sv, "de l'Ill"sv, "de la Doller"sv, "du Rhin"sv, "des Pêcheurs"sv, "du Port"sv,
    "des Bateliers"sv, "d'Isly"sv, "du Forst"sv, "des Cordiers"sv, "de la Cité"sv, "des Mariniers"sv,
    "de la Thur"sv, "du Steinbaechlein"sv,
};

constexpr std::array kStreetTypes = {
    StreetType{"Rue"sv, "R"sv, "R"sv, 62.0},
    StreetType{"Avenue"sv, "AV"sv, "AV"sv, 6.0},
    StreetType{"Boulevard"sv, "BD"sv, "BD"sv, 2.0},
    StreetType{"Place"sv, "PL"sv, "PL"sv, 4.0},
    StreetType{"Impasse"sv, "IMP"sv, "IMP"sv, 8.0},
    StreetType{"Allée"sv, "ALL"sv, "ALL"sv, 5.0},
    StreetType{"Chemin"sv, "CHE"sv, "CHE"sv, 5.0},
    StreetType{"Route"sv, "RTE"sv, "RTE"sv, 3.0},
    StreetType{"Faubourg"sv, "FG"sv, "FG"sv, 1.0},
    StreetType{"Quai"sv, "QUA"sv, "QUAI"sv, 1.0},
    StreetType{"Passage"sv, "PAS"sv, "PASS"sv, 2.0},
    StreetType{"Square"sv, "SQ"sv, "SQ"sv, 1.0},
};

constexpr std::array kBuildingComplements = {
    "BATIMENT A"sv, "BATIMENT B"sv, "BATIMENT C"sv, "1ER ETAGE"sv, "2EME ETAGE"sv, "3EME ETAGE"sv,
    "REZ DE CHAUSSEE"sv, "ESCALIER B"sv, "RESIDENCE LES TILLEULS"sv, "RESIDENCE DU PARC"sv, "RESIDENCE LE CLOS FLEURI"sv,
    "LE CARRE VERT"sv, "IMMEUBLE LE EUROPE"sv, "CENTRE COMMERCIAL"sv, "GALERIE MARCHANDE"sv, "POLE MEDICAL"sv,
    "ESPACE SANTE"sv, "ZONE ARTISANALE"sv, "PARC D'ACTIVITES"sv, "ENTREE PAR LA COUR"sv,
};

constexpr std::array kLieuxDits = {
    "Le Moulin"sv, "Les Prés"sv, "Le Grossmatten"sv, "Les Vergers"sv, "Le Breitfeld"sv, "La Hardt"sv,
    "Les Hauts de la Colline"sv, "Le Niederfeld"sv, "Les Longues Raies"sv, "Le Kirchfeld"sv, "La Cité Jardin"sv, "Le Lerchenberg"sv,
};

constexpr std::array kCommuneRoots = {
    "Saint-Martin"sv, "Saint-Germain"sv, "Saint-Rémy"sv, "Saint-Laurent"sv, "Saint-Pierre"sv, "Saint-Julien"sv,
    "Sainte-Marie"sv, "Sainte-Colombe"sv, "Villeneuve"sv, "Neuville"sv, "Beaumont"sv, "Montigny"sv,
    "Fontaine"sv, "Bellevue"sv, "Roche"sv, "Champagne"sv, "Vaux"sv, "Villiers"sv,
    "Chaumont"sv, "Châteauneuf"sv, "Mont"sv, "Val"sv, "Bois"sv, "Plessis"sv,
    "Aubigny"sv, "Ambly"sv, "Arcy"sv, "Bazoches"sv, "Berville"sv, "Blanzy"sv,
    "Bonneval"sv, "Boissy"sv, "Brienne"sv, "Brion"sv, "Bussy"sv, "Cerny"sv,
    "Champigny"sv, "Chantemerle"sv, "Charmont"sv, "Chassagne"sv, "Cheverny"sv, "Clairefontaine"sv,
    "Coulanges"sv, "Courcelles"sv, "Crécy"sv, "Dampierre"sv, "Donzy"sv, "Esnon"sv,
    "Faverolles"sv, "Fresnes"sv, "Givry"sv, "Grandval"sv, "Juvigny"sv, "Lavaur"sv,
    "Lignières"sv, "Longchamp"sv, "Lusigny"sv, "Marcilly"sv, "Marigny"sv, "Merville"sv,
    "Montreuil"sv, "Morville"sv, "Noyers"sv, "Orval"sv, "Perrigny"sv, "Pouilly"sv,
    "Quincy"sv, "Rochefort"sv, "Romilly"sv, "Ronchamp"sv, "Sancy"sv, "Savigny"sv,
    "Senlis"sv, "Soisy"sv, "Thury"sv, "Torcy"sv, "Trévières"sv, "Vauvert"sv,
    "Verneuil"sv, "Vernon"sv, "Vignory"sv, "Vitry"sv, "Voisins"sv, "Autrey"sv,
    "Ballon"sv, "Bergheim"sv, "Bischwiller"sv, "Dornach"sv, "Eschau"sv, "Froeningen"sv,
    "Geispitzen"sv, "Hegenheim"sv, "Hirsingue"sv, "Kembs"sv, "Landser"sv, "Oberhergheim"sv,
    "Plouay"sv, "Kerlouan"sv, "Lanvollon"sv, "Pleumeur"sv, "Trégunc"sv, "Locmaria"sv,
    "Castelnau"sv, "Villefranche"sv, "Puylaurens"sv, "Montesquieu"sv, "Lasserre"sv, "Cazères"sv,
    "Aiguebelle"sv, "Belmont"sv, "Chambéry-le-Vieux"sv, "Lanslevillard"sv, "Roquebrune"sv, "Valbonne"sv,
    "Saint-Cyr"sv, "Saint-Denis"sv, "Saint-Jean"sv, "Saint-Paul"sv, "Saint-André"sv, "Saint-Georges"sv,
};

constexpr std::array kCommuneEndings = {
    ""sv, ""sv, ""sv, ""sv, ""sv, ""sv, "-sur-Loire"sv, "-sur-Seine"sv, "-sur-Marne"sv, "-sur-Saône"sv,
    "-le-Château"sv, "-les-Bains"sv, "-en-Bresse"sv, "-la-Forêt"sv, "-le-Haut"sv, "-le-Bas"sv,
    "-sur-Mer"sv, "-en-Vexin"sv, "-la-Rivière"sv, "-lès-Dijon"sv, "-sous-Bois"sv, "-le-Grand"sv,
    "-le-Petit"sv, "-d'Azur"sv, "-de-Provence"sv, "-en-Auge"sv, "-sur-Aisne"sv, "-sur-Ornain"sv,
    "-aux-Bois"sv, "-la-Montagne"sv, "-du-Lac"sv, "-des-Prés"sv, "-en-Forez"sv, "-sur-Allier"sv,
    "-la-Vallée"sv, "-les-Vignes"sv, "-sur-Vienne"sv, "-en-Argonne"sv, "-sur-Lot"sv, "-de-Comminges"sv,
    "-l'Abbaye"sv,
};

constexpr std::array kShopNames = {
    "DU CENTRE"sv, "DE LA GARE"sv, "DES VOSGES"sv, "DU RHIN"sv, "DE L'EUROPE"sv, "DU MARCHE"sv,
    "DE LA PAIX"sv, "DES TROIS FRONTIERES"sv, "DU PARC"sv, "DE LA COLLINE"sv, "DES CIGOGNES"sv, "DU SOLEIL"sv,
    "DE LA FONTAINE"sv, "DU MOULIN"sv, "DE LA MAIRIE"sv, "DES TILLEULS"sv, "SAINT-JEAN"sv, "SAINTE-ANNE"sv,
    "DU QUARTIER"sv, "DES JARDINS"sv, "DE LA PLACE"sv, "DU CANAL"sv, "DE L'ILL"sv, "DES ACACIAS"sv,
};

}  // namespace

std::span<const std::string_view> last_names() { return kLastNames; }
std::span<const std::string_view> male_first_names() { return kMaleFirst; }
std::span<const std::string_view> female_first_names() { return kFemaleFirst; }
std::span<const std::string_view> street_cores() { return kStreetCores; }
std::span<const std::string_view> quay_cores() { return kQuayCores; }
std::span<const StreetType> street_types() { return kStreetTypes; }
std::span<const std::string_view> building_complements() { return kBuildingComplements; }
std::span<const std::string_view> lieux_dits() { return kLieuxDits; }
std::span<const std::string_view> commune_roots() { return kCommuneRoots; }
std::span<const std::string_view> commune_endings() { return kCommuneEndings; }
std::span<const std::string_view> shop_names() { return kShopNames; }

}  // namespace gen::words
