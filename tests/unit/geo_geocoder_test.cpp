#include "ban_reader.hpp"
#include "commune_contours.hpp"
#include "geocoder.hpp"
#include "projection.hpp"
#include "reference/commune_resolver.hpp"
#include "reference/reference_data.hpp"

#include <doctest/doctest.h>

#include <memory>

using namespace annuaire::geo;

namespace {

// Real Paris rows (75111; "8 Rue Chevreul" removed to test interpolation) and a
// synthetic Mulhouse / Brunstatt-Didenheim slice, with the shipped contours.
struct Fixture {
    AddressIndex index;
    CommuneContours contours;
    std::unique_ptr<annuaire::reference::CommuneResolver> resolver;
    std::unique_ptr<Geocoder> geocoder;

    Fixture() {
        for (const char* name : {"adresses-75-slice.csv", "adresses-68-synthetic-slice.csv"}) {
            for (const auto& row : read_ban_file(std::string(ANNUAIRE_SOURCE_DIR "/tests/fixtures/ban/") + name).rows) {
                index.add(row);
            }
        }
        index.finish();
        contours = CommuneContours::load(ANNUAIRE_SOURCE_DIR "/data/reference/communes-68-haut-rhin.geojson");
        resolver = std::make_unique<annuaire::reference::CommuneResolver>(
            annuaire::reference::load_reference_data(ANNUAIRE_SOURCE_DIR "/data"));
        geocoder = std::make_unique<Geocoder>(index, &contours, resolver.get());
    }
};

const Fixture& fixture() {
    static const Fixture instance;
    return instance;
}

AddressQuery paris(std::string number, std::string type_code, std::string name) {
    AddressQuery query;
    query.street_number = std::move(number);
    query.street_type_code = std::move(type_code);
    query.street_name = std::move(name);
    query.postcode = "75011";
    query.commune_code = "75111";
    query.commune_name = "PARIS";
    return query;
}

double metres(const GeocodeResult& result, double lon, double lat) {
    return geodesic_distance_m({result.lon, result.lat}, {lon, lat});
}

}  // namespace

TEST_CASE("an existing house number is placed at its BAN position (housenumber, tolerance 0.5 m)") {
    const auto result = fixture().geocoder->geocode(paris("3", "R", "GOBERT"));
    CHECK(result.precision == Precision::housenumber);
    CHECK(metres(result, 2.382213, 48.855652) < 0.5);
    CHECK(result.score == doctest::Approx(1.0));
    CHECK(result.label == "3 Rue Gobert 75011 Paris 11e Arrondissement");
    CHECK(result.reason.empty());
}

TEST_CASE("a repetition index B/BIS picks the bis entry") {
    auto query = paris("12", "R", "GOBERT");
    query.repetition_index = "B";
    const auto result = fixture().geocoder->geocode(query);
    CHECK(result.precision == Precision::housenumber);
    CHECK(metres(result, 2.383024, 48.855733) < 0.5);
    query.repetition_index = "BIS";
    CHECK(metres(fixture().geocoder->geocode(query), 2.383024, 48.855733) < 0.5);
}

TEST_CASE("a missing house number is interpolated between its neighbours (tolerance 5 m)") {
    // 8 Rue Chevreul is not in the fixture; its real BAN position is 2.392094, 48.849558.
    const auto result = fixture().geocoder->geocode(paris("8", "R", "CHEVREUL"));
    CHECK(result.precision == Precision::interpolated);
    CHECK(metres(result, 2.392094, 48.849558) < 5);
    CHECK(result.score < 1.0);
    CHECK(result.reason.find("interpolated") != std::string::npos);
}

TEST_CASE("a street without house number, or with a number far from any, is placed on the street") {
    const auto no_number = fixture().geocoder->geocode(paris("", "R", "GOBERT"));
    CHECK(no_number.precision == Precision::street);
    CHECK(no_number.reason == "no house number");
    CHECK(metres(no_number, 2.3826, 48.8557) < 60);
    const auto far = fixture().geocoder->geocode(paris("250", "R", "GOBERT"));
    CHECK(far.precision == Precision::street);
    CHECK(far.reason.find("250 not found") != std::string::npos);
}

