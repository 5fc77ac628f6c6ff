#include "rpps.hpp"

#include <cstdio>
#include <stdexcept>
#include <vector>

#include "text.hpp"
#include "wordlists.hpp"

namespace gen::rpps {

void append_row(std::string& out, const Row& r) {
    const std::size_t start = out.size();
    for (const auto& f : r) out.append(f).push_back('|');
    // One pass over the new line: exactly 56 separators and no line break inside.
    int pipes = 0;
    for (std::size_t i = start; i < out.size(); ++i) {
        const char c = out[i];
        pipes += c == '|';
        if (c == '\n' || c == '\r') throw std::runtime_error("RPPS field holds a newline: " + out.substr(start));
    }
    if (pipes != kColumns) throw std::runtime_error("RPPS field holds a '|': " + out.substr(start));
    out.push_back('\n');
}

namespace {

using namespace std::string_view_literals;

// Shares follow the brief for ~1,600 professionals of a 280k-inhabitant urban area.
constexpr std::array<ProfSpec, kProfCount> kSpecs = {{
    {Prof::Nurse, "60", "nurse", 28.0, 0.87, 0.65, "ONI"},
    {Prof::GP, "10", "general practitioner", 14.0, 0.52, 1.0, "CNOM"},
    {Prof::Specialist, "10", "specialist doctor", 10.0, 0.45, 1.0, "CNOM"},
    {Prof::Physio, "70", "physiotherapist", 12.0, 0.50, 1.0, "CNOMK"},
    {Prof::Pharmacist, "21", "pharmacist", 10.0, 0.68, 1.0, "CNOP"},
    {Prof::Dentist, "40", "dentist", 6.0, 0.48, 1.0, "ONCD"},
    {Prof::Speech, "91", "speech therapist", 4.0, 0.96, 0.4, "ARS"},
    {Prof::Midwife, "50", "midwife", 2.0, 0.97, 1.0, "CNOSF"},
    {Prof::Podiatrist, "80", "podiatrist", 2.3, 0.70, 1.0, "CNOPP"},
    {Prof::Orthoptist, "92", "orthoptist", 0.9, 0.88, 0.4, "ARS"},
    {Prof::Psychologist, "93", "psychologist", 3.0, 0.85, 0.0, "ARS"},
    {Prof::Dietician, "95", "dietician", 1.0, 0.90, 0.0, "ARS"},
    {Prof::Psychomotor, "96", "psychomotor therapist", 1.0, 0.88, 0.0, "ARS"},
    {Prof::Optician, "28", "optician", 1.5, 0.50, 0.0, "ARS"},
    {Prof::Audio, "26", "audioprosthetist", 0.6, 0.40, 0.0, "ARS"},
    {Prof::Osteo, "71", "osteopath", 2.0, 0.45, 0.0, "ARS"},
    {Prof::OccupationalTherapist, "94", "occupational therapist", 0.8, 0.85, 0.0, "ARS"},
    {Prof::Psychotherapist, "72", "psychotherapist", 0.3, 0.70, 0.0, "ARS"},
    {Prof::RadioTech, "98", "radiographer", 0.4, 0.70, 0.0, "ARS"},
    {Prof::LabTech, "86", "lab technician", 0.2, 0.80, 0.0, "ARS"},
}};

struct WeightedCode {
    std::string_view type, code;
    double weight;
    bool hospital;
};

constexpr std::array kGpCodes = {
    WeightedCode{"S", "SM54", 45, false}, WeightedCode{"S", "SM53", 40, false}, WeightedCode{"S", "SM26", 15, false}};

constexpr std::array kSpecialistCodes = {
    WeightedCode{"S", "SM04", 9, false},  WeightedCode{"S", "SM40", 8, false},  WeightedCode{"S", "SM38", 8, false},
    WeightedCode{"S", "SM15", 5, false},  WeightedCode{"S", "SM42", 10, false}, WeightedCode{"S", "SM20", 6, false},
    WeightedCode{"S", "SM19", 3, false},  WeightedCode{"S", "SM44", 8, false},  WeightedCode{"S", "SM34", 4, false},
    WeightedCode{"S", "SM02", 9, true},   WeightedCode{"S", "SM24", 4, false},  WeightedCode{"S", "SM41", 3, false},
    WeightedCode{"S", "SM48", 3, false},  WeightedCode{"S", "SM32", 3, false},  WeightedCode{"S", "SM62", 2, false},
    WeightedCode{"S", "SM12", 2, false},  WeightedCode{"S", "SM08", 4, false},  WeightedCode{"S", "SM14", 3, true},
    WeightedCode{"S", "SM18", 3, true},   WeightedCode{"S", "SM59", 5, true},   WeightedCode{"S", "SM30", 2, true},
    WeightedCode{"S", "SM36", 2, true},   WeightedCode{"S", "SM27", 2, true},   WeightedCode{"S", "SM29", 2, true},
    WeightedCode{"S", "SM43", 2, false},  WeightedCode{"S", "SM25", 2, false},  WeightedCode{"S", "SM01", 1, true},
    WeightedCode{"S", "SM03", 1, false},  WeightedCode{"S", "SM49", 1, true},   WeightedCode{"CEX", "CEX22", 1, false},
};

constexpr std::array kDentistCodes = {WeightedCode{"", "", 85, false}, WeightedCode{"S", "SCD01", 9, false},
                                      WeightedCode{"S", "SCD02", 4, false}, WeightedCode{"S", "SCD03", 2, false}};

constexpr std::array kNurseCodes = {WeightedCode{"", "", 94, false}, WeightedCode{"S", "SI08", 2, true},
                                    WeightedCode{"S", "SI07", 1.5, true}, WeightedCode{"S", "SI06", 1.5, true},
                                    WeightedCode{"S", "SI01", 1, false}};

template <std::size_t N>
const WeightedCode& pick_code(const std::array<WeightedCode, N>& table, Rng& rng) {
    std::array<double, N> w{};
    for (std::size_t i = 0; i < N; ++i) w[i] = table[i].weight;
    return table[rng.weighted(w)];
}

std::string title_first_name(std::string_view name, Rng& rng) {
    // About a third of the real rows carry the first name in capitals without accents.
    if (rng.chance(0.3)) return text::upper_ascii(name);
    return std::string(name);
}

}  // namespace

const ProfSpec& spec(Prof p) { return kSpecs[static_cast<std::size_t>(p)]; }

std::string with_luhn(std::string digits) {
    int sum = 0;
    bool dbl = true;  // the check digit will be appended, so the last digit here is doubled
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (dbl) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
        dbl = !dbl;
    }
    digits.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
    return digits;
}

