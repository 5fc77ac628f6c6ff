#include "owner/owner_fields.hpp"
#include "search/query_words.hpp"
#include "text/normalize.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

using namespace annuaire::search;
using namespace annuaire::owner;

TEST_CASE("civility words narrow by civility and never stay in the text") {
    const auto dr = read_query_text("Dr Muller");
    CHECK(dr.words == std::vector<std::string>{"muller"});
    CHECK(dr.title == (kTitleDoctor | kTitleProfessor));
    CHECK(dr.gender == 0);
    REQUIRE(dr.understood.size() == 1);
    CHECK(dr.understood[0].parameter == "civility");
    CHECK(dr.understood[0].value == "docteur");
    CHECK(read_query_text("Docteur MULLER").title == (kTitleDoctor | kTitleProfessor));
    CHECK(read_query_text("Pr. Martin").title == kTitleProfessor);
    CHECK(read_query_text("professeur martin").words == std::vector<std::string>{"martin"});
    CHECK(read_query_text("Mme Martin").gender == kCivilityWoman);
    CHECK(read_query_text("Mlle Martin").gender == kCivilityWoman);
    CHECK(read_query_text("M. Martin").gender == kCivilityMan);
    CHECK(read_query_text("Monsieur le docteur Martin").words == std::vector<std::string>{"le", "martin"});
    // A word that only starts like a civility is a name.
    CHECK(read_query_text("dreyfus").words == std::vector<std::string>{"dreyfus"});
    CHECK(read_query_text("mmes").words == std::vector<std::string>{"mmes"});
}

TEST_CASE("while typing, the last word stays text whatever it is, and vocabulary words are not read") {
    CHECK(read_query_text("dr", true).words == std::vector<std::string>{"dr"});
    CHECK(read_query_text("dr mul", true).words == std::vector<std::string>{"mul"});
    CHECK(read_query_text("kine domicile", true).words == std::vector<std::string>{"kine", "domicile"});
    CHECK(read_query_text("domicile kin", true).words == std::vector<std::string>{"domicile", "kin"});
}

TEST_CASE("words of the declared vocabulary become their filter, the longest phrase first") {
    const auto home = read_query_text("kiné à domicile Mulhouse");
    CHECK(home.words == std::vector<std::string>{"kine", "mulhouse"});
    REQUIRE(home.understood.size() == 1);
    CHECK(home.understood[0].words == "a domicile");
    CHECK(home.understood[0].parameter == "home_visits");
    const auto visits = read_query_text("visites à domicile");
    CHECK(visits.words.empty());
    CHECK(visits.understood.size() == 1);
    const auto several = read_query_text("Téléconsultation enfants PMR carte vitale");
    CHECK(several.words.empty());
    std::set<std::string> parameters;
    for (const auto& read : several.understood) parameters.insert(read.parameter + "=" + read.value);
    CHECK(parameters == std::set<std::string>{"teleconsultation=true", "public=enfants", "pmr_access=true", "carte_vitale=true"});
    // "carte" alone is no filter.
    CHECK(read_query_text("carte").words == std::vector<std::string>{"carte"});
}

TEST_CASE("every phrase is folded text and names a parameter and a value the API accepts") {
    const std::set<std::string> booleans = {"carte_vitale", "tiers_payant", "pmr_access", "home_visits", "teleconsultation", "telesoin"};
    for (const auto& phrase : known_phrases()) {
        INFO(phrase.words);
        CHECK(annuaire::text::fold(phrase.words) == phrase.words);
        if (booleans.count(phrase.parameter)) CHECK(phrase.value == "true");
        else if (phrase.parameter == "public") CHECK(index_of(kPublics, phrase.value) >= 0);
        else if (phrase.parameter == "act") CHECK(index_of(kActs, phrase.value) >= 0);
        else if (phrase.parameter == "conventionnement") CHECK(index_of(kConventionnement, phrase.value) >= 0);
        else CHECK(phrase.parameter == "civility");
        // Each phrase is read whole.
        const auto read = read_query_text(phrase.words);
        CHECK(read.words.empty());
        REQUIRE(read.understood.size() == 1);
        CHECK(read.understood[0].words == phrase.words);
    }
}