TEST_CASE("an unknown street falls back to the commune, inside its contour") {
    AddressQuery query;
    query.street_number = "5";
    query.street_type_code = "R";
    query.street_name = "DES JARDINS SUSPENDUS";
    query.postcode = "68100";
    query.commune_name = "MULHOUSE";
    const auto result = fixture().geocoder->geocode(query);
    CHECK(result.precision == Precision::municipality);
    CHECK(result.insee == "68224");
    CHECK(fixture().contours.contains("68224", result.lon, result.lat));
    CHECK(result.reason.find("not found in") != std::string::npos);
    CHECK(result.reason.find("Mulhouse") != std::string::npos);
}

TEST_CASE("an address with nothing usable gets no position and a reason") {
    const auto empty = fixture().geocoder->geocode(AddressQuery{});
    CHECK(empty.precision == Precision::none);
    CHECK(empty.reason == "no commune code, postcode, CEDEX office or town");
    AddressQuery unknown;
    unknown.street_name = "RUE DU SAUVAGE";
    unknown.postcode = "99999";
    unknown.commune_name = "NULLEPART";
    const auto result = fixture().geocoder->geocode(unknown);
    CHECK(result.precision == Precision::none);
    CHECK(result.reason.find("commune not found") != std::string::npos);
    AddressQuery abroad = paris("3", "R", "GOBERT");
    abroad.country_code = "99132";
    CHECK(fixture().geocoder->geocode(abroad).precision == Precision::none);
}

TEST_CASE("tolerates a one-letter typo and a missing word in the street name") {
    CHECK(metres(fixture().geocoder->geocode(paris("3", "R", "GOBART")), 2.382213, 48.855652) < 0.5);
    CHECK(metres(fixture().geocoder->geocode(paris("3", "R", "CHEVRUEL")), 2.391912, 48.849474) < 0.5);
    // "Rue de l'Asile Popincourt" without "Asile".
    const auto missing_word = fixture().geocoder->geocode(paris("3", "R", "POPINCOURT"));
    CHECK(missing_word.precision == Precision::housenumber);
    CHECK(metres(missing_word, 2.373679, 48.859696) < 0.5);
}

TEST_CASE("RPPS abbreviations and split street types are matched") {
    CHECK(metres(fixture().geocoder->geocode(paris("4", "R", "DU GAL BLAISE")), 2.378955, 48.861204) < 0.5);
    CHECK(metres(fixture().geocoder->geocode(paris("3", "PAS", "STE ANNE POPINCOURT")), 2.369739, 48.858277) < 0.5);
    CHECK(metres(fixture().geocoder->geocode(paris("3", "", "PASSAGE ST-AMBROISE")), 2.377743, 48.862796) < 0.5);
}

TEST_CASE("without an INSEE code the commune comes from the postcode and the town") {
    auto query = paris("3", "R", "GOBERT");
    query.commune_code.clear();
    CHECK(metres(fixture().geocoder->geocode(query), 2.382213, 48.855652) < 0.5);
    // Only the "Bureau cedex".
    query.commune_name.clear();
    query.cedex_office = "75011 PARIS";
    CHECK(metres(fixture().geocoder->geocode(query), 2.382213, 48.855652) < 0.5);
    // A CEDEX postcode: the town, in the postcode's département.
    query.postcode = "75543";
    query.cedex_office = "75543 PARIS CEDEX 11";
    const auto cedex = fixture().geocoder->geocode(query);
    CHECK(cedex.precision == Precision::housenumber);
    CHECK(cedex.insee == "75111");
}

TEST_CASE("a CEDEX office of the reference table and a merged commune are resolved") {
    AddressQuery cedex;
    cedex.street_number = "18";
    cedex.street_type_code = "PAS";
    cedex.street_name = "STE THERESE";
    cedex.postcode = "68056";
    cedex.cedex_office = "68056 MULHOUSE CEDEX 1";
    const auto in_mulhouse = fixture().geocoder->geocode(cedex);
    CHECK(in_mulhouse.insee == "68224");
    CHECK(in_mulhouse.precision == Precision::housenumber);
    CHECK(fixture().contours.contains("68224", in_mulhouse.lon, in_mulhouse.lat));
    // Didenheim (68070) merged into Brunstatt-Didenheim (68056).
    AddressQuery merged;
    merged.street_number = "3";
    merged.street_type_code = "ALL";
    merged.street_name = "DE LA FRATERNITE";
    merged.commune_code = "68070";
    const auto result = fixture().geocoder->geocode(merged);
    CHECK(result.insee == "68056");
    CHECK(result.precision == Precision::housenumber);
}

