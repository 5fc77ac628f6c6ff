#include "ban_m2a.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>
#include <set>
#include <stdexcept>

#include "ban_format.hpp"
#include "output.hpp"
#include "text.hpp"
#include "wordlists.hpp"

namespace gen {
namespace {

constexpr double kSideOffset = 5.0;  // metres between the street axis and the house points

struct Polyline {
    std::vector<XY> pts;
    std::vector<double> cumulative;  // arc length at each vertex
    double length() const { return cumulative.back(); }

    // Point at arc length s, shifted `offset` metres to the left of the direction of travel.
    XY at(double s, double offset) const {
        std::size_t i = 1;
        while (i + 1 < pts.size() && cumulative[i] < s) ++i;
        const XY a = pts[i - 1], b = pts[i];
        const double seg = cumulative[i] - cumulative[i - 1];
        const double t = seg > 0 ? std::clamp((s - cumulative[i - 1]) / seg, 0.0, 1.0) : 0.0;
        const double dx = (b.x - a.x) / seg, dy = (b.y - a.y) / seg;
        return {a.x + (b.x - a.x) * t - dy * offset, a.y + (b.y - a.y) * t + dx * offset};
    }
};

std::size_t pick_street_type(Rng& rng) {
    auto types = words::street_types();
    std::vector<double> w;
    for (const auto& t : types) w.push_back(t.weight);
    return rng.weighted(w);
}

double street_length(std::string_view type, Rng& rng) {
    if (type == "Impasse" || type == "Square" || type == "Passage") return rng.real(150, 300);
    if (type == "Place") return rng.real(150, 250);
    return 150 + 1350 * std::pow(rng.unit(), 2.5);
}

Polyline random_polyline(const Contour& c, double length, Rng& rng) {
    const auto& env = c.envelope_l93();
    XY start;
    for (int tries = 0;; ++tries) {
        start = {rng.real(env.MinX, env.MaxX), rng.real(env.MinY, env.MaxY)};
        if (c.contains_l93(start.x, start.y)) break;
        if (tries > 10000) throw std::runtime_error("cannot place a point inside commune " + c.insee());
    }
    Polyline p;
    p.pts.push_back(start);
    p.cumulative.push_back(0);
    const int segments = static_cast<int>(rng.between(2, 4));
    double heading = rng.real(0, 2 * std::numbers::pi);
    for (int k = 0; k < segments; ++k) {
        if (k > 0) heading += rng.real(-0.6, 0.6);
        const double len = length / segments * rng.real(0.8, 1.2);
        const XY last = p.pts.back();
        p.pts.push_back({last.x + len * std::cos(heading), last.y + len * std::sin(heading)});
        p.cumulative.push_back(p.cumulative.back() + len);
    }
    return p;
}

std::string new_style_key(Rng& rng) {
    static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string key;
    key.push_back(kAlphabet[rng.index(26)]);  // keys never start with a digit, unlike FANTOIR codes
    for (int i = 0; i < 5; ++i) key.push_back(kAlphabet[rng.index(kAlphabet.size())]);
    return key;
}

// Street names for one commune, unique by nom_voie; a core is re-used with another
// type only rarely ("Rue des Lilas" and "Impasse des Lilas").
std::vector<std::pair<std::size_t, std::string>> draw_street_names(std::size_t n, Rng& rng) {
    auto types = words::street_types();
    std::set<std::string> used_names, used_cores;
    std::vector<std::pair<std::size_t, std::string>> out;
    while (out.size() < n) {
        const std::size_t t = pick_street_type(rng);
        const bool quay = types[t].label == "Quai";
        const std::string core(quay ? rng.pick(words::quay_cores()) : rng.pick(words::street_cores()));
        const std::string name = std::string(types[t].label) + " " + core;
        if (used_names.count(name)) continue;
        if (used_cores.count(core) && used_cores.size() < words::street_cores().size() && !rng.chance(0.12)) continue;
        used_names.insert(name);
        used_cores.insert(core);
        out.emplace_back(t, core);
    }
    return out;
}

}  // namespace

BanData generate_m2a_ban(const Reference& ref, const std::vector<Contour>& contours, const Transform& to_l93,
                         Rng& rng) {
    auto types = words::street_types();
    BanData ban;
    std::vector<const Contour*> ordered;
    for (const auto& c : contours) ordered.push_back(&c);
    std::sort(ordered.begin(), ordered.end(), [](auto* a, auto* b) { return a->insee() < b->insee(); });

    for (const Contour* contour : ordered) {
        const CommuneInfo& commune = ref.commune(contour->insee());
        const std::size_t n_streets =
            std::max<std::size_t>(10, static_cast<std::size_t>(std::lround(commune.population / 320.0)));
        auto names = draw_street_names(n_streets, rng);

        // Real FANTOIR codes where the reference has them (Mulhouse); split streets first
        // so that the parity/bounds postcode rule is exercised.
        std::vector<StreetCodeRow> real_codes = ref.street_codes(commune.insee);
        rng.shuffle(real_codes);
        std::stable_partition(real_codes.begin(), real_codes.end(),
                              [](const StreetCodeRow& r) { return r.parity >= 0; });
        // Synthetic communes get FANTOIR-like codes in alphabetical order, as FANTOIR does.
        std::vector<std::size_t> alpha(names.size());
        for (std::size_t i = 0; i < alpha.size(); ++i) alpha[i] = i;
        std::sort(alpha.begin(), alpha.end(), [&](std::size_t a, std::size_t b) {
            return text::afnor(names[a].second) < text::afnor(names[b].second);
        });
        std::vector<std::string> codes(names.size());
        for (std::size_t rank = 0; rank < alpha.size(); ++rank) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "%04d", static_cast<int>(10 * (rank + 1) + rng.between(0, 4)));
            codes[alpha[rank]] = buf;
        }

