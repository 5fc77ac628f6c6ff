#include "m2a.hpp"

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

namespace gen {

void M2aOptions::validate() const {
    if (reference_dir.empty()) throw std::invalid_argument("--reference DIR is required");
    if (out_extract.empty()) throw std::invalid_argument("--out-extract FILE is required");
    if (out_ban.empty()) throw std::invalid_argument("--out-ban FILE.csv.gz is required");
    if (people < 50) throw std::invalid_argument("--people must be at least 50");
}

namespace {

using rpps::Prof;

enum class SiteKind {
    Individual, Group, Society, Msp, HealthCentre, Hospital, Clinic, Ehpad, Lab, Pharmacy, Shop, Radiology,
    Disability, OnCall, Outside
};

struct Site {
    SiteKind kind = SiteKind::Individual;
    std::string sector;
    std::string siret, siren, finess, finess_ej, tech_id, old_id, raison, enseigne, compl_dest;
    std::string phone, phone2, fax, email;
    std::string insee;  // commune imposed by the plan ("" = anywhere in m2A)
    bool finess_site = false;
    int capacity = 1;   // for shared practices: how many more people fit
    int lines = 0;
    // Address
    bool outside = false;
    rpps::PlainAddress outside_address;
    long address = -1;  // index in BanData::addresses
    int fake_numero = 0;  // a number between two existing ones that the BAN does not have
    rpps::AddressStyle style;
};

struct Activity {
    std::size_t person = 0;
    long site = -1;  // -1: a line with no activity site
    std::string mode, role, genre, section;
};

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

// ---- noise and addresses ------------------------------------------------------

struct NoiseReport {
    std::map<std::string, int> sites, lines;
    void count(const std::string& kind, const Site& s) {
        ++sites[kind];
        lines[kind] += s.lines;
    }
};

// Picks sites from `candidates` in random order until their lines reach `target`
// (line-weighted shares, so one big hospital cannot swamp a noise kind).
std::vector<std::size_t> pick_by_lines(std::vector<std::size_t> candidates, const std::vector<Site>& sites,
                                       double target, Rng& rng) {
    rng.shuffle(candidates);
    std::vector<std::size_t> out;
    int total = 0;
    for (auto i : candidates) {
        if (total >= target) break;
        if (total + sites[i].lines > target * 1.15 + 1) continue;
        out.push_back(i);
        total += sites[i].lines;
    }
    return out;
}

struct AddressPools {
    std::vector<std::size_t> all, abbreviable, mulhouse;
    struct Gap {
        std::size_t street;
        int numero;
        std::size_t neighbour;  // an existing address of the same street and side, for the postcode
    };
    std::vector<Gap> gaps;
};

AddressPools build_pools(const BanData& ban, Rng& rng) {
    AddressPools pools;
    for (std::size_t i = 0; i < ban.addresses.size(); ++i) {
        const auto& s = ban.streets[ban.addresses[i].street];
        pools.all.push_back(i);
        if (text::has_abbreviable_word(text::upper_ascii(s.core))) pools.abbreviable.push_back(i);
        if (s.insee == "68224") pools.mulhouse.push_back(i);
    }
    // Missing numbers: same parity, strictly between two existing numbers of one side.
    std::map<std::size_t, std::map<int, std::size_t>> numbers;  // street -> numero -> address
    for (std::size_t i = 0; i < ban.addresses.size(); ++i) numbers[ban.addresses[i].street].emplace(ban.addresses[i].numero, i);
    for (const auto& [street, nums] : numbers) {
        for (int parity = 0; parity < 2; ++parity) {
            int prev = -1;
            std::size_t prev_addr = 0;
            for (const auto& [n, addr] : nums) {
                if (n % 2 != parity) continue;
                if (prev > 0 && n - prev >= 4) pools.gaps.push_back({street, prev + 2, prev_addr});
                prev = n;
                prev_addr = addr;
            }
        }
    }
    rng.shuffle(pools.all);
    rng.shuffle(pools.abbreviable);
    rng.shuffle(pools.mulhouse);
    rng.shuffle(pools.gaps);
    return pools;
}

NoiseReport assign_addresses(std::vector<Site>& sites, const BanData& ban, const Reference& ref, Rng& rng) {
    NoiseReport report;
    std::vector<std::size_t> located;
    int located_lines = 0;
    for (std::size_t i = 0; i < sites.size(); ++i)
        if (!sites[i].outside && sites[i].lines > 0) {
            located.push_back(i);
            located_lines += sites[i].lines;
        }

    std::set<std::size_t> cedex, typo, fake, in_label, abbrev;
    {
        std::vector<std::size_t> cand;
        for (auto i : located) {
            auto k = sites[i].kind;
            if (k == SiteKind::Hospital || k == SiteKind::Clinic || k == SiteKind::Ehpad || k == SiteKind::Lab ||
                k == SiteKind::HealthCentre)
                cand.push_back(i);
        }
        for (auto i : pick_by_lines(cand, sites, 0.03 * located_lines, rng)) cedex.insert(i);
    }
    std::vector<std::size_t> rest;
    for (auto i : located)
        if (!cedex.count(i)) rest.push_back(i);
    for (auto i : pick_by_lines(rest, sites, 0.02 * located_lines, rng)) typo.insert(i);
    std::erase_if(rest, [&](std::size_t i) { return typo.count(i) > 0; });
    for (auto i : pick_by_lines(rest, sites, 0.03 * located_lines, rng)) fake.insert(i);
    std::erase_if(rest, [&](std::size_t i) { return fake.count(i) > 0; });
    for (auto i : pick_by_lines(rest, sites, 0.03 * located_lines, rng)) in_label.insert(i);
    for (auto i : pick_by_lines(rest, sites, 0.10 * located_lines, rng)) abbrev.insert(i);
    std::set<std::size_t> with_commune;
    for (auto i : pick_by_lines(located, sites, 0.45 * located_lines, rng)) with_commune.insert(i);

    AddressPools pools = build_pools(ban, rng);
    std::set<std::size_t> used;
    std::set<std::size_t> used_streets_fake;
    auto take = [&](const std::vector<std::size_t>& pool, const std::string& insee, auto&& ok) -> std::size_t {
        for (auto i : pool) {
            if (used.count(i)) continue;
            const auto& st = ban.streets[ban.addresses[i].street];
            if (!insee.empty() && st.insee != insee) continue;
            if (!ok(i)) continue;
            used.insert(i);
            return i;
        }
        throw std::runtime_error("address pool exhausted");
    };
    auto any = [](std::size_t) { return true; };

    for (auto i : located) {
        Site& s = sites[i];
        auto& st = s.style;
        if (abbrev.count(i)) {
            s.address = static_cast<long>(take(pools.abbreviable, s.insee, any));
            st.abbreviate = true;
            report.count("abbreviation (ST, STE, GAL, DR, MAL, PDT, PR…)", s);
        } else if (fake.count(i)) {
            for (const auto& g : pools.gaps) {
                const auto& street = ban.streets[g.street];
                if (!s.insee.empty() && street.insee != s.insee) continue;
                if (used_streets_fake.count(g.street)) continue;
                used_streets_fake.insert(g.street);
                s.address = static_cast<long>(g.neighbour);
                s.fake_numero = g.numero;
                break;
            }
            if (s.address < 0) throw std::runtime_error("no gap left for a missing house number");
            report.count("house number missing from the BAN (between two existing ones)", s);
        } else {
            s.address = static_cast<long>(take(s.insee == "68224" ? pools.mulhouse : pools.all, s.insee, [&](std::size_t a) {
                if (!typo.count(i)) return true;
                // a typo needs a word of 5+ letters in the street name
                return rpps::add_typo(text::upper_ascii(ban.streets[ban.addresses[a].street].core), rng) !=
                       text::upper_ascii(ban.streets[ban.addresses[a].street].core);
            }));
        }
        const auto& addr = ban.addresses[static_cast<std::size_t>(s.address)];
        if (typo.count(i)) {
            st.typo = true;
            report.count("one-letter typo in the street name", s);
        }
        if (in_label.count(i)) {
            st.type_in_label = true;
            report.count("street type left in Libellé Voie (Code type de voie empty)", s);
        }
        if (cedex.count(i)) {
            auto codes = ref.cedex_for(ban.streets[addr.street].insee);
            if (!codes.empty()) {
                const auto& c = codes[rng.index(codes.size())];
                st.cedex_code = c.code;
                st.cedex_label = c.label;
                st.mention = (rng.chance(0.6) ? "CS " : "BP ") + std::to_string(rng.between(10001, 90999));
                report.count("CEDEX (Code postal = CEDEX code, Bureau cedex, Mention distribution)", s);
            }
        }
        if (with_commune.count(i)) {
            st.with_commune = true;
            report.count("Code commune + Libellé commune filled", s);
        }
        if (!addr.rep.empty()) report.count("bis/ter repetition index", s);
        // Only flag what changes the text, so the report counts real differences.
        const std::string& core = ban.streets[addr.street].core;
        st.keep_accents = rng.chance(0.12) && text::upper_ascii(core) != text::upper_accented(core);
        if (st.keep_accents) report.count("accents kept in Libellé Voie", s);
        st.separators_as_spaces = rng.chance(0.08) && core.find_first_of("-'") != std::string::npos;
        if (st.separators_as_spaces) report.count("hyphens/apostrophes written as spaces", s);
        st.long_rep = rng.chance(0.4);
        st.with_country = rng.chance(0.03);
        if (st.complement_geo.empty() && rng.chance(0.07))
            st.complement_geo = std::string(rng.pick(words::building_complements()));
        if (!st.complement_geo.empty()) report.count("Complément point géographique", s);
    }
    report.sites["(located sites in m2A)"] = static_cast<int>(located.size());
    report.lines["(located sites in m2A)"] = located_lines;
    return report;
}

rpps::PlainAddress plain_address(const Site& s, const BanData& ban) {
    if (s.outside) return s.outside_address;
    const auto& a = ban.addresses[static_cast<std::size_t>(s.address)];
    const auto& st = ban.streets[a.street];
    rpps::PlainAddress p;
    p.numero = std::to_string(s.fake_numero > 0 ? s.fake_numero : a.numero);
    p.rep = s.fake_numero > 0 ? "" : a.rep;
    p.type = static_cast<int>(st.type);
    p.core = st.core;
    p.postcode = a.postcode;
    p.insee = st.insee;
    p.commune_name = st.commune_name;
    p.acheminement = a.acheminement;
    return p;
}

const char* role_label(const std::string& code) {
    static const std::map<std::string, const char*> k = {
        {"FON-01", "Titulaire de cabinet"}, {"FON-02", "Associé dans une société d'exercice (SEL ou SCP)"},
        {"FON-03", "Titulaire d'officine"}, {"FON-05", "Adjoint"}, {"FON-17", "Collaborateur"},
        {"FON-22", "Remplaçant, intérimaire, intermittent"}, {"FON-33", "Salarié en poste fixe"},
        {"FON-41", "Biologiste médical"}, {"FON-54", "Permanence des soins ambulatoires hors cabinet"},
        {"FON-55", "Participation libérale aux missions de service public d'un établissement de santé"},
        {"FON-63", "Coordonnateur en EHPAD"}};
    auto it = k.find(code);
    return it == k.end() ? "" : it->second;
}

const char* section_label(const std::string& code) {
    if (code == "A") return "Pharmacien titulaire d'officine";
    if (code == "D") return "Pharmacien adjoint, remplaçant ou gérant";
    if (code == "G") return "Pharmacien biologiste";
    if (code == "H") return "Pharmacien d'établissement de santé";
    return "";
}

}  // namespace

void run_m2a(const M2aOptions& o) {
    o.validate();
    Rng rng(o.seed);
    Rng ban_rng(mix64(o.seed, 1));
    Rng rpps_rng(mix64(o.seed, 2));
    Reference ref(o.reference_dir);
    Transform to_l93("EPSG:4326", "EPSG:2154");
    auto contours = load_contours((ref.dir() / "communes-m2a.geojson").string(), to_l93);
    if (contours.size() != 39) throw std::runtime_error("expected 39 m2A contours, got " + std::to_string(contours.size()));

    BanData ban = generate_m2a_ban(ref, contours, to_l93, ban_rng);
    write_ban(ban, o.out_ban);

    Planner plan(ref, rpps_rng);
    plan.build(o.people);
    NoiseReport noise = assign_addresses(plan.sites, ban, ref, rpps_rng);

    // Lines sorted by national identifier, as in the real extract.
    std::vector<std::size_t> order(plan.activities.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return plan.people[plan.activities[a].person].id_nat < plan.people[plan.activities[b].person].id_nat;
    });