TEST_CASE("forward geocoding ranks candidates for free text") {
    const auto& geocoder = *fixture().geocoder;
    const auto street = geocoder.search("3 rue gobert paris", 5);
    REQUIRE_FALSE(street.empty());
    CHECK(street.front().precision == Precision::housenumber);
    CHECK(street.front().label.find("3 Rue Gobert") == 0);
    CHECK(geodesic_distance_m({street.front().lon, street.front().lat}, {2.382213, 48.855652}) < 0.5);
    const auto mulhouse = geocoder.search("18 passage sainte therese mulhouse", 5);
    REQUIRE_FALSE(mulhouse.empty());
    CHECK(mulhouse.front().insee == "68224");
    const auto postcode = geocoder.search("68100", 5);
    REQUIRE(postcode.size() == 1);
    CHECK(postcode.front().precision == Precision::municipality);
    CHECK(postcode.front().insee == "68224");
    CHECK(geocoder.search("", 5).empty());
    CHECK(geocoder.search("zzzz qqqq", 5).empty());
}

namespace {

// Real Paris rows of streets that RPPS addresses confuse (tests/fixtures/ban/
// adresses-75-arrondissements-slice.csv: numbers up to 30 of 16 streets in 9 arrondissements,
// cut from data/ban/adresses-75.csv.gz), with the shipped reference tables.
struct Arrondissements {
    AddressIndex index;
    std::unique_ptr<annuaire::reference::CommuneResolver> resolver;
    std::unique_ptr<Geocoder> geocoder;

    Arrondissements() {
        for (const auto& row : read_ban_file(ANNUAIRE_SOURCE_DIR "/tests/fixtures/ban/adresses-75-arrondissements-slice.csv").rows) {
            index.add(row);
        }
        index.finish();
        resolver = std::make_unique<annuaire::reference::CommuneResolver>(
            annuaire::reference::load_reference_data(ANNUAIRE_SOURCE_DIR "/data"));
        geocoder = std::make_unique<Geocoder>(index, nullptr, resolver.get());
    }
};

const Arrondissements& arrondissements() {
    static const Arrondissements instance;
    return instance;
}

AddressQuery rpps(std::string number, std::string type_code, std::string name, std::string postcode,
                  std::string insee = "", std::string town = "PARIS") {
    AddressQuery query;
    query.street_number = std::move(number);
    query.street_type_code = std::move(type_code);
    query.street_name = std::move(name);
    query.postcode = std::move(postcode);
    query.commune_code = std::move(insee);
    query.commune_name = std::move(town);
    query.cedex_office = query.postcode + " PARIS";
    return query;
}

// The rule every placement keeps: in a commune the address names first, or saying why not.
bool placed_where_named_or_says_why(const GeocodeResult& result) {
    const bool named = (" " + result.named_insee + " ").find(" " + result.insee + " ") != std::string::npos;
    return named || result.reason.find(" names ") != std::string::npos;
}

}  // namespace

TEST_CASE("a street without its type is found by name, the house number choosing between streets of that name") {
    // Boulevard de Reuilly has a number 4, Rue de Reuilly has none (tolerance 0.5 m).
    const auto result = arrondissements().geocoder->geocode(rpps("4", "", "REUILLY", "75012", "75112"));
    CHECK(result.precision == Precision::housenumber);
    CHECK(result.label.find("Boulevard de Reuilly") != std::string::npos);
    CHECK(result.street_match == StreetMatch::name);
    CHECK(result.confidence == Confidence::medium);
    CHECK(result.reason.find("street type missing") != std::string::npos);
    // One street of that name: Passage Lathuille, the issue's "18 LATHUILLE".
    const auto lathuille = arrondissements().geocoder->geocode(rpps("2", "", "LATHUILLE", "75018"));
    CHECK(lathuille.precision == Precision::housenumber);
    CHECK(geodesic_distance_m({lathuille.lon, lathuille.lat}, {2.327203, 48.884572}) < 0.5);
}

TEST_CASE("a street without its type that several streets with the house number could be is placed at street precision and called ambiguous") {
    // 14 Rue de Reuilly and 14 Boulevard de Reuilly are 1.2 km apart.
    const auto result = arrondissements().geocoder->geocode(rpps("14", "", "REUILLY", "75012", "75112"));
    CHECK(result.precision == Precision::street);
    CHECK(result.street_match == StreetMatch::ambiguous);
    CHECK(result.confidence == Confidence::low);
    CHECK(result.reason.find("ambiguous: ") == 0);
    CHECK(result.reason.find("Rue de Reuilly") != std::string::npos);
    CHECK(result.reason.find("Boulevard de Reuilly") != std::string::npos);
    // With its type the address is not ambiguous.
    const auto typed = arrondissements().geocoder->geocode(rpps("14", "BD", "DE REUILLY", "75012", "75112"));
    CHECK(typed.precision == Precision::housenumber);
    CHECK(typed.confidence == Confidence::high);
    CHECK(geodesic_distance_m({typed.lon, typed.lat}, {2.391047, 48.838936}) < 0.5);
}

