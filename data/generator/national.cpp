#include "national.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <numbers>
#include <stdexcept>
#include <tuple>

#include "ban_format.hpp"
#include "departments.hpp"
#include "geo.hpp"
#include "output.hpp"
#include "reference.hpp"
#include "rpps.hpp"
#include "text.hpp"
#include "validate.hpp"
#include "wordlists.hpp"

namespace gen {

void NationalOptions::validate() const {
    if (out_extract.empty()) throw std::invalid_argument("--out-extract FILE is required");
    if (lines < 1) throw std::invalid_argument("--lines must be at least 1");
    if (reference_dir.empty()) throw std::invalid_argument("--reference DIR is required");
}

namespace {

using rpps::Prof;
using rpps::Row;

// Projected CRS of the BAN x/y for each department (Lambert-93 in mainland
// France and Corsica, the local UTM systems overseas, as the real BAN does).
std::string_view crs_for(std::string_view dept) {
    if (dept == "971" || dept == "972") return "EPSG:5490";
    if (dept == "973") return "EPSG:2972";
    if (dept == "974") return "EPSG:2975";
    if (dept == "976") return "EPSG:4471";
    return "EPSG:2154";
}

struct Commune {
    std::string insee, name, postcode, acheminement;
    double x = 0, y = 0, radius = 0;  // projected metres
    std::uint32_t streets = 10, core_offset = 0, next_slot = 0;
    std::size_t crs = 0;
};

struct Dept {
    const Department* info;
    std::vector<std::uint32_t> communes;
    std::vector<double> cumulative;  // commune weights
    std::size_t crs = 0;
    std::vector<std::size_t> hospitals;  // indices in National::institutions_
};

struct Site {
    Row row;  // site columns pre-filled (SIRET … Libellé secteur)
    bool finess = false;
    int kind = 0;
};

class National {
public:
    National(const NationalOptions& o, const Reference& ref)
        : o_(o), ref_(ref), rng_(o.seed), wgs84_("EPSG:4326"), cores_(words::street_cores()) {}

    void run();

private:
    const NationalOptions& o_;
    const Reference& ref_;
    Rng rng_;
    std::string wgs84_;
    std::span<const std::string_view> cores_;
    std::vector<std::string> crs_names_;
    std::vector<std::unique_ptr<Transform>> transforms_;  // projected -> lon/lat
    std::vector<Commune> communes_;
    std::vector<Dept> depts_;
    std::vector<double> dept_cumulative_;
    std::vector<Site> institutions_;
    std::unique_ptr<OutputFile> extract_, ban_;
    std::string buf_, ban_buf_;
    long lines_ = 0, located_lines_ = 0, people_ = 0, ban_rows_ = 0;
    std::uint64_t rpps_serial_ = 0, cabinet_serial_ = 0;
    std::map<std::string, std::array<std::uint64_t, 100>> adeli_serials_;
    Row row_, person_row_;
    Site current_;

