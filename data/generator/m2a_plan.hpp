// The m2A sample's plan: who works where. People drawn by profession share, the sites they
// work at (cabinets, shared practices, institutions, pharmacies, sites outside m2A) and one
// activity per line of the extract. Addresses come later (m2a_addresses.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "reference.hpp"
#include "rng.hpp"
#include "rpps.hpp"

namespace gen::m2a {

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

struct Plan {
    std::vector<rpps::Person> people;
    std::vector<Site> sites;
    std::vector<Activity> activities;   // one per line of the extract
};

// Draws `people` professionals and their activities; sites get their line counts.
Plan plan_people(const Reference& ref, Rng& rng, int people);

}  // namespace gen::m2a