std::string rpps_number(std::uint64_t serial) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "10%08llu", static_cast<unsigned long long>(serial % 100000000ULL));
    return with_luhn(buf);
}

std::string adeli_number(std::string_view dept2, std::string_view prof2, std::uint64_t serial) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%05llu", static_cast<unsigned long long>(serial % 100000ULL));
    return std::string(dept2) + std::string(prof2) + buf;
}

std::string siret_number(Rng& rng) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08lld", static_cast<long long>(rng.between(30000000, 99999999)));
    const std::string siren = with_luhn(buf);
    // NIC: 4 digits chosen so the whole SIRET passes Luhn too.
    std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(rng.between(1, 99)));
    return with_luhn(siren + buf);
}

std::string finess_number(std::string_view dept, Rng& rng) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%06lld", static_cast<long long>(rng.between(0, 999999)));
    std::string body = std::string(dept).substr(0, 2) + buf;
    // FINESS keys are computed on digits; Corsica's letters are mapped to 0 for the key.
    std::string digits = body;
    for (char& c : digits)
        if (c < '0' || c > '9') c = '0';
    return body + with_luhn(digits).substr(8);
}

Person draw_person(Prof prof, Rng& rng) {
    const ProfSpec& s = spec(prof);
    Person p;
    p.prof = prof;
    p.female = rng.chance(s.female);
    p.rpps = rng.chance(s.rpps);
    std::string last(rng.pick(words::last_names()));
    if (rng.chance(0.03)) last += "-" + std::string(rng.pick(words::last_names()));
    p.last_name = std::move(last);
    p.first_name = title_first_name(
        p.female ? rng.pick(words::female_first_names()) : rng.pick(words::male_first_names()), rng);
    p.civ = p.female ? (!p.rpps && rng.chance(0.03) ? "MLLE" : "MME") : "M";

    const WeightedCode* sf = nullptr;
    switch (prof) {
        case Prof::GP: sf = &pick_code(kGpCodes, rng); break;
        case Prof::Specialist: sf = &pick_code(kSpecialistCodes, rng); break;
        case Prof::Dentist: sf = &pick_code(kDentistCodes, rng); break;
        case Prof::Nurse: sf = &pick_code(kNurseCodes, rng); break;
        default: break;
    }
    if (sf) {
        p.sf_type = sf->type;
        p.sf_code = sf->code;
        p.hospital_doctor = sf->hospital;
    }
    switch (prof) {
        case Prof::GP:
        case Prof::Specialist: p.civ_exe = rng.chance(0.96) ? "DR" : ""; break;
        case Prof::Dentist: p.civ_exe = rng.chance(0.65) ? "DR" : ""; break;
        case Prof::Pharmacist: p.civ_exe = rng.chance(0.2) ? "DR" : ""; break;
        default: break;
    }
    if (prof == Prof::Specialist && p.hospital_doctor && rng.chance(0.08)) p.civ_exe = "PR";
    return p;
}

