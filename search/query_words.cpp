#include "search/query_words.hpp"

#include "text/normalize.hpp"


namespace annuaire::search {

namespace {

struct Phrase {
    std::string_view words;       // folded words, space-separated
    std::string_view parameter;   // API parameter, or "civility"
    std::string_view value;
};

// Longer phrases first: "visites a domicile" is read whole before "domicile".
// Values are those of owner_fields.hpp (checked by the unit tests).
constexpr Phrase kPhrases[] = {
    {"visites a domicile", "home_visits", "true"},
    {"visite a domicile", "home_visits", "true"},
    {"soins a domicile", "home_visits", "true"},
    {"visites domicile", "home_visits", "true"},
    {"visite domicile", "home_visits", "true"},
    {"a domicile", "home_visits", "true"},
    {"domicile", "home_visits", "true"},
    {"acces pmr", "pmr_access", "true"},
    {"mobilite reduite", "pmr_access", "true"},
    {"fauteuil roulant", "pmr_access", "true"},
    {"pmr", "pmr_access", "true"},
    {"teleconsultation", "teleconsultation", "true"},
    {"teleconsultations", "teleconsultation", "true"},
    {"telesoin", "telesoin", "true"},
    {"telesoins", "telesoin", "true"},
    {"carte vitale", "carte_vitale", "true"},
    {"vitale", "carte_vitale", "true"},
    {"tiers payant", "tiers_payant", "true"},
    {"secteur 1", "conventionnement", "secteur_1"},
    {"secteur 2", "conventionnement", "secteur_2"},
    {"optam", "conventionnement", "secteur_2_optam"},
    {"non conventionne", "conventionnement", "non_conventionne"},
    {"enfant", "public", "enfants"},
    {"enfants", "public", "enfants"},
    {"adolescent", "public", "adolescents"},
    {"adolescents", "public", "adolescents"},
    {"ados", "public", "adolescents"},
    {"adulte", "public", "adultes"},
    {"adultes", "public", "adultes"},
    {"personnes agees", "public", "personnes_agees"},
    {"personne agee", "public", "personnes_agees"},
    {"seniors", "public", "personnes_agees"},
    {"situation de handicap", "public", "handicap"},
    {"handicap", "public", "handicap"},
    {"precarite", "public", "precarite"},
    {"vaccination", "act", "vaccination"},
    {"vaccinations", "act", "vaccination"},
    {"vaccin", "act", "vaccination"},
    {"vaccins", "act", "vaccination"},
    {"electrocardiogramme", "act", "ecg"},
    {"ecg", "act", "ecg"},
    {"frottis", "act", "frottis"},
    {"spirometrie", "act", "spirometrie"},
    {"sutures", "act", "sutures"},
    {"suture", "act", "sutures"},
    {"petite chirurgie", "act", "petite_chirurgie"},
    {"contraception", "act", "contraception"},
    {"suivi de grossesse", "act", "suivi_grossesse"},
    {"suivi grossesse", "act", "suivi_grossesse"},
    {"grossesse", "act", "suivi_grossesse"},
    {"education therapeutique", "act", "education_therapeutique"},
    {"soins palliatifs", "act", "soins_palliatifs"},
    {"depistage du diabete", "act", "depistage_diabete"},
    {"sevrage tabagique", "act", "sevrage_tabagique"},
    {"test antigenique", "act", "test_antigenique"},
    {"pansements complexes", "act", "pansements_complexes"},
    {"bilan de chute", "act", "bilan_chute"},
    {"teleexpertise", "act", "teleexpertise"},
    // Civility words: dropped from the text, they narrow by civility.
    {"docteur", "civility", "docteur"},
    {"dr", "civility", "docteur"},
    {"professeur", "civility", "professeur"},
    {"pr", "civility", "professeur"},
    {"madame", "civility", "madame"},
    {"mme", "civility", "madame"},
    {"mademoiselle", "civility", "madame"},
    {"mlle", "civility", "madame"},
    {"monsieur", "civility", "monsieur"},
    {"mr", "civility", "monsieur"},
    {"m", "civility", "monsieur"},
    {"doctoresse", "civility", "docteur"},
};

// Number of words of a phrase.
std::size_t word_count(std::string_view phrase) {
    std::size_t count = 1;
    for (char c : phrase) count += c == ' ';
    return count;
}

// True when words[at..] begin with the phrase's words.
bool starts_with_phrase(const std::vector<std::string>& words, std::size_t at, std::string_view phrase) {
    while (true) {
        if (at >= words.size()) return false;
        const auto end = phrase.find(' ');
        if (words[at] != phrase.substr(0, end)) return false;
        if (end == std::string_view::npos) return true;
        phrase.remove_prefix(end + 1);
        ++at;
    }
}

}  // namespace

std::vector<UnderstoodWords> known_phrases() {
    std::vector<UnderstoodWords> out;
    for (const auto& phrase : kPhrases) {
        out.push_back({std::string(phrase.words), std::string(phrase.parameter), std::string(phrase.value)});
    }
    return out;
}

QueryText read_query_text(std::string_view q, bool keep_last_word) {
    QueryText out;
    const auto words = text::words(q);
    const std::size_t last = words.empty() ? 0 : words.size() - 1;
    for (std::size_t at = 0; at < words.size();) {
        const Phrase* found = nullptr;
        std::size_t length = 0;
        if (!(keep_last_word && at == last)) {
            for (const auto& phrase : kPhrases) {
                // While typing, only civility words are read, and never the last word.
                if (keep_last_word && phrase.parameter != "civility") continue;
                const auto n = word_count(phrase.words);
                if (n > length && (!keep_last_word || at + n <= last) && starts_with_phrase(words, at, phrase.words)) {
                    found = &phrase;
                    length = n;
                }
            }
        }
        if (!found) {
            out.words.push_back(words[at]);
            ++at;
            continue;
        }
        if (found->parameter == "civility") {
            if (found->value == "docteur") out.title |= kTitleDoctor | kTitleProfessor;   // a professor is a doctor
            if (found->value == "professeur") out.title |= kTitleProfessor;
            if (found->value == "madame") out.gender |= kCivilityWoman;
            if (found->value == "monsieur") out.gender |= kCivilityMan;
        }
        out.understood.push_back({std::string(found->words), std::string(found->parameter), std::string(found->value)});
        at += length;
    }
    return out;
}

}  // namespace annuaire::search