        const double mid_x = (contour->envelope_l93().MinX + contour->envelope_l93().MaxX) / 2;
        const std::string commune_default_cp = commune.postcodes.front();

        for (std::size_t s = 0; s < names.size(); ++s) {
            BanStreet st;
            st.insee = commune.insee;
            st.commune_name = commune.name;
            st.type = names[s].first;
            st.core = names[s].second;
            st.nom_voie = std::string(types[st.type].label) + " " + st.core;
            st.nom_afnor = text::afnor(st.nom_voie);
            std::string street_cp = commune_default_cp;
            bool has_fantoir = true;
            if (s < real_codes.size()) {
                st.street_key = real_codes[s].code_voie;
                street_cp = real_codes[s].postcode;
            } else if (real_codes.empty() && rng.chance(0.04)) {
                // Recent BAN streets without a FANTOIR code: id uses a 6-char key, id_fantoir is empty.
                st.street_key = new_style_key(rng);
                has_fantoir = false;
            } else {
                st.street_key = codes[s];
            }
            if (has_fantoir) st.id_fantoir = commune.insee + "_" + st.street_key;
            st.type_position = rng.chance(0.75) ? "entrée" : "parcelle";
            if (commune.population < 5000 && rng.chance(0.03)) st.nom_ld = std::string(rng.pick(words::lieux_dits()));
            st.cad_section = {static_cast<char>('A' + rng.index(26)), static_cast<char>('A' + rng.index(26))};

            // Geometry: retry until the axis and every house point are inside the contour.
            std::vector<BanAddress> kept;
            double length = street_length(types[st.type].label, rng);
            Polyline line;
            for (int attempt = 0;; ++attempt) {
                if (attempt > 0 && attempt % 40 == 0) length = std::max(150.0, length * 0.7);
                if (attempt > 400) throw std::runtime_error("cannot fit a street inside commune " + commune.insee);
                line = random_polyline(*contour, length, rng);
                OGRLineString ls;
                for (const auto& p : line.pts) ls.addPoint(p.x, p.y);
                if (!contour->contains_l93(ls)) continue;

                kept.clear();
                bool all_inside = true;
                int parcel = static_cast<int>(rng.between(10, 900));
                for (int side = 0; side < 2 && all_inside; ++side) {
                    int numero = side == 0 ? 1 : 2;
                    const double offset = side == 0 ? kSideOffset : -kSideOffset;
                    double pos = rng.real(4, 12);
                    auto emit = [&](int n, const char* rep, double at) {
                        XY p = line.at(std::min(at, line.length()), offset + rng.real(-0.8, 0.8));
                        XY ll = to_l93.inverse(p);
                        BanAddress a;
                        a.street = ban.streets.size();
                        a.numero = n;
                        a.rep = rep;
                        a.x = round_as_written(p.x, 2);
                        a.y = round_as_written(p.y, 2);
                        a.lon = round_as_written(ll.x, 6);
                        a.lat = round_as_written(ll.y, 6);
                        if (!contour->contains_wgs84(a.lon, a.lat) || !contour->contains_l93(a.x, a.y)) {
                            all_inside = false;
                            return;
                        }
                        a.postcode = ref.street_postcode(commune.insee, st.street_key, n, street_cp);
                        a.acheminement = ref.acheminement(a.postcode, commune.insee);
                        if (st.type_position == "parcelle") {
                            char cad[32];
                            std::snprintf(cad, sizeof cad, "%s000%s%04d", commune.insee.c_str(), st.cad_section.c_str(),
                                          parcel++);
                            a.cad_parcelles = cad;
                        }
                        kept.push_back(std::move(a));
                    };
                    while (pos < line.length() - 2 && all_inside) {
                        emit(numero, "", pos);
                        if (rng.chance(0.06)) {
                            emit(numero, "bis", pos + rng.real(3, 6));
                            if (rng.chance(0.25)) emit(numero, "ter", pos + rng.real(7, 9));
                            pos += 8;
                        }
                        pos += rng.real(10, 25);
                        const double r = rng.unit();
                        numero += r < 0.07 ? 4 : (r < 0.09 ? 6 : 2);
                    }
                }
                if (all_inside && !kept.empty()) break;
            }
            if (commune.insee == "68056") {
                // Brunstatt-Didenheim is a commune nouvelle: Didenheim lies to the west.
                const bool west = line.pts.front().x < mid_x;
                st.insee_ancienne = west ? "68070" : "68056";
                st.nom_ancienne = west ? "Didenheim" : "Brunstatt";
            }
            ban.streets.push_back(std::move(st));
            for (auto& a : kept) ban.addresses.push_back(std::move(a));
        }
    }

    auto rep_rank = [](const std::string& r) { return r.empty() ? 0 : (r == "bis" ? 1 : 2); };
    std::stable_sort(ban.addresses.begin(), ban.addresses.end(), [&](const BanAddress& a, const BanAddress& b) {
        const BanStreet& sa = ban.streets[a.street];
        const BanStreet& sb = ban.streets[b.street];
        if (sa.insee != sb.insee) return sa.insee < sb.insee;
        if (sa.nom_afnor != sb.nom_afnor) return sa.nom_afnor < sb.nom_afnor;
        if (a.street != b.street) return a.street < b.street;
        if (a.numero != b.numero) return a.numero < b.numero;
        return rep_rank(a.rep) < rep_rank(b.rep);
    });
    return ban;
}

void write_ban(const BanData& ban, const std::string& path) {
    auto out = open_output(path);
    std::string buf(kBanHeader);
    buf.push_back('\n');
    for (const auto& a : ban.addresses) {
        const BanStreet& s = ban.streets[a.street];
        BanRow r;
        r.id_fantoir = s.id_fantoir;
        r.id_street = s.street_key;
        r.numero = a.numero;
        r.rep = a.rep;
        r.nom_voie = s.nom_voie;
        r.code_postal = a.postcode;
        r.code_insee = s.insee;
        r.nom_commune = s.commune_name;
        r.insee_ancienne = s.insee_ancienne;
        r.nom_ancienne = s.nom_ancienne;
        r.x = a.x;
        r.y = a.y;
        r.lon = a.lon;
        r.lat = a.lat;
        r.type_position = s.type_position;
        r.nom_ld = s.nom_ld;
        r.acheminement = a.acheminement;
        r.nom_afnor = s.nom_afnor;
        r.cad_parcelles = a.cad_parcelles;
        append_ban_row(buf, r);
        if (buf.size() > (1 << 20)) {
            out->write(buf);
            buf.clear();
        }
    }
    out->write(buf);
    out->close();
}

}  // namespace gen
