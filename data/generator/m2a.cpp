#include "m2a.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <stdexcept>

#include "ban_format.hpp"
#include "ban_m2a.hpp"
#include "m2a_addresses.hpp"
#include "m2a_plan.hpp"
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

using namespace m2a;

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

    Plan plan = plan_people(ref, rpps_rng, o.people);
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