    auto out = open_output(o.out_extract);
    std::string buf = ref.rpps_header() + "\n";
    // Ground truth for geocoder tests: what each line's address really is.
    std::string truth =
        "line\tidentifiant_pp\tidentifiant_structure\tstatus\tban_id\tlon\tlat\tnoise\n";
    long line_no = 1;
    rpps::Row row;
    for (auto ai : order) {
        ++line_no;
        const Activity& act = plan.activities[ai];
        const rpps::Person& p = plan.people[act.person];
        rpps::clear(row);
        rpps::fill_person(row, p, ref);
        row[rpps::kModeCode] = act.mode;
        if (!act.mode.empty()) row[rpps::kModeLabel] = ref.mode_label(act.mode);
        if (act.site >= 0) {
            const Site& s = plan.sites[static_cast<std::size_t>(act.site)];
            row[rpps::kSiret] = s.siret;
            row[rpps::kSiren] = s.siren;
            row[rpps::kFinessSite] = s.finess;
            row[rpps::kFinessEj] = s.finess_ej;
            row[rpps::kTechId] = s.tech_id;
            row[rpps::kRaisonSociale] = s.raison;
            row[rpps::kEnseigne] = s.enseigne;
            row[rpps::kComplDest] = s.compl_dest;
            rpps::fill_address(row, plain_address(s, ban), s.style, rpps_rng);
            row[rpps::kPhone] = s.phone;
            row[rpps::kPhone2] = s.phone2;
            row[rpps::kFax] = s.fax;
            row[rpps::kEmail] = s.email;
            row[rpps::kOldStructId] = s.old_id;
            row[rpps::kSectorCode] = s.sector;
            row[rpps::kSectorLabel] = ref.secteur_label(s.sector);
            row[rpps::kPharmaSectionCode] = act.section;
            row[rpps::kPharmaSectionLabel] = section_label(act.section);
            if (rpps_rng.chance(0.55)) {
                row[rpps::kRoleCode] = act.role;
                row[rpps::kRoleLabel] = role_label(act.role);
                row[rpps::kGenreCode] = "GENR01";
                row[rpps::kGenreLabel] = "Activité de soin et de pharmacie";
            }
        }
        row[rpps::kAuthority] = rpps::authority(p, act.site >= 0, act.mode == "L",
                                                act.site >= 0 && plan.sites[static_cast<std::size_t>(act.site)].finess_site);
        rpps::append_row(buf, row);
        truth += std::to_string(line_no) + "\t" + p.id_pp + "\t" + row[rpps::kTechId] + "\t";
        if (act.site < 0) {
            truth += "no_site\t\t\t\t\n";
            continue;
        }
        const Site& s = plan.sites[static_cast<std::size_t>(act.site)];
        if (s.outside) {
            truth += "outside_m2a\t\t\t\t\n";
            continue;
        }
        const auto& a = ban.addresses[static_cast<std::size_t>(s.address)];
        const auto& st = ban.streets[a.street];
        char num[8];
        std::snprintf(num, sizeof num, "%05d", s.fake_numero > 0 ? s.fake_numero : a.numero);
        std::string noise_kinds;
        auto note = [&](bool on, const char* what) {
            if (!on) return;
            if (!noise_kinds.empty()) noise_kinds += ",";
            noise_kinds += what;
        };
        note(!s.style.cedex_code.empty(), "cedex");
        note(s.style.typo, "typo");
        note(s.style.type_in_label, "type_in_label");
        note(s.style.abbreviate, "abbreviation");
        note(s.fake_numero > 0, "missing_number");
        note(s.style.keep_accents, "accents");
        note(s.style.separators_as_spaces, "separators_as_spaces");
        note(s.style.with_commune, "with_commune");
        if (s.fake_numero > 0) {
            // The number is not in the BAN: the id names the street and the missing number;
            // lon/lat are those of the nearest existing number on the same side.
            truth += "missing_number\t" + st.insee + "_" + st.street_key + "_" + num + "\t";
        } else {
            truth += "exact\t" + st.insee + "_" + st.street_key + "_" + num + (a.rep.empty() ? "" : "_" + a.rep) + "\t";
        }
        append_decimal(truth, a.lon, 6);
        truth += "\t";
        append_decimal(truth, a.lat, 6);
        truth += "\t" + noise_kinds + "\n";
    }
    out->write(buf);
    out->close();
    if (!o.out_truth.empty()) {
        auto t = open_output(o.out_truth);
        t->write(truth);
        t->close();
    }

