// The vocabulary of owner-declared fields: the allowed values of the enumerated
// fields and their labels. Shared by `annuaire declare` (validation), the query
// parser (filters) and facets, so that the three always agree.
#pragma once

#include <array>
#include <string_view>

namespace annuaire::owner {

struct CodeLabel {
    std::string_view code;
    std::string_view label;
};

// Boolean fields of declared_practice, in the order of their bits in the index.
inline constexpr std::array<CodeLabel, 6> kBooleanFields{{
    {"carte_vitale", "Carte Vitale acceptée"},
    {"tiers_payant", "Tiers payant"},
    {"pmr_access", "Accès personnes à mobilité réduite"},
    {"home_visits", "Visites à domicile"},
    {"teleconsultation", "Téléconsultation"},
    {"telesoin", "Télésoin"},
}};

inline constexpr std::array<CodeLabel, 4> kConventionnement{{
    {"secteur_1", "Conventionné secteur 1"},
    {"secteur_2", "Conventionné secteur 2"},
    {"secteur_2_optam", "Conventionné secteur 2 avec OPTAM"},
    {"non_conventionne", "Non conventionné"},
}};

inline constexpr std::array<CodeLabel, 6> kPublics{{
    {"enfants", "Enfants"},
    {"adolescents", "Adolescents"},
    {"adultes", "Adultes"},
    {"personnes_agees", "Personnes âgées"},
    {"handicap", "Personnes en situation de handicap"},
    {"precarite", "Personnes en situation de précarité"},
}};

// The CPTS list of acts (at most 32: they are a bit mask in the index).
inline constexpr std::array<CodeLabel, 16> kActs{{
    {"vaccination", "Vaccination"},
    {"ecg", "Électrocardiogramme"},
    {"frottis", "Frottis cervico-utérin"},
    {"spirometrie", "Spirométrie"},
    {"sutures", "Sutures"},
    {"petite_chirurgie", "Petite chirurgie"},
    {"contraception", "Contraception"},
    {"suivi_grossesse", "Suivi de grossesse"},
    {"education_therapeutique", "Éducation thérapeutique"},
    {"soins_palliatifs", "Soins palliatifs"},
    {"depistage_diabete", "Dépistage du diabète"},
    {"sevrage_tabagique", "Aide au sevrage tabagique"},
    {"test_antigenique", "Test antigénique"},
    {"pansements_complexes", "Pansements complexes"},
    {"bilan_chute", "Bilan de risque de chute"},
    {"teleexpertise", "Téléexpertise"},
}};

// Exercise modes of the RPPS (TRE_R23), as the API names them, with the extract's code.
// Not declared by owners, but filtered and counted the same way (a bit each in the index).
struct ExerciseMode {
    std::string_view code;
    std::string_view label;
    std::string_view rpps_code;
};
inline constexpr std::array<ExerciseMode, 4> kExerciseModes{{
    {"liberal", "Libéral", "L"},
    {"salarie", "Salarié", "S"},
    {"benevole", "Bénévole", "B"},
    {"indirect", "Indirect", "I"},
}};

// Index of code in list, or -1.
template <typename Entry, std::size_t N>
constexpr int index_of(const std::array<Entry, N>& list, std::string_view code) {
    for (std::size_t i = 0; i < N; ++i) {
        if (list[i].code == code) return static_cast<int>(i);
    }
    return -1;
}

// Fields an owner may correct (field_override): the corrected value is shown, with its
// provenance, in place of the RPPS value, which stays stored and is shown beside it.
inline constexpr std::array<CodeLabel, 4> kCorrectablePractitionerFields{{
    {"civility", "Civilité"},
    {"exercise_civility", "Civilité d'exercice"},
    {"last_name", "Nom"},
    {"first_name", "Prénom"},
}};
inline constexpr std::array<CodeLabel, 4> kCorrectableSiteFields{{
    {"site_name", "Nom de la structure"},
    {"phone", "Téléphone"},
    {"email", "Courriel"},
    // {"line", "complement", "postcode", "commune"}: geocoded again once an admin accepts it.
    {"address", "Adresse"},
}};

}  // namespace annuaire::owner
