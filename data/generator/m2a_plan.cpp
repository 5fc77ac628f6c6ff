// The planner behind gen::m2a::plan_people (m2a_plan.hpp): identifiers, institutions,
// cabinets and shared practices, and each person's activities.
#include "m2a_plan.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <stdexcept>

#include "ban_format.hpp"
#include "ban_m2a.hpp"
#include "geo.hpp"
#include "output.hpp"
#include "reference.hpp"
#include "rpps.hpp"
#include "text.hpp"
#include "validate.hpp"
#include "wordlists.hpp"

namespace gen::m2a {

namespace {

using rpps::Prof;

struct OutsideCommune {
    std::string insee, name, postcode, acheminement, phone_prefix;
};

const std::vector<OutsideCommune>& outside_communes() {
    static const std::vector<OutsideCommune> k = {
        {"68066", "Colmar", "68000", "COLMAR", "0389"},       {"67482", "Strasbourg", "67000", "STRASBOURG", "0388"},
        {"68297", "Saint-Louis", "68300", "SAINT LOUIS", "0389"}, {"68112", "Guebwiller", "68500", "GUEBWILLER", "0389"},
        {"68063", "Cernay", "68700", "CERNAY", "0389"},       {"68004", "Altkirch", "68130", "ALTKIRCH", "0389"},
        {"68334", "Thann", "68800", "THANN", "0389"},
    };
    return k;
}

std::string slug(std::string_view s) {
    std::string out;
    for (char c : text::upper_ascii(s)) {
        if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
        else if (c >= '0' && c <= '9') out.push_back(c);
        else if (!out.empty() && out.back() != '.') out.push_back('.');
    }
    while (!out.empty() && out.back() == '.') out.pop_back();
    return out;
}

class Planner {
public:
    Planner(const Reference& ref, Rng& rng) : ref_(ref), rng_(rng) {}

    std::vector<rpps::Person> people;
    std::vector<Site> sites;
    std::vector<Activity> activities;

    void build(int n_people);

private:
    const Reference& ref_;
    Rng& rng_;
    std::uint64_t rpps_serial_ = 0, rpps_cabinet_serial_ = 0;
    std::map<std::string, std::uint64_t> adeli_serial_;
    std::map<std::string, int> adeli_cabinets_;
    // Open shared practices by (kind, profession) and institutions.
    std::map<std::pair<int, int>, long> open_group_;
    std::vector<std::size_t> hospitals_, clinics_, ehpads_, labs_, centres_, msps_, cmps_, disability_, oncall_,
        radiology_;
    long open_pharmacy_ = -1;
    long open_shop_[2] = {-1, -1};

    std::size_t new_site(SiteKind kind, std::string sector) {
        Site s;
        s.kind = kind;
        s.sector = std::move(sector);
        s.phone = rpps::phone_number("0389", rng_);
        if (rng_.chance(0.2)) s.phone = "";
        if (rng_.chance(0.15)) s.fax = rpps::phone_number("0389", rng_);
        sites.push_back(std::move(s));
        return sites.size() - 1;
    }
    void finess_ids(Site& s, const std::string& ej) {
        s.finess = rpps::finess_number("68", rng_);
        s.finess_ej = ej.empty() ? rpps::finess_number("68", rng_) : ej;
        s.tech_id = "F" + s.finess;
        s.old_id = "1" + s.finess;
        s.finess_site = true;
        if (rng_.chance(0.6)) s.siret = rpps::siret_number(rng_);
    }
    void siret_ids(Site& s) {
        s.siret = rpps::siret_number(rng_);
        if (rng_.chance(0.4)) s.siren = s.siret.substr(0, 9);
        s.tech_id = "C" + s.siret;
        s.old_id = "3" + s.siret;
    }
    void email_for(Site& s, double p) {
        if (rng_.chance(p)) s.email = slug(s.raison.empty() ? "contact" : s.raison) + "@sante-m2a.example";
    }

