#include "ban_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace gen {

void append_decimal(std::string& out, double v, int decimals) {
    // Fixed-point through a 64-bit integer: exact IEEE operations only, so the text is
    // the same on every machine, and several times faster than printf("%.*f").
    static constexpr double kScale[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
    long long scaled = std::llround(v * kScale[decimals]);
    if (scaled < 0) {
        out.push_back('-');
        scaled = -scaled;
    }
    char digits[32];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, scaled);
    (void)ec;
    std::string_view s(digits, static_cast<std::size_t>(end - digits));
    const std::size_t d = static_cast<std::size_t>(decimals);
    std::string padded;
    if (s.size() <= d) {  // |v| < 1: left-pad with zeros
        padded.assign(d + 1 - s.size(), '0');
        padded.append(s);
        s = padded;
    }
    std::string_view int_part = s.substr(0, s.size() - d), frac = s.substr(s.size() - d);
    while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
    if (int_part == "0" && frac.empty() && !out.empty() && out.back() == '-') out.pop_back();  // no "-0"
    out.append(int_part);
    if (!frac.empty()) out.append(".").append(frac);
}

double round_as_written(double v, int decimals) {
    std::string s;
    append_decimal(s, v, decimals);
    return std::strtod(s.c_str(), nullptr);
}

void append_ban_row(std::string& out, const BanRow& r) {
    char num[16];
    std::snprintf(num, sizeof num, "%05d", r.numero);
    out.append(r.code_insee).append("_").append(r.id_street).append("_").append(num);
    if (!r.rep.empty()) out.append("_").append(r.rep);
    out.push_back(';');
    out.append(r.id_fantoir).push_back(';');
    auto [end, ec] = std::to_chars(num, num + sizeof num, r.numero);
    (void)ec;
    out.append(num, end).push_back(';');
    out.append(r.rep).push_back(';');
    out.append(r.nom_voie).push_back(';');
    out.append(r.code_postal).push_back(';');
    out.append(r.code_insee).push_back(';');
    out.append(r.nom_commune).push_back(';');
    out.append(r.insee_ancienne).push_back(';');
    out.append(r.nom_ancienne).push_back(';');
    append_decimal(out, r.x, 2);
    out.push_back(';');
    append_decimal(out, r.y, 2);
    out.push_back(';');
    append_decimal(out, r.lon, 6);
    out.push_back(';');
    append_decimal(out, r.lat, 6);
    out.push_back(';');
    out.append(r.type_position).push_back(';');
    out.push_back(';');  // alias
    out.append(r.nom_ld).push_back(';');
    out.append(r.acheminement).push_back(';');
    out.append(r.nom_afnor).push_back(';');
    out.append("commune;commune;1;");
    out.append(r.cad_parcelles).push_back('\n');
}

}  // namespace gen