    std::size_t crs_index(std::string_view crs);
    void build_geography();
    std::size_t pick_cumulative(const std::vector<double>& cum) {
        const double r = rng_.unit() * cum.back();
        return static_cast<std::size_t>(std::upper_bound(cum.begin(), cum.end(), r) - cum.begin());
    }
    std::size_t pick_dept() { return std::min(pick_cumulative(dept_cumulative_), depts_.size() - 1); }
    std::uint32_t pick_commune(const Dept& d) {
        return d.communes[std::min(pick_cumulative(d.cumulative), d.communes.size() - 1)];
    }
    void make_site(Site& s, const Dept& d, int kind, std::string_view sector, bool finess, const std::string& raison);
    void locate(Site& s, const Dept& d);
    void make_person(rpps::Person& p, const Dept& d);
    void emit(const rpps::Person& p, const Site* s, std::string_view mode, std::string_view role,
              std::string_view section = "");
    void flush(bool force);
};

std::size_t National::crs_index(std::string_view crs) {
    for (std::size_t i = 0; i < crs_names_.size(); ++i)
        if (crs_names_[i] == crs) return i;
    crs_names_.emplace_back(crs);
    transforms_.push_back(std::make_unique<Transform>(wgs84_, std::string(crs)));
    return crs_names_.size() - 1;
}

// Communes of the national postcode table in department `dept`, most important first: the
// arrondissements of Paris, Lyon and Marseille, then those with the most postcodes (large
// towns), a postcode ending in 000 (prefectures mostly), then INSEE order.
std::vector<const PostalCommune*> communes_by_importance(const Reference& ref, std::string_view dept) {
    std::vector<const PostalCommune*> found;
    for (const auto& c : ref.postal_communes()) {
        const std::string_view code = c.insee;
        const std::string_view its_dept = code.substr(0, code.starts_with("97") ? 3 : 2);
        if (its_dept == dept) found.push_back(&c);
    }
    const auto rank = [](const PostalCommune* c) {
        const bool arrondissement = c->name.find("Arrondissement") != std::string::npos;
        return std::tuple(!arrondissement, -c->postcode_count, !c->postcode.ends_with("000"), std::string_view(c->insee));
    };
    std::stable_sort(found.begin(), found.end(), [&](auto* a, auto* b) { return rank(a) < rank(b); });
    return found;
}

void National::build_geography() {
    for (const Department& info : departments()) {
        Dept d;
        d.info = &info;
        d.crs = crs_index(crs_for(info.code));
        const Transform& t = *transforms_[d.crs];
        const XY centre = t.forward({info.lon, info.lat});
        const bool overseas = info.code.size() == 3;
        const int n = overseas ? 30 : std::min(600, 120 + info.population_k / 8);
        std::vector<double> weights;
        // Haut-Rhin's communes are placed from their real centroids and populations.
        if (info.code == "68") {
            for (const auto& c : ref_.communes()) {
                Commune cm;
                cm.insee = c.insee;
                cm.name = c.name;
                cm.postcode = c.postcodes.front();
                cm.acheminement = ref_.acheminement(cm.postcode, c.insee);
                const XY p = t.forward({c.centroid_lon, c.centroid_lat});
                cm.x = p.x;
                cm.y = p.y;
                cm.radius = 400 + std::sqrt(static_cast<double>(c.population)) * 8;
                cm.crs = d.crs;
                cm.streets = static_cast<std::uint32_t>(std::clamp<long>(c.population / 300, 10, 400));
                cm.core_offset = static_cast<std::uint32_t>(rng_.index(cores_.size()));
                d.communes.push_back(static_cast<std::uint32_t>(communes_.size()));
                weights.push_back(static_cast<double>(c.population) / 20000.0);
                communes_.push_back(std::move(cm));
            }
        }
        // Real communes of the department (codes, names, postcodes), most important first, on
        // synthetic positions: an extract's rows then resolve to a commune as real ones do.
        const auto real = info.code == "68" ? std::vector<const PostalCommune*>{} : communes_by_importance(ref_, info.code);
        const int count = std::min(n, static_cast<int>(real.size()));
        for (int k = 0; k < count; ++k) {
            Commune cm;
            cm.insee = real[k]->insee;
            cm.name = real[k]->name;
            cm.postcode = real[k]->postcode;
            cm.acheminement = real[k]->acheminement;
            // The first commune is the prefecture at the centre; the others spread around it.
            const double rank_weight = 1.0 / (k + 1.0);
            const double r = k == 0 ? 0 : info.radius_km * 1000 * std::sqrt(rng_.unit());
            const double a = rng_.real(0, 2 * std::numbers::pi);
            cm.x = centre.x + r * std::cos(a);
            cm.y = centre.y + r * std::sin(a);
            cm.radius = k == 0 ? 1500 + info.population_k * 2.0 : 300 + 1500 * rank_weight;
            if (info.code == "75") cm.radius = 4500;
            cm.crs = d.crs;
            cm.streets = static_cast<std::uint32_t>(std::clamp(10.0 + 390 * rank_weight, 10.0, 400.0));
            cm.core_offset = static_cast<std::uint32_t>(rng_.index(cores_.size()));
            d.communes.push_back(static_cast<std::uint32_t>(communes_.size()));
            weights.push_back(rank_weight);
            communes_.push_back(std::move(cm));
        }
        double acc = 0;
        for (double w : weights) d.cumulative.push_back(acc += w);
        depts_.push_back(std::move(d));
    }
    double acc = 0;
    for (const auto& d : depts_) dept_cumulative_.push_back(acc += d.info->population_k);
}

// Allocates the next free address slot of a commune, writes its BAN row and
// the RPPS address columns of the site.
void National::locate(Site& s, const Dept& d) {
    const std::uint32_t ci = pick_commune(d);
    Commune& c = communes_[ci];
    const std::uint32_t slot = c.next_slot++;
    const std::uint32_t street = slot % c.streets, k = slot / c.streets;
    const int numero = static_cast<int>(2 * k + 1 + ((street + k) & 1));
    const std::uint64_t h = mix64(ci, street);
    auto types = words::street_types();
    const std::size_t type = (h >> 8) % 100 < 62 ? 0 : 1 + (h >> 16) % (types.size() - 1);
    const std::string_view core = cores_[(c.core_offset + street) % cores_.size()];

    rpps::PlainAddress a;
    a.numero = std::to_string(numero);
    a.rep = (h >> 24) % 100 < 3 && (k % 5 == 2) ? "bis" : "";
    a.type = static_cast<int>(type);
    a.core = std::string(core);
    a.postcode = c.postcode;
    a.insee = c.insee;
    a.commune_name = c.name;
    a.acheminement = c.acheminement;

    rpps::AddressStyle st;
    const double r = rng_.unit();
    bool fake = false;
    if (r < 0.02) st.typo = true;
    else if (r < 0.05) fake = true;  // this number is kept out of the BAN file
    else if (r < 0.08) st.type_in_label = true;
    st.abbreviate = rng_.chance(0.25) && text::has_abbreviable_word(text::upper_ascii(core));
    st.keep_accents = rng_.chance(0.12);
    st.separators_as_spaces = rng_.chance(0.05);
    st.with_commune = rng_.chance(0.45);
    st.long_rep = rng_.chance(0.4);
    if (rng_.chance(0.07)) st.complement_geo = std::string(rng_.pick(words::building_complements()));
    if (s.finess && rng_.chance(0.3)) {
        st.cedex_code = c.postcode.substr(0, 2) + std::to_string(rng_.between(100, 999)).substr(0, 3);
        st.cedex_label = c.acheminement + " CEDEX";
        st.mention = "CS " + std::to_string(rng_.between(10001, 90999));
    }
    rpps::fill_address(s.row, a, st, rng_);
    s.row[rpps::kPhone] = rpps::phone_number(d.info->code.size() == 3 ? "0590" : "0" + std::to_string(1 + rng_.index(5)) + "00", rng_);

    if (ban_ && !fake) {
        // Street axis: from a point of the commune disc, 12 m per number pair, odd numbers on the left.
        const double u = static_cast<double>(h & 0xffff) / 65536.0, v = static_cast<double>((h >> 16) & 0xffff) / 65536.0;
        const double dist = c.radius * std::sqrt(u), ang = 2 * std::numbers::pi * v;
        const double dir = 2 * std::numbers::pi * static_cast<double>((h >> 32) & 0xffff) / 65536.0;
        const double along = 6.0 + 12.0 * k + (a.rep.empty() ? 0 : 4);
        const double side = (numero % 2 == 1) ? 5.0 : -5.0;
        XY p{c.x + dist * std::cos(ang) + along * std::cos(dir) - side * std::sin(dir),
             c.y + dist * std::sin(ang) + along * std::sin(dir) + side * std::cos(dir)};
        const XY ll = transforms_[c.crs]->inverse(p);
        char key[8];
        std::snprintf(key, sizeof key, "%04u", 10 * (street + 1) % 10000);
        const std::string id_fantoir = c.insee + "_" + key;
        const std::string nom_voie = std::string(types[type].label) + " " + a.core;
        BanRow b;
        b.id_fantoir = id_fantoir;
        b.id_street = key;
        b.numero = numero;
        b.rep = a.rep;
        b.nom_voie = nom_voie;
        b.code_postal = c.postcode;
        b.code_insee = c.insee;
        b.nom_commune = c.name;
        b.x = p.x;
        b.y = p.y;
        b.lon = ll.x;
        b.lat = ll.y;
        b.type_position = "entrée";
        b.acheminement = c.acheminement;
        const std::string afnor = text::afnor(nom_voie);
        b.nom_afnor = afnor;
        append_ban_row(ban_buf_, b);
        ++ban_rows_;
    }
}

void National::make_site(Site& s, const Dept& d, int kind, std::string_view sector, bool finess,
                         const std::string& raison) {
    rpps::clear(s.row);
    s.kind = kind;
    s.finess = finess;
    auto& r = s.row;
    const std::string dept = d.info->code.size() == 3 ? std::string(d.info->code.substr(0, 2)) : std::string(d.info->code);
    if (finess) {
        r[rpps::kFinessSite] = rpps::finess_number(dept == "2A" || dept == "2B" ? dept : dept, rng_);
        r[rpps::kFinessEj] = rpps::finess_number(dept, rng_);
        r[rpps::kTechId] = "F" + r[rpps::kFinessSite];
        r[rpps::kOldStructId] = "1" + r[rpps::kFinessSite];
        if (rng_.chance(0.5)) r[rpps::kSiret] = rpps::siret_number(rng_);
    } else if (kind == 0 && rng_.chance(0.5)) {
        char buf[24];
        std::snprintf(buf, sizeof buf, "R1%013llu", static_cast<unsigned long long>(1000000000ULL + ++cabinet_serial_));
        r[rpps::kTechId] = buf;
        r[rpps::kOldStructId] = std::string("4") + (buf + 1);
    } else {
        r[rpps::kSiret] = rpps::siret_number(rng_);
        if (rng_.chance(0.4)) r[rpps::kSiren] = r[rpps::kSiret].substr(0, 9);
        r[rpps::kTechId] = "C" + r[rpps::kSiret];
        r[rpps::kOldStructId] = "3" + r[rpps::kSiret];
    }
    r[rpps::kRaisonSociale] = raison;
    r[rpps::kSectorCode] = sector;
    r[rpps::kSectorLabel] = ref_.secteur_label(sector);
    locate(s, d);
}

void National::make_person(rpps::Person& p, const Dept& d) {
    if (p.rpps) {
        rpps_serial_ += 1 + rng_.index(60);
        p.id_pp = rpps::rpps_number(rpps_serial_);
        p.id_nat = "8" + p.id_pp;
    } else {
        const std::string prof2 = (p.prof == Prof::Osteo || p.prof == Prof::Psychotherapist)
                                      ? std::string("00") : std::string(rpps::spec(p.prof).code);
        const std::string dept2 = d.info->code == "2A" ? "2A" : d.info->code == "2B" ? "2B" : std::string(d.info->code.substr(0, 2));
        // Overseas departments share the "97" prefix, hence one counter per prefix, not per department.
        auto& serial = adeli_serials_[dept2][static_cast<std::size_t>(std::stoi(prof2))];
        serial += 1;
        p.id_pp = rpps::adeli_number(dept2, prof2, serial);
        p.id_nat = "0" + p.id_pp;
    }
    ++people_;
}

void National::emit(const rpps::Person& p, const Site* s, std::string_view mode, std::string_view role,
                    std::string_view section) {
    if (lines_ >= o_.lines) return;
    if (s) row_ = s->row;
    else rpps::clear(row_);
    for (int c = 0; c <= rpps::kSfLabel; ++c) row_[static_cast<std::size_t>(c)] = person_row_[static_cast<std::size_t>(c)];
    row_[rpps::kModeCode] = mode;
    row_[rpps::kModeLabel] = mode.empty() ? std::string() : ref_.mode_label(mode);
    row_[rpps::kAuthority] = rpps::authority(p, s != nullptr, mode == "L", s && s->finess);
    if (s) {
        row_[rpps::kPharmaSectionCode] = section;
        if (section == "A") row_[rpps::kPharmaSectionLabel] = "Pharmacien titulaire d'officine";
        else if (section == "D") row_[rpps::kPharmaSectionLabel] = "Pharmacien adjoint, remplaçant ou gérant";
        else if (section == "H") row_[rpps::kPharmaSectionLabel] = "Pharmacien d'établissement de santé";
        if (!role.empty() && rng_.chance(0.55)) {
            row_[rpps::kRoleCode] = role;
            row_[rpps::kRoleLabel] = role == "FON-01" ? "Titulaire de cabinet"
                                     : role == "FON-03" ? "Titulaire d'officine"
                                     : role == "FON-05" ? "Adjoint" : "Salarié en poste fixe";
            row_[rpps::kGenreCode] = "GENR01";
            row_[rpps::kGenreLabel] = "Activité de soin et de pharmacie";
        }
        ++located_lines_;
    }
    rpps::append_row(buf_, row_);
    ++lines_;
    flush(false);
}

void National::flush(bool force) {
    if (force || buf_.size() >= (4u << 20)) {
        extract_->write(buf_);
        buf_.clear();
    }
    if (ban_ && (force || ban_buf_.size() >= (4u << 20))) {
        ban_->write(ban_buf_);
        ban_buf_.clear();
    }
}

void National::run() {
    const auto t0 = std::chrono::steady_clock::now();
    std::string extract_path = o_.out_extract;
    if (o_.zip) extract_path = "/vsizip/" + o_.out_extract + "/PS_LibreAcces_Personne_activite_202601010000.txt";
    extract_ = open_output(extract_path);
    if (!o_.out_ban.empty()) {
        ban_ = open_output(o_.out_ban, 1);  // speed matters more than size here
        ban_buf_.append(kBanHeader).push_back('\n');
    }
    build_geography();
    buf_ = ref_.rpps_header() + "\n";

    // Institutions: a few hospitals and clinics per department, shared by many lines.
    for (auto& d : depts_) {
        const int n = 2 + d.info->population_k / 150;
        for (int k = 0; k < n; ++k) {
            Site s;
            const bool clinic = k % 3 == 2;
            make_site(s, d, 1, clinic ? "SA04" : "SA01", true,
                      (clinic ? "CLINIQUE " : "CENTRE HOSPITALIER ") + std::string(rng_.pick(words::shop_names())));
            d.hospitals.push_back(institutions_.size());
            institutions_.push_back(std::move(s));
        }
    }

    std::vector<double> shares;
    for (int k = 0; k < rpps::kProfCount; ++k) shares.push_back(rpps::spec(static_cast<Prof>(k)).share);
    const auto& names = words::shop_names();
    rpps::Person p;
    while (lines_ < o_.lines) {
        Dept& d = depts_[pick_dept()];
        const Prof prof = static_cast<Prof>(rng_.weighted(shares));
        // A practice: 1 person, or a group sharing one structure and address.
        int group = 1;
        int kind = 0;
        std::string_view sector = "SA07";
        const double r = rng_.unit();
        if (prof == Prof::Pharmacist) { group = 1 + static_cast<int>(rng_.index(4)); kind = 3; sector = "SA33"; }
        else if (prof == Prof::Optician || prof == Prof::Audio) { group = 1 + static_cast<int>(rng_.index(3)); kind = 4; sector = "SA42"; }
        else if (r < 0.35) { group = 2 + static_cast<int>(rng_.index(4)); kind = 2; sector = "SA08"; }
        else if (r < 0.42) { group = 2 + static_cast<int>(rng_.index(3)); kind = 2; sector = "SA52"; }
        bool site_made = false;
        for (int m = 0; m < group && lines_ < o_.lines; ++m) {
            p = rpps::draw_person(prof, rng_);
            make_person(p, d);
            rpps::clear(person_row_);
            rpps::fill_person(person_row_, p, ref_);
            // About a third of the people (ADELI registrations, retired…) have no activity site:
            // that makes ~20 % of the lines, as in the real national file.
            if (rng_.chance(p.rpps ? 0.30 : 0.50)) {
                emit(p, nullptr, rng_.chance(0.7) ? "" : "S", "");
                continue;
            }
            const bool hospital = rng_.chance(p.hospital_doctor ? 0.8 : (prof == Prof::Nurse ? 0.45 : 0.12));
            if (hospital) {
                const Site& h = institutions_[d.hospitals[rng_.index(d.hospitals.size())]];
                emit(p, &h, "S", "FON-33", prof == Prof::Pharmacist ? "H" : "");
            } else {
                if (!site_made || kind == 0) {
                    std::string raison = kind == 3 ? "PHARMACIE " : kind == 4 ? "OPTIQUE " : kind == 2 ? "CABINET DE GROUPE " : "CABINET ";
                    raison += kind == 0 ? p.last_name : std::string(names[rng_.index(names.size())]);
                    make_site(current_, d, kind, sector, kind == 3, raison);
                    site_made = true;
                }
                const bool liberal = kind != 4 && !(kind == 3 && m > 0);
                emit(p, &current_, liberal ? "L" : "S", kind == 3 ? (m == 0 ? "FON-03" : "FON-05") : (liberal ? "FON-01" : "FON-33"),
                     kind == 3 ? (m == 0 ? "A" : "D") : "");
            }
            // Further sites: hospital vacations or other cabinets (about 2.2 lines per located person).
            double p_more = 0.65;
            while (lines_ < o_.lines && rng_.chance(p_more)) {
                if (rng_.chance(0.5)) {
                    const Site& h = institutions_[d.hospitals[rng_.index(d.hospitals.size())]];
                    emit(p, &h, "S", "FON-33");
                } else {
                    Site extra;
                    make_site(extra, d, 0, "SA07", false, "CABINET " + p.last_name);
                    emit(p, &extra, "L", "FON-01");
                }
                p_more -= 0.1;
            }
        }
    }
    flush(true);
    extract_->close();
    if (ban_) ban_->close();
    const double gen_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("national: %ld lines (%ld people, %.1f%% of lines with a site) in %.2f s = %.0f lines/s -> %s\n", lines_,
                people_, 100.0 * located_lines_ / std::max(1L, lines_), gen_seconds, lines_ / gen_seconds,
                o_.out_extract.c_str());
    if (ban_) std::printf("BAN: %ld addresses -> %s\n", ban_rows_, o_.out_ban.c_str());
    if (o_.check) {
        const auto t1 = std::chrono::steady_clock::now();
        const ExtractCheck c = check_extract_file(extract_path, ref_.rpps_header());
        if (c.lines != lines_) throw std::runtime_error("read back " + std::to_string(c.lines) + " lines, wrote " + std::to_string(lines_));
        std::printf("checked: %ld lines x 56 fields in %.2f s\n", c.lines,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count());
    }
}

}  // namespace

void run_national(const NationalOptions& o) {
    o.validate();
    Reference ref(o.reference_dir);
    National n(o, ref);
    n.run();
}

}  // namespace gen