void fill_person(Row& row, const Person& p, const Reference& ref) {
    const ProfSpec& s = spec(p.prof);
    row[kTypeId] = p.rpps ? "8" : "0";
    row[kIdPP] = p.id_pp;
    row[kIdNat] = p.id_nat;
    row[kCivExeCode] = p.civ_exe;
    row[kCivExeLabel] = p.civ_exe == "DR" ? "Docteur" : (p.civ_exe == "PR" ? "Professeur" : "");
    row[kCivCode] = p.civ;
    row[kCivLabel] = p.civ == "M" ? "Monsieur" : (p.civ == "MME" ? "Madame" : "Mademoiselle");
    row[kLastName] = p.last_name;
    row[kFirstName] = p.first_name;
    row[kProfCode] = s.code;
    row[kProfLabel] = ref.profession_label(s.code);
    row[kCatCode] = "C";
    row[kCatLabel] = "Civil";
    if (!p.sf_code.empty()) {
        row[kSfTypeCode] = p.sf_type;
        row[kSfTypeLabel] = ref.type_savoir_faire_label(p.sf_type);
        row[kSfCode] = p.sf_code;
        row[kSfLabel] = ref.savoir_faire(p.sf_code).label;
    }
}

std::string add_typo(std::string_view upper, Rng& rng) {
    // Candidate words: at least 5 letters A-Z.
    std::vector<std::pair<std::size_t, std::size_t>> words;
    std::size_t i = 0;
    while (i < upper.size()) {
        while (i < upper.size() && !(upper[i] >= 'A' && upper[i] <= 'Z')) ++i;
        std::size_t j = i;
        while (j < upper.size() && upper[j] >= 'A' && upper[j] <= 'Z') ++j;
        if (j - i >= 5) words.emplace_back(i, j - i);
        i = j;
    }
    std::string out(upper);
    if (words.empty()) return out;
    const auto [start, len] = words[rng.index(words.size())];
    const std::size_t pos = start + 1 + rng.index(len - 2);  // never the first or last letter
    switch (rng.between(0, 2)) {
        case 0: {  // substitution
            char c;
            do { c = static_cast<char>('A' + rng.index(26)); } while (c == out[pos]);
            out[pos] = c;
            break;
        }
        case 1: out.erase(pos, 1); break;  // deletion
        default:                            // doubled letter
            out.insert(pos, 1, out[pos]);
            break;
    }
    return out;
}

void fill_address(Row& row, const PlainAddress& a, const AddressStyle& st, Rng& rng) {
    auto types = words::street_types();
    row[kComplGeo] = st.complement_geo;
    row[kNumVoie] = a.numero;
    if (a.rep == "bis") row[kIndiceRep] = st.long_rep ? "BIS" : "B";
    else if (a.rep == "ter") row[kIndiceRep] = st.long_rep ? "TER" : "T";
    else row[kIndiceRep] = a.rep;

    std::string label;
    if (st.keep_accents && !st.abbreviate && !st.typo) label = text::upper_accented(a.core);
    else label = text::upper_ascii(a.core);
    if (st.abbreviate) label = text::abbreviate_titles(label);
    if (st.separators_as_spaces)
        for (char& c : label)
            if (c == '-' || c == '\'') c = ' ';
    if (st.typo) label = add_typo(label, rng);
    if (a.type >= 0) {
        const auto& t = types[static_cast<std::size_t>(a.type)];
        if (st.type_in_label) {
            label = text::upper_ascii(t.label) + " " + label;
        } else {
            row[kTypeVoieCode] = t.code;
            row[kTypeVoieLabel] = t.label;
        }
    }
    row[kLibVoie] = std::move(label);
    row[kMention] = st.mention;
    if (!st.cedex_code.empty()) {
        row[kBureauCedex] = st.cedex_code + " " + st.cedex_label;
        row[kPostcode] = st.cedex_code;
    } else {
        row[kBureauCedex] = a.postcode + " " + a.acheminement;
        row[kPostcode] = a.postcode;
    }
    if (st.with_commune) {
        row[kCommuneCode] = a.insee;
        row[kCommuneLabel] = a.commune_name;
    }
    if (st.with_country) {
        row[kCountryCode] = "99000";
        row[kCountryLabel] = "France";
    }
}

std::string authority(const Person& p, bool has_site, bool liberal, bool finess_site) {
    const std::string first = p.rpps ? std::string(spec(p.prof).authority) : "ARS";
    if (!has_site) return first + "//";
    if (p.rpps) {
        if (!liberal && finess_site) return first + "/" + first + "/ARS";
        return first + "/" + first + "/" + first;
    }
    if (liberal) return "ARS/CPAM/CPAM";
    return finess_site ? "ARS/ARS/ARS" : "ARS/Variable/Variable";
}

std::string phone_number(std::string_view prefix4, Rng& rng) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%06lld", static_cast<long long>(rng.between(0, 999999)));
    return std::string(prefix4) + buf;
}

}  // namespace gen::rpps