TEST_CASE("a street without its type is told from one whose name differs only by its articles") {
    // 1 Rue de Martignac and 1 Cité Martignac are 70 m apart; "DE MARTIGNAC" is the rue.
    const auto rue = arrondissements().geocoder->geocode(rpps("1", "", "DE MARTIGNAC", "75007", "75107"));
    CHECK(rue.precision == Precision::housenumber);
    CHECK(rue.street_match == StreetMatch::name);
    CHECK(rue.confidence == Confidence::medium);
    CHECK(geodesic_distance_m({rue.lon, rue.lat}, {2.318501, 48.857785}) < 0.5);
    const auto cite = arrondissements().geocoder->geocode(rpps("1", "", "MARTIGNAC", "75007", "75107"));
    CHECK(cite.precision == Precision::housenumber);
    CHECK(cite.street_match == StreetMatch::name);
    CHECK(geodesic_distance_m({cite.lon, cite.lat}, {2.318199, 48.857167}) < 0.5);
    // Articles never outweigh the house number: only the rue has a 30.
    const auto thirty = arrondissements().geocoder->geocode(rpps("30", "", "MARTIGNAC", "75007", "75107"));
    CHECK(thirty.precision == Precision::housenumber);
    CHECK(geodesic_distance_m({thirty.lon, thirty.lat}, {2.318136, 48.857601}) < 0.5);
}

TEST_CASE("with the postcode of a neighbouring arrondissement the street is found next door, and the record says so") {
    // 5 Boulevard de Ménilmontant is on the 11th's side; the 20th has its even numbers.
    auto query = rpps("5", "BD", "DE MENILMONTANT", "75020", "", "");
    query.cedex_office.clear();
    const auto result = arrondissements().geocoder->geocode(query);
    CHECK(result.precision == Precision::housenumber);
    CHECK(geodesic_distance_m({result.lon, result.lat}, {2.38915, 48.8587}) < 0.5);
    CHECK(result.insee == "75111");
    CHECK(result.named_insee == "75120");
    CHECK(result.commune_source == CommuneSource::neighbour);
    CHECK(result.confidence == Confidence::medium);
    CHECK(result.reason.find("postcode 75020 names Paris 20e Arrondissement, but Boulevard de Ménilmontant is in "
                             "Paris 11e Arrondissement, next to it") == 0);
    // "PARIS" as the town names every arrondissement: the street is found there first.
    const auto with_town = arrondissements().geocoder->geocode(rpps("5", "BD", "DE MENILMONTANT", "75020"));
    CHECK(with_town.insee == "75111");
    CHECK(with_town.commune_source == CommuneSource::label);
    CHECK(placed_where_named_or_says_why(with_town));
}

TEST_CASE("an exact street elsewhere in the town beats a similar one in the postcode's commune, but not in the commune an INSEE code names") {
    // Rue Richer is in the 9th; the 8th has Rue du Rocher, one letter away.
    const auto postcode_only = arrondissements().geocoder->geocode(rpps("12", "R", "RICHER", "75008"));
    CHECK(postcode_only.insee == "75109");
    CHECK(geodesic_distance_m({postcode_only.lon, postcode_only.lat}, {2.346827, 48.874084}) < 0.5);
    CHECK(postcode_only.reason.find("postcode 75008 names Paris 8e Arrondissement, but Rue Richer is in") == 0);
    const auto coded = arrondissements().geocoder->geocode(rpps("12", "R", "RICHER", "75008", "75108"));
    CHECK(coded.insee == "75108");
    CHECK(coded.street_match == StreetMatch::fuzzy);
    CHECK(coded.reason.find("similar street name") != std::string::npos);
}

TEST_CASE("floors, staircases, residences, postal boxes and remarks in the street line do not move the address") {
    for (const char* line : {"DE LA PAIX (1ER ETAGE DROITE)", "DE LA PAIX RESIDENCE LES LILAS ESCALIER B",
                             "DE LA PAIX BAT A 3EME ETAGE", "DE LA PAIX BP 123", "DE LA PAIX CS 40012"}) {
        CAPTURE(line);
        const auto result = arrondissements().geocoder->geocode(rpps("3", "R", line, "75002"));
        CHECK(result.precision == Precision::housenumber);
        CHECK(geodesic_distance_m({result.lon, result.lat}, {2.330452, 48.868689}) < 0.5);
        CHECK(result.reason.find("left out of the street line") == 0);
    }
}