    // Read both files back and check them independently of the generation code.
    const BanCheck ban_check = check_ban_file(o.out_ban, contours);
    const ExtractCheck ex_check = check_extract_file(o.out_extract, ref.rpps_header());

    // Cross-check: every located m2A site points at a BAN address (or, on purpose, a gap).
    std::set<std::string> ban_keys = ban_check.keys;
    int missing = 0;
    for (const auto& s : plan.sites) {
        if (s.outside || s.lines == 0) continue;
        const auto& a = ban.addresses[static_cast<std::size_t>(s.address)];
        const auto& st = ban.streets[a.street];
        char num[8];
        std::snprintf(num, sizeof num, "%05d", s.fake_numero > 0 ? s.fake_numero : a.numero);
        std::string key = st.insee + "_" + st.street_key + "_" + num + (a.rep.empty() || s.fake_numero ? "" : "_" + a.rep);
        const bool exists = ban_keys.count(key) > 0;
        if (exists == (s.fake_numero > 0)) ++missing;
    }
    if (missing) throw std::runtime_error(std::to_string(missing) + " sites do not match the BAN as intended");

    // Report.
    std::map<std::string, int> prof_people, prof_lines;
    for (const auto& p : plan.people) ++prof_people[std::string(rpps::spec(p.prof).name)];
    for (const auto& a : plan.activities) ++prof_lines[std::string(rpps::spec(plan.people[a.person].prof).name)];
    int no_site = 0, outside = 0, two_sites = 0;
    std::map<std::size_t, int> per_person;
    for (const auto& a : plan.activities) {
        if (a.site < 0) ++no_site;
        else if (plan.sites[static_cast<std::size_t>(a.site)].outside) ++outside;
        ++per_person[a.person];
    }
    for (auto& [p, n] : per_person) two_sites += n > 1;
    std::printf("BAN: %zu addresses on %zu streets in %zu communes -> %s\n", ban.addresses.size(), ban.streets.size(),
                contours.size(), o.out_ban.c_str());
    std::printf("RPPS: %zu people, %zu lines (%d people with 2+ sites, %d lines without site, %d lines outside m2A) -> %s\n",
                plan.people.size(), plan.activities.size(), two_sites, no_site, outside, o.out_extract.c_str());
    std::printf("checks: BAN %d rows inside their commune; extract %ld lines x 56 fields\n", ban_check.rows,
                ex_check.lines);
    std::printf("\nprofession              people  share   lines\n");
    for (auto& [name, n] : prof_people)
        std::printf("%-22s %6d  %5.1f%%  %5d\n", name.c_str(), n, 100.0 * n / plan.people.size(), prof_lines[name]);
    const int located_lines = noise.lines["(located sites in m2A)"];
    std::printf("\nnoise (share of located m2A lines)                      sites   lines   share\n");
    for (auto& [kind, n] : noise.sites)
        std::printf("%-58s %5d  %5d  %5.1f%%\n", kind.c_str(), n, noise.lines[kind], 100.0 * noise.lines[kind] / located_lines);
}

}  // namespace gen