    void institutions();
    void identify(rpps::Person& p);
    std::size_t individual_cabinet(const rpps::Person& p);
    std::size_t shared(SiteKind kind, Prof prof, int min_size, int max_size);
    std::size_t pharmacy(bool& titular);
    std::size_t shop(bool audio);
    std::size_t outside_site(const rpps::Person& p);
    std::size_t pick(const std::vector<std::size_t>& v) { return v[rng_.index(v.size())]; }
    void add(std::size_t person, long site, std::string mode, std::string role, std::string section = "");
    void plan_person(std::size_t index);
};

void Planner::institutions() {
    const std::string ghrmsa_ej = rpps::finess_number("68", rng_);
    const char* hospital_names[] = {"GHRMSA - HOPITAL EMILE MULLER", "GHRMSA - HOPITAL DU HASENRAIN",
                                    "GHRMSA - CENTRE DE GERONTOLOGIE"};
    for (const char* name : hospital_names) {
        auto i = new_site(SiteKind::Hospital, "SA01");
        finess_ids(sites[i], ghrmsa_ej);
        sites[i].raison = name;
        sites[i].insee = "68224";
        sites[i].fax = rpps::phone_number("0389", rng_);
        hospitals_.push_back(i);
    }
    const std::string psy_ej = rpps::finess_number("68", rng_);
    for (const char* name : {"CMP ADULTES MULHOUSE NORD", "CMP ENFANTS ET ADOLESCENTS"}) {
        auto i = new_site(SiteKind::Hospital, "SA01");
        finess_ids(sites[i], psy_ej);
        sites[i].raison = name;
        cmps_.push_back(i);
    }
    struct Named {
        const char* name;
        const char* sector;
    };
    for (auto [name, sector] : {Named{"CLINIQUE DES TROIS FRONTIERES", "SA04"}, Named{"CLINIQUE DU PARC ALSACE", "SA03"},
                                Named{"CLINIQUE SAINTE-ODILE DU RHIN", "SA04"}}) {
        auto i = new_site(SiteKind::Clinic, sector);
        finess_ids(sites[i], "");
        sites[i].raison = name;
        clinics_.push_back(i);
    }
    for (int k = 0; k < 7; ++k) {
        auto i = new_site(SiteKind::Ehpad, "SA17");
        finess_ids(sites[i], "");
        sites[i].raison = "EHPAD " + std::string(rng_.pick(words::shop_names()));
        ehpads_.push_back(i);
    }
    for (int k = 0; k < 4; ++k) {
        auto i = new_site(SiteKind::Lab, "SA25");
        finess_ids(sites[i], "");
        sites[i].raison = "LBM ALSA BIO SITE " + std::string(rng_.pick(words::shop_names()));
        labs_.push_back(i);
    }
    for (const char* name : {"CENTRE DE SANTE MUNICIPAL", "CENTRE DE SANTE DENTAIRE MUTUALISTE",
                             "CENTRE DE SANTE DU BASSIN POTASSIQUE"}) {
        auto i = new_site(SiteKind::HealthCentre, "SA05");
        finess_ids(sites[i], "");
        sites[i].raison = name;
        centres_.push_back(i);
    }
    for (int k = 0; k < 3; ++k) {
        auto i = new_site(SiteKind::Disability, "SA16");
        finess_ids(sites[i], "");
        sites[i].raison = (k == 0 ? "IME " : (k == 1 ? "SESSAD " : "MAS ")) + std::string(rng_.pick(words::shop_names()));
        disability_.push_back(i);
    }
    {
        auto i = new_site(SiteKind::OnCall, "SA67");
        siret_ids(sites[i]);
        sites[i].raison = "MAISON MEDICALE DE GARDE DE MULHOUSE";
        sites[i].insee = "68224";
        oncall_.push_back(i);
    }
    for (int k = 0; k < 3; ++k) {
        auto i = new_site(SiteKind::Radiology, "SA09");
        siret_ids(sites[i]);
        sites[i].raison = "SELARL IMAGERIE MEDICALE " + std::string(rng_.pick(words::shop_names()));
        radiology_.push_back(i);
    }
    for (int k = 0; k < 7; ++k) {
        auto i = new_site(SiteKind::Msp, "SA52");
        siret_ids(sites[i]);
        sites[i].raison = "SISA MAISON DE SANTE " + std::string(rng_.pick(words::shop_names()));
        sites[i].style.complement_geo = "MAISON DE SANTE";
        msps_.push_back(i);
    }
    for (auto i : hospitals_) email_for(sites[i], 0.5);
    for (auto i : clinics_) email_for(sites[i], 0.5);
}

void Planner::identify(rpps::Person& p) {
    if (p.rpps) {
        rpps_serial_ += static_cast<std::uint64_t>(rng_.between(1, 4000));
        p.id_pp = rpps::rpps_number(1000000 + rpps_serial_);
        p.id_nat = "8" + p.id_pp;
    } else {
        const auto& s = rpps::spec(p.prof);
        const std::string prof2 =
            (p.prof == Prof::Osteo || p.prof == Prof::Psychotherapist) ? std::string("00") : std::string(s.code);
        auto& serial = adeli_serial_[prof2];
        serial += static_cast<std::uint64_t>(rng_.between(1, 40));
        p.id_pp = rpps::adeli_number("68", prof2, serial);
        p.id_nat = "0" + p.id_pp;
    }
}

std::size_t Planner::individual_cabinet(const rpps::Person& p) {
    auto i = new_site(SiteKind::Individual, "SA07");
    Site& s = sites[i];
    const bool doctor = p.civ_exe == "DR" || p.civ_exe == "PR";
    if (p.rpps) {
        ++rpps_cabinet_serial_;
        char buf[24];
        std::snprintf(buf, sizeof buf, "R1%013llu", static_cast<unsigned long long>(1000000000ULL + rpps_cabinet_serial_ * 7));
        s.tech_id = buf;
        s.old_id = "4" + s.tech_id.substr(1);
        if (rng_.chance(0.4)) {
            s.siret = rpps::siret_number(rng_);
            if (rng_.chance(0.4)) s.siren = s.siret.substr(0, 9);
        }
        s.raison = doctor ? "CABINET DU DR " + text::upper_ascii(p.first_name) + " " + p.last_name
                          : "CABINET " + std::string(p.female ? "MME " : "M ") + p.last_name;
    } else {
        // ADELI cabinets are numbered per person: <ADELI>00, <ADELI>01…
        char suffix[4];
        std::snprintf(suffix, sizeof suffix, "%02d", adeli_cabinets_[p.id_pp]++ % 100);
        s.tech_id = "C" + p.id_pp + suffix;
        s.old_id = "0" + p.id_pp + suffix;
        s.raison = "CABINET " + std::string(p.female ? "MME " : "M ") + p.last_name;
        s.compl_dest = s.raison;
    }
    email_for(s, 0.06);
    return i;
}

std::size_t Planner::shared(SiteKind kind, Prof prof, int min_size, int max_size) {
    const std::pair<int, int> key{static_cast<int>(kind), static_cast<int>(prof)};
    auto it = open_group_.find(key);
    if (it != open_group_.end() && sites[static_cast<std::size_t>(it->second)].capacity > 0) {
        auto& s = sites[static_cast<std::size_t>(it->second)];
        --s.capacity;
        return static_cast<std::size_t>(it->second);
    }
    auto i = new_site(kind, kind == SiteKind::Society ? "SA09" : "SA08");
    Site& s = sites[i];
    siret_ids(s);
    const std::string place(rng_.pick(words::shop_names()));
    switch (prof) {
        case Prof::GP: s.raison = "SCM CABINET MEDICAL " + place; break;
        case Prof::Specialist: s.raison = "SELARL MEDICALE " + place; break;
        case Prof::Nurse: s.raison = "CABINET INFIRMIER " + place; break;
        case Prof::Physio: s.raison = "CABINET DE KINESITHERAPIE " + place; break;
        case Prof::Dentist: s.raison = "SCM CABINET DENTAIRE " + place; break;
        case Prof::Speech: s.raison = "CABINET D'ORTHOPHONIE " + place; break;
        case Prof::Midwife: s.raison = "CABINET DE SAGES-FEMMES " + place; break;
        default: s.raison = "CABINET PARAMEDICAL " + place; break;
    }
    if (kind == SiteKind::Society) s.raison = "SELARL " + s.raison;
    if (rng_.chance(0.3)) s.enseigne = s.raison.substr(s.raison.find(' ') + 1);
    email_for(s, 0.12);
    s.capacity = static_cast<int>(rng_.between(min_size, max_size)) - 1;
    open_group_[key] = static_cast<long>(i);
    return i;
}

std::size_t Planner::pharmacy(bool& titular) {
    if (open_pharmacy_ >= 0 && sites[static_cast<std::size_t>(open_pharmacy_)].capacity > 0) {
        --sites[static_cast<std::size_t>(open_pharmacy_)].capacity;
        titular = rng_.chance(0.12);  // co-owner of a SELAS
        return static_cast<std::size_t>(open_pharmacy_);
    }
    auto i = new_site(SiteKind::Pharmacy, "SA33");
    Site& s = sites[i];
    finess_ids(s, "");
    s.finess_ej = "";
    s.siret = rpps::siret_number(rng_);
    s.raison = "PHARMACIE " + std::string(rng_.pick(words::shop_names()));
    if (rng_.chance(0.3)) s.enseigne = "PHARMACIE " + std::string(rng_.pick(words::shop_names()));
    email_for(s, 0.15);
    const double r = rng_.unit();
    s.capacity = r < 0.3 ? 0 : (r < 0.7 ? 1 : (r < 0.9 ? 2 : 3));
    open_pharmacy_ = static_cast<long>(i);
    titular = true;
    return i;
}

std::size_t Planner::shop(bool audio) {
    long& open = open_shop_[audio ? 1 : 0];
    if (open >= 0 && sites[static_cast<std::size_t>(open)].capacity > 0) {
        --sites[static_cast<std::size_t>(open)].capacity;
        return static_cast<std::size_t>(open);
    }
    auto i = new_site(SiteKind::Shop, "SA42");
    Site& s = sites[i];
    siret_ids(s);
    s.raison = std::string(audio ? "AUDITION " : "OPTIQUE ") + std::string(rng_.pick(words::shop_names()));
    s.compl_dest = s.raison;
    s.capacity = static_cast<int>(rng_.between(0, 2));
    open = static_cast<long>(i);
    return i;
}

std::size_t Planner::outside_site(const rpps::Person& p) {
    const auto& oc = outside_communes()[rng_.index(outside_communes().size())];
    std::size_t i;
    if (p.prof == Prof::Specialist || p.prof == Prof::Nurse || rng_.chance(0.3)) {
        i = new_site(SiteKind::Outside, "SA01");
        finess_ids(sites[i], "");
        sites[i].finess = (oc.insee.substr(0, 2)) + sites[i].finess.substr(2);
        sites[i].tech_id = "F" + sites[i].finess;
        sites[i].old_id = "1" + sites[i].finess;
        sites[i].raison = "CENTRE HOSPITALIER DE " + text::upper_ascii(oc.name);
    } else {
        i = individual_cabinet(p);
        sites[i].kind = SiteKind::Outside;
    }
    Site& s = sites[i];
    s.outside = true;
    s.phone = rpps::phone_number(oc.phone_prefix, rng_);
    auto& a = s.outside_address;
    a.numero = std::to_string(rng_.between(1, 120));
    a.type = 0;
    a.core = std::string(rng_.pick(words::street_cores()));
    a.postcode = oc.postcode;
    a.insee = oc.insee;
    a.commune_name = oc.name;
    a.acheminement = oc.acheminement;
    s.style.with_commune = rng_.chance(0.45);
    return i;
}

void Planner::add(std::size_t person, long site, std::string mode, std::string role, std::string section) {
    Activity a;
    a.person = person;
    a.site = site;
    a.mode = std::move(mode);
    a.role = std::move(role);
    a.section = std::move(section);
    activities.push_back(std::move(a));
}

void Planner::plan_person(std::size_t idx) {
    rpps::Person& p = people[idx];
    auto L = [&](std::size_t site, const char* role = "FON-01") { add(idx, static_cast<long>(site), "L", role); };
    auto S = [&](std::size_t site) { add(idx, static_cast<long>(site), "S", "FON-33"); };

    // About 3 % of lines carry no activity site at all (mostly ADELI registrations).
    if (rng_.chance(p.rpps ? 0.016 : 0.10)) {
        add(idx, -1, rng_.chance(0.5) ? "" : "S", "");
        return;
    }
    if (rng_.chance(0.006)) {  // works entirely outside the territory
        auto s = outside_site(p);
        if (sites[s].finess_site) S(s);
        else L(s);
        return;
    }
    const double r = rng_.unit();
    bool second = false;
    switch (p.prof) {
        case Prof::GP:
            if (r < 0.33) L(individual_cabinet(p));
            else if (r < 0.70) L(shared(SiteKind::Group, p.prof, 2, 5), rng_.chance(0.05) ? "FON-17" : "FON-02");
            else if (r < 0.82) L(pick(msps_));
            else if (r < 0.87) S(pick(centres_));
            else if (r < 0.95) L(shared(SiteKind::Society, p.prof, 1, 3), "FON-02");
            else S(pick(hospitals_));
            if (rng_.chance(0.30)) {
                const double q = rng_.unit();
                if (q < 0.1) L(outside_site(p), "FON-55");
                else if (q < 0.5) S(pick(hospitals_));
                else if (q < 0.75) L(pick(ehpads_), "FON-63");
                else L(pick(oncall_), "FON-54");
            }
            return;
        case Prof::Specialist:
            if (p.sf_code == "SM44" && r < 0.6) {
                L(pick(radiology_), "FON-02");
            } else if (p.sf_code == "SM42" || p.sf_code == "SM43") {
                if (r < 0.45) S(pick(cmps_));
                else if (r < 0.65) S(pick(hospitals_));
                else L(individual_cabinet(p));
            } else if (p.hospital_doctor) {
                if (r < 0.6) S(pick(hospitals_));
                else if (r < 0.85) S(pick(clinics_));
                else L(pick(clinics_));
            } else {
                if (r < 0.30) L(individual_cabinet(p));
                else if (r < 0.50) L(shared(SiteKind::Society, p.prof, 1, 2), "FON-02");
                else if (r < 0.65) L(shared(SiteKind::Group, p.prof, 2, 4), "FON-02");
                else if (r < 0.88) S(pick(hospitals_));
                else if (r < 0.97) L(pick(clinics_));
                else S(pick(centres_));
            }
            second = rng_.chance(0.45);
            if (second) {
                const double q = rng_.unit();
                if (q < 0.15) S(outside_site(p));
                else if (q < 0.55) L(pick(clinics_));
                else if (q < 0.8) S(pick(hospitals_));
                else L(individual_cabinet(p));
                if (rng_.chance(0.2)) L(pick(clinics_));  // a few specialists consult at three sites
            }
            return;
        case Prof::Nurse:
            if (r < 0.16) L(individual_cabinet(p));
            else if (r < 0.55) L(shared(SiteKind::Group, p.prof, 2, 5), rng_.chance(0.1) ? "FON-17" : "FON-01");
            else if (r < 0.65) L(pick(msps_));
            else if (r < 0.83) S(pick(hospitals_));
            else if (r < 0.89) S(pick(clinics_));
            else if (r < 0.96) S(pick(ehpads_));
            else S(pick(centres_));
            if (rng_.chance(0.16)) {
                if (rng_.chance(0.05)) S(outside_site(p));
                else S(pick(ehpads_));
            }
            return;
        case Prof::Physio:
            if (r < 0.26) L(individual_cabinet(p));
            else if (r < 0.73) L(shared(SiteKind::Group, p.prof, 2, 6), rng_.chance(0.15) ? "FON-17" : "FON-02");
            else if (r < 0.85) L(pick(msps_));
            else if (r < 0.95) S(pick(hospitals_));
            else S(pick(ehpads_));
            if (rng_.chance(0.35)) {
                if (rng_.chance(0.6)) L(shared(SiteKind::Group, p.prof, 2, 6), "FON-17");
                else L(individual_cabinet(p));
            }
            return;
        case Prof::Pharmacist: {
            if (r < 0.82) {
                bool titular = false;
                auto s = pharmacy(titular);
                if (titular) add(idx, static_cast<long>(s), "L", "FON-03", "A");
                else add(idx, static_cast<long>(s), "S", "FON-05", "D");
                if (!titular && rng_.chance(0.12)) {
                    bool t2 = false;
                    auto s2 = pharmacy(t2);
                    add(idx, static_cast<long>(s2), "S", "FON-05", "D");
                }
            } else if (r < 0.92) {
                add(idx, static_cast<long>(pick(hospitals_)), "S", "FON-33", "H");
            } else {
                add(idx, static_cast<long>(pick(labs_)), rng_.chance(0.5) ? "L" : "S", "FON-41", "G");
            }
            return;
        }
        case Prof::Dentist:
            if (r < 0.50) L(individual_cabinet(p));
            else if (r < 0.80) L(shared(rng_.chance(0.5) ? SiteKind::Group : SiteKind::Society, p.prof, 2, 4), "FON-02");
            else if (r < 0.92) S(centres_[1]);
            else S(pick(hospitals_));
            if (rng_.chance(0.15)) L(individual_cabinet(p));
            return;
        case Prof::Midwife:
            if (r < 0.25) L(individual_cabinet(p));
            else if (r < 0.40) L(shared(SiteKind::Group, p.prof, 2, 3));
            else if (r < 0.45) L(pick(msps_));
            else if (r < 0.85) S(hospitals_[0]);
            else S(pick(clinics_));
            if (rng_.chance(0.25)) L(individual_cabinet(p));
            return;
        case Prof::Speech:
        case Prof::Podiatrist:
        case Prof::Osteo:
        case Prof::Psychotherapist:
            if (r < 0.62) L(individual_cabinet(p));
            else if (r < 0.85) L(shared(SiteKind::Group, p.prof, 2, 3));
            else if (r < 0.95 && p.prof != Prof::Osteo && p.prof != Prof::Psychotherapist) L(pick(msps_));
            else if (p.prof == Prof::Speech) S(pick(disability_));
            else L(individual_cabinet(p));
            if (rng_.chance(0.22)) L(individual_cabinet(p));
            return;
        case Prof::Orthoptist:
            if (r < 0.6) S(shared(SiteKind::Society, Prof::Specialist, 1, 2));
            else L(individual_cabinet(p));
            return;
        case Prof::Psychologist:
            if (r < 0.45) L(individual_cabinet(p));
            else if (r < 0.55) L(pick(msps_));
            else if (r < 0.75) S(pick(cmps_));
            else if (r < 0.88) S(pick(disability_));
            else S(pick(ehpads_));
            if (rng_.chance(0.3)) L(individual_cabinet(p));
            return;
        case Prof::Dietician:
            if (r < 0.5) L(individual_cabinet(p));
            else if (r < 0.6) L(pick(msps_));
            else S(rng_.chance(0.6) ? pick(hospitals_) : pick(clinics_));
            return;
        case Prof::Psychomotor:
        case Prof::OccupationalTherapist:
            if (r < 0.35) L(individual_cabinet(p));
            else if (r < 0.75) S(pick(disability_));
            else if (r < 0.9) S(pick(hospitals_));
            else S(pick(ehpads_));
            return;
        case Prof::Optician: S(shop(false)); return;
        case Prof::Audio:
            if (r < 0.8) S(shop(true));
            else L(individual_cabinet(p));
            return;
        case Prof::RadioTech:
            if (r < 0.5) S(pick(hospitals_));
            else S(pick(radiology_));
            return;
        case Prof::LabTech: S(pick(labs_)); return;
        case Prof::Count: break;
    }
}

void Planner::build(int n_people) {
    institutions();
    // Exact head counts by largest remainder, so the shares are what the table says.
    std::vector<double> shares;
    double total = 0;
    for (int k = 0; k < rpps::kProfCount; ++k) {
        shares.push_back(rpps::spec(static_cast<Prof>(k)).share);
        total += shares.back();
    }
    std::vector<int> counts(shares.size());
    std::vector<std::pair<double, int>> remainders;
    int assigned = 0;
    for (std::size_t k = 0; k < shares.size(); ++k) {
        const double exact = n_people * shares[k] / total;
        counts[k] = static_cast<int>(exact);
        assigned += counts[k];
        remainders.emplace_back(exact - counts[k], static_cast<int>(k));
    }
    std::sort(remainders.begin(), remainders.end(), [](auto& a, auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (int k = 0; assigned < n_people; ++k, ++assigned) ++counts[static_cast<std::size_t>(remainders[static_cast<std::size_t>(k)].second)];

    std::vector<Prof> order;
    for (std::size_t k = 0; k < counts.size(); ++k)
        for (int n = 0; n < counts[k]; ++n) order.push_back(static_cast<Prof>(k));
    rng_.shuffle(order);
    for (Prof prof : order) {
        rpps::Person p = rpps::draw_person(prof, rng_);
        identify(p);
        people.push_back(std::move(p));
        plan_person(people.size() - 1);
    }
    for (const auto& a : activities)
        if (a.site >= 0) ++sites[static_cast<std::size_t>(a.site)].lines;
}

}  // namespace

Plan plan_people(const Reference& ref, Rng& rng, int people) {
    Planner planner(ref, rng);
    planner.build(people);
    return {std::move(planner.people), std::move(planner.sites), std::move(planner.activities)};
}

}  // namespace gen::m2a