TEST_CASE("a CEDEX label names the arrondissement, whether or not the CEDEX table knows the code") {
    for (const char* code : {"75061", "75299"}) {  // the first is in the table (PARIS CEDEX 02), the second is not
        CAPTURE(code);
        auto query = rpps("3", "R", "DE LA PAIX", code, "", "PARIS CEDEX 02");
        query.cedex_office.clear();
        const auto result = arrondissements().geocoder->geocode(query);
        CHECK(result.precision == Precision::housenumber);
        CHECK(result.insee == "75102");
        CHECK(result.commune_source == CommuneSource::label);
        CHECK(geodesic_distance_m({result.lon, result.lat}, {2.330452, 48.868689}) < 0.5);
    }
    // Only in the Bureau cedex, with or without "PARIS" as the town.
    for (const char* town : {"", "PARIS"}) {
        auto office = rpps("3", "R", "DE LA PAIX", "75299", "", town);
        office.cedex_office = "75299 PARIS CEDEX 02";
        const auto result = arrondissements().geocoder->geocode(office);
        CHECK(result.insee == "75102");
        CHECK(result.named_insee == "75102");
    }
}

TEST_CASE("Paris as a whole (75056) is narrowed to the arrondissement of the postcode") {
    const auto result = arrondissements().geocoder->geocode(rpps("3", "R", "DE LA PAIX", "75002", "75056"));
    CHECK(result.precision == Precision::housenumber);
    CHECK(result.insee == "75102");
    CHECK(result.commune_source == CommuneSource::code);
    CHECK(result.confidence == Confidence::high);
}

TEST_CASE("no placement lands outside the communes the address names without saying why") {
    const Geocoder& geocoder = *arrondissements().geocoder;
    const std::vector<AddressQuery> queries = {
        rpps("5", "BD", "DE MENILMONTANT", "75020"),     rpps("6", "BD", "DE MENILMONTANT", "75011"),
        rpps("12", "R", "RICHER", "75008"),              rpps("12", "R", "DU ROCHER", "75009"),
        rpps("3", "R", "DE LA PAIX", "75007"),           rpps("10", "", "GRENELLE", "75007"),
        rpps("10", "QUAI", "DE GRENELLE", "75007"),      rpps("3", "R", "VOLTAIRE", "75012"),
        rpps("3", "", "VOLTAIRE", "75011", "75111"),     rpps("3", "R", "DE LA PAIX", "75340", "", "PARIS CEDEX 07"),
    };
    for (const auto& query : queries) {
        CAPTURE(query.street_name);
        CAPTURE(query.postcode);
        const auto result = geocoder.geocode(query);
        REQUIRE(result.precision != Precision::none);
        CHECK(placed_where_named_or_says_why(result));
    }
}

TEST_CASE("a neighbouring commune's street of the type the address gives does not take it from the named commune's street of another type, unless the house number is only there") {
    // Synthetic rows: Avenue de la Gare in Mulhouse (10, 12, 14), Rue de la Gare in Illzach
    // 800 m north (10 to 20).
    AddressIndex index;
    for (const auto& row : read_ban_file(ANNUAIRE_SOURCE_DIR "/tests/fixtures/ban/adresses-68-same-name-synthetic.csv").rows) {
        index.add(row);
    }
    index.finish();
    const Geocoder geocoder(index, nullptr, nullptr);
    AddressQuery query;
    query.street_number = "12";
    query.street_type_code = "R";
    query.street_name = "DE LA GARE";
    query.postcode = "68100";
    query.commune_name = "MULHOUSE";
    const auto here = geocoder.geocode(query);
    CHECK(here.insee == "68224");
    CHECK(here.street_match == StreetMatch::name);
    CHECK(here.label == "12 Avenue de la Gare 68100 Mulhouse");
    query.street_number = "20";
    const auto next_door = geocoder.geocode(query);
    CHECK(next_door.insee == "68154");
    CHECK(next_door.commune_source == CommuneSource::neighbour);
    CHECK(next_door.reason.find("postcode 68100 names Mulhouse, but Rue de la Gare is in Illzach, next to it") == 0);
}
