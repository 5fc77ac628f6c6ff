#include "geocoder.hpp"

#include "reference/commune_resolver.hpp"
#include "text/address_normalize.hpp"
#include "text/normalize.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace annuaire::geo {

namespace {

using reference::CommuneResolver;
using NumberFit = AddressIndex::NumberFit;

constexpr double kMunicipalityFactor = 0.3;
constexpr double kSameNameSimilarity = 0.9;  // the street type missing, or another
constexpr double kOtherCommuneFactor = 0.85; // placed in a commune the address names less precisely
constexpr double kAmbiguousFactor = 0.5;
constexpr double kSamePlaceMetres = 30;      // streets that place a number closer are one place

bool is_france(std::string_view country_code) {
    const std::string folded = text::fold(country_code);
    return folded.empty() || folded == "99100" || folded == "99000" || folded == "fr" || folded == "france";
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// True when an INSEE code is in the département of a postcode or CEDEX code (Corsica's
// begin with 20, overseas ones with three digits).
bool same_department(std::string_view insee, std::string_view postcode) {
    if (postcode.size() < 3 || insee.size() < 3) return true;
    if (postcode[0] == '2' && postcode[1] == '0') return insee[0] == '2' && (insee[1] == 'A' || insee[1] == 'B' || insee[1] == '0');
    if (postcode[0] == '9' && (postcode[1] == '7' || postcode[1] == '8')) {
        return insee[0] == postcode[0] && insee[1] == postcode[1] && insee[2] == postcode[2];
    }
    return insee[0] == postcode[0] && insee[1] == postcode[1];
}

double metres_between(double lon1, double lat1, double lon2, double lat2) {
    const double dx = (lon1 - lon2) * std::cos(lat1 * M_PI / 180.0);
    return std::hypot(dx, lat1 - lat2) * 111'320;
}

}  // namespace

std::string_view to_string(CommuneSource source) {
    switch (source) {
        case CommuneSource::none: return "none";
        case CommuneSource::code: return "code";
        case CommuneSource::postcode: return "postcode";
        case CommuneSource::label: return "label";
        case CommuneSource::cedex: return "cedex";
        case CommuneSource::importer: return "importer";
        case CommuneSource::neighbour: return "neighbour";
    }
    return "none";
}

std::string_view to_string(StreetMatch match) {
    switch (match) {
        case StreetMatch::none: return "none";
        case StreetMatch::exact: return "exact";
        case StreetMatch::name: return "name";
        case StreetMatch::fuzzy: return "fuzzy";
        case StreetMatch::ambiguous: return "ambiguous";
    }
    return "none";
}

std::string_view to_string(Confidence confidence) {
    switch (confidence) {
        case Confidence::low: return "low";
        case Confidence::medium: return "medium";
        case Confidence::high: return "high";
    }
    return "low";
}

// The street chosen in one set of communes, and how.
struct Geocoder::StreetChoice {
    StreetMatch match = StreetMatch::none;  // exact, name or fuzzy
    std::uint32_t street = 0;
    double similarity = 0;
    NumberFit fit = NumberFit::none;
    CommuneSource source = CommuneSource::none;  // of the street's commune
    std::size_t same_name = 0;                   // streets that matched as well before the number chose
    std::vector<std::uint32_t> rivals;           // streets that fit as well, elsewhere

    bool found() const { return match != StreetMatch::none; }
    bool strong() const { return match == StreetMatch::exact || match == StreetMatch::name; }
    bool placeable() const { return found() && fit != NumberFit::outside; }
};

Geocoder::Geocoder(const AddressIndex& index, const CommuneContours* contours,
                   const reference::CommuneResolver* resolver)
    : index_(index), contours_(contours), resolver_(resolver) {}

Geocoder::NamedCommunes Geocoder::name_communes(const AddressQuery& query) const {
    NamedCommunes named;
    const auto listed = [&](std::uint32_t id) {
        const auto same = [id](const NamedCommune& entry) { return entry.id == id; };
        return std::any_of(named.primary.begin(), named.primary.end(), same) ||
               std::any_of(named.others.begin(), named.others.end(), same);
    };
    const auto add = [&](std::vector<NamedCommune>& list, int id, CommuneSource source) {
        if (id >= 0 && !listed(static_cast<std::uint32_t>(id))) list.push_back({static_cast<std::uint32_t>(id), source});
    };
    const auto id_of = [&](std::string_view insee) {
        if (insee.empty()) return -1;
        int id = index_.commune_by_insee(insee);
        if (id < 0 && resolver_) {
            // A delegated former commune that the BAN file does not list as such.
            const std::string merged = resolver_->merged_into(insee);
            if (!merged.empty()) id = index_.commune_by_insee(merged);
        }
        return id;
    };

    // The INSEE code, when the index knows it: nothing more to look at.
    if (const int id = id_of(query.commune_code); id >= 0) {
        add(named.primary, id, CommuneSource::code);
        named.described = {"INSEE code", query.commune_code};
        return named;
    }
    // The town label: the commune's, else the Bureau cedex's ("75340 PARIS CEDEX 07"), which
    // may also name the arrondissement of a "PARIS" town.
    reference::TownLabel label = CommuneResolver::parse_town_label(query.commune_name);
    if (label.empty() || (label.arrondissement == 0 && !CommuneResolver::arrondissement_insee(label.town, 1).empty())) {
        const reference::TownLabel office = CommuneResolver::parse_town_label(query.cedex_office);
        if (label.empty() || office.town == label.town) label = office;
    }
    const int labelled = label.arrondissement > 0
                             ? index_.commune_by_insee(CommuneResolver::arrondissement_insee(label.town, label.arrondissement))
                             : -1;
    const auto by_postcode = index_.communes_by_postcode(query.postcode);
    const auto by_town = label.town.empty() ? std::span<const std::uint32_t>() : index_.communes_by_name(label.town);
    const auto in_department = [&](std::uint32_t id) { return same_department(index_.communes()[id].insee, query.postcode); };

    // Paris, Lyon or Marseille as a whole: the arrondissement the label or the postcode names,
    // the others after it.
    if (const auto city = index_.arrondissements(query.commune_code); !city.empty()) {
        named.described = {"INSEE code", query.commune_code};
        named.others.reserve(city.size());
        for (const auto id : city) {  // each arrondissement once: no need to check for repeats
            const bool narrowed = static_cast<int>(id) == labelled ||
                                  (labelled < 0 && std::find(by_postcode.begin(), by_postcode.end(), id) != by_postcode.end());
            (narrowed ? named.primary : named.others).push_back({id, CommuneSource::code});
        }
        if (named.primary.empty()) std::swap(named.primary, named.others);
        return named;
    }

    if (!by_postcode.empty()) {
        named.described = {"postcode", query.postcode};
        if (labelled >= 0 && std::find(by_postcode.begin(), by_postcode.end(), labelled) != by_postcode.end()) {
            add(named.primary, labelled, CommuneSource::postcode);
        } else if (by_postcode.size() == 1) {
            add(named.primary, static_cast<int>(by_postcode.front()), CommuneSource::postcode);
        } else {
            // A postcode several communes share: the one the town names first.
            for (const auto id : by_postcode) {
                if (std::find(by_town.begin(), by_town.end(), id) != by_town.end()) {
                    add(named.primary, static_cast<int>(id), CommuneSource::postcode);
                }
            }
            const bool town_chose = !named.primary.empty();
            named.confidence = town_chose ? 0.95 : 0.8;
            for (const auto id : by_postcode) {
                add(town_chose ? named.others : named.primary, static_cast<int>(id), CommuneSource::postcode);
            }
        }
        // What the label names besides the postcode, its arrondissement or town, is only
        // looked at when the street is not settled in the postcode's commune.
        named.deferred_labelled = labelled;
        named.deferred_town = by_town;
        return named;
    }

    // A code the index does not know as a postcode: most often a CEDEX code. The label's
    // town and arrondissement, and the CEDEX table's communes; an unknown code stops nothing.
    if (labelled >= 0) {
        add(named.primary, labelled, CommuneSource::label);
        named.described = {"label", query.commune_name.empty() ? query.cedex_office : query.commune_name};
        named.confidence = 0.9;
    }
    if (resolver_ && !query.postcode.empty()) {
        const bool table_is_primary = named.primary.empty();
        for (const auto& insee : resolver_->cedex_communes(query.postcode)) {
            add(table_is_primary ? named.primary : named.others, id_of(insee), CommuneSource::cedex);
        }
        if (table_is_primary && !named.primary.empty()) {
            named.described = {"CEDEX code", query.postcode};
            named.confidence = 0.9;
        }
    }
    std::vector<std::uint32_t> town;
    for (const auto id : by_town) {
        if (in_department(id)) town.push_back(id);
    }
    if (named.primary.empty() && !town.empty()) {
        named.described = {"label", query.commune_name.empty() ? query.cedex_office : query.commune_name};
        named.confidence = town.size() == 1 ? 0.9 : 0.85;
    }
    const bool town_is_primary = named.primary.empty();
    for (const auto id : town) add(town_is_primary ? named.primary : named.others, static_cast<int>(id), CommuneSource::label);
    if (named.primary.empty() && resolver_ && !query.postcode.empty()) {
        add(named.primary, id_of(resolver_->resolve("", query.postcode, query.cedex_office, query.commune_name)),
            CommuneSource::label);
        if (!named.primary.empty()) {
            named.described = {"postcode", query.postcode};
            named.confidence = 0.9;
        }
    }
    if (named.primary.empty()) {
        add(named.primary, id_of(query.resolved_insee), CommuneSource::importer);
        named.described = {"the importer's commune", query.resolved_insee};
    }
    return named;
}

void Geocoder::add_deferred(NamedCommunes& named, std::string_view postcode) const {
    const auto listed = [&](std::uint32_t id) {
        const auto same = [id](const NamedCommune& entry) { return entry.id == id; };
        return std::any_of(named.primary.begin(), named.primary.end(), same) ||
               std::any_of(named.others.begin(), named.others.end(), same);
    };
    named.others.reserve(named.others.size() + named.deferred_town.size() + 1);
    if (named.deferred_labelled >= 0 && !listed(static_cast<std::uint32_t>(named.deferred_labelled))) {
        named.others.push_back({static_cast<std::uint32_t>(named.deferred_labelled), CommuneSource::label});
    }
    for (const auto id : named.deferred_town) {
        if (same_department(index_.communes()[id].insee, postcode) && !listed(id)) {
            named.others.push_back({id, CommuneSource::label});
        }
    }
    named.deferred_labelled = -1;
    named.deferred_town = {};
}

Geocoder::StreetChoice Geocoder::choose_street(const AddressIndex::StreetQuery& street, const text::HouseNumber& house,
                                               const std::vector<NamedCommune>& communes, bool fuzzy,
                                               std::string_view postcode, int anchor) const {
    StreetChoice choice;
    if (communes.empty() || street.tokens.empty()) return choice;
    thread_local std::vector<std::uint32_t> ids;  // no allocation per address
    ids.clear();
    for (const auto& entry : communes) ids.push_back(entry.id);
    std::vector<std::uint32_t> candidates, same_name;
    const bool whole_query_named = index_.find_named(street, ids, candidates, same_name);
    const std::size_t exact_count = candidates.size();
    if (!candidates.empty()) {
        choice.match = StreetMatch::exact;
        choice.similarity = 1.0;
        // Unless the street type was given apart from the name, a street named by the whole
        // query ("DU PONT NEUF": Rue du Pont Neuf beside the bridge Pont Neuf), or any street
        // of that name for a query without a type, competes with the exact one: the house
        // number decides, else it is ambiguous.
        if (!street.type_apart && (whole_query_named || !street.has_type)) {
            candidates.insert(candidates.end(), same_name.begin(), same_name.end());
        }
    } else if (!same_name.empty()) {
        choice.match = StreetMatch::name;
        choice.similarity = kSameNameSimilarity;
        candidates = std::move(same_name);
    } else if (fuzzy) {
        const auto matches = index_.match_street(street.tokens, ids, 8);
        if (!matches.empty() && matches.front().score >= kMinStreetScore) {
            choice.match = StreetMatch::fuzzy;
            choice.similarity = matches.front().score;
            for (const auto& match : matches) {
                if (match.score >= matches.front().score - 1e-9) candidates.push_back(match.street);
            }
        }
    }
    if (candidates.empty()) return choice;
    const auto& streets = index_.streets();
    const auto source_of = [&](std::uint32_t street_id) {
        for (const auto& entry : communes) {
            if (entry.id == streets[street_id].commune) return entry.source;
        }
        return CommuneSource::none;
    };
    choice.same_name = candidates.size();
    if (candidates.size() == 1) {
        choice.street = candidates.front();
        choice.fit = AddressIndex::fit(streets[choice.street], house);
        choice.source = source_of(choice.street);
        return choice;
    }

    // Several streets: the house number decides (one that has it, else one whose numbers
    // surround it), then the postcode, then, away from the named commune, the nearest.
    struct Ranked {
        std::uint32_t street;
        NumberFit fit;
        bool exact;  // among the exact ones, when streets of the same name compete with them
        bool worded;  // its name without the type has the query's very words, articles included
        bool postcode;
        double gap;  // metres from the named commune (0 in the commune's own set)
        AddressIndex::Location location;
    };
    // Without a street type, the articles tell apart "DE MARTIGNAC" (Rue de Martignac) and
    // "MARTIGNAC" (Cité Martignac): read only now that streets tie, as few addresses need it.
    const std::size_t wording =
        street.type_apart ? 0 : wording_hash(text::street_wording(text::street_line_words(street.street_line)));
    std::vector<Ranked> ranked;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const std::uint32_t id = candidates[i];
        const auto& entry = streets[id];
        const bool same_postcode = index_.serves(entry, postcode);
        const bool exact = choice.match == StreetMatch::exact && i < exact_count;
        const bool worded = wording != 0 && entry.wording_hash == wording;
        Ranked item{id, AddressIndex::fit(entry, house), exact, worded, same_postcode, 0, index_.locate(entry, house)};
        if (anchor >= 0) {
            const auto& named = index_.communes()[static_cast<std::uint32_t>(anchor)];
            const double lon = std::clamp(item.location.lon, named.min_lon, named.max_lon);
            const double lat = std::clamp(item.location.lat, named.min_lat, named.max_lat);
            item.gap = metres_between(lon, lat, item.location.lon, item.location.lat);
        }
        ranked.push_back(std::move(item));
    }
    std::stable_sort(ranked.begin(), ranked.end(), [&](const Ranked& a, const Ranked& b) {
        if (a.fit != b.fit) return a.fit > b.fit;
        if (a.location.factor != b.location.factor) return a.location.factor > b.location.factor;  // same "bis"
        if (a.exact != b.exact) return a.exact;
        if (a.worded != b.worded) return a.worded;
        if (a.postcode != b.postcode) return a.postcode;
        if (a.gap != b.gap) return a.gap < b.gap;
        return streets[a.street].numbers.size() > streets[b.street].numbers.size();
    });
    const Ranked& best = ranked.front();
    choice.street = best.street;
    choice.fit = best.fit;
    choice.source = source_of(best.street);
    if (choice.match == StreetMatch::exact && !best.exact) {
        choice.match = StreetMatch::name;
        choice.similarity = kSameNameSimilarity;
    }
    for (std::size_t i = 1; i < ranked.size(); ++i) {
        const Ranked& other = ranked[i];
        const bool as_good = other.fit == best.fit && other.location.factor == best.location.factor &&
                             other.worded == best.worded && other.postcode == best.postcode && other.gap <= best.gap + 500;
        if (as_good && metres_between(best.location.lon, best.location.lat, other.location.lon, other.location.lat) >
                           kSamePlaceMetres) {
            choice.rivals.push_back(other.street);
        }
    }
    return choice;
}

LonLat Geocoder::municipality_point(std::uint32_t commune) const {
    const auto& entry = index_.communes()[commune];
    if (contours_) {
        if (const auto inside = contours_->point_inside(entry.insee)) return *inside;
    }
    return {entry.lon, entry.lat};
}

std::string Geocoder::commune_label(std::uint32_t commune) const {
    const auto& entry = index_.communes()[commune];
    return entry.postcodes.empty() ? entry.name : entry.postcodes.front() + " " + entry.name;
}

GeocodeResult Geocoder::geocode(const AddressQuery& query) const {
    GeocodeResult result;
    if (!is_france(query.country_code)) {
        result.reason = "address outside France (country code " + query.country_code + ")";
        return result;
    }
    NamedCommunes named = name_communes(query);
    if (named.primary.empty()) {
        if (query.commune_code.empty() && query.postcode.empty() && query.cedex_office.empty() &&
            query.commune_name.empty() && query.resolved_insee.empty()) {
            result.reason = "no commune code, postcode, CEDEX office or town";
        } else {
            result.reason = "commune not found in the address index (code '" + query.commune_code + "', postcode '" +
                            query.postcode + "', town '" + query.commune_name +
                            (query.cedex_office.empty() ? "" : "', CEDEX office '" + query.cedex_office) + "')";
        }
        return result;
    }
    for (const auto& entry : named.primary) {
        if (!result.named_insee.empty()) result.named_insee.push_back(' ');
        result.named_insee += index_.communes()[entry.id].insee;
    }
    const std::uint32_t first = named.primary.front().id;
    std::vector<std::string> reasons;
    const auto finish = [&]() {
        for (const auto& reason : reasons) {
            if (!result.reason.empty()) result.reason += "; ";
            result.reason += reason;
        }
        return result;
    };
    const auto municipality = [&](std::string reason) {
        const LonLat point = municipality_point(first);
        result.precision = Precision::municipality;
        result.lon = point.lon;
        result.lat = point.lat;
        result.score = kMunicipalityFactor * named.confidence;
        result.label = commune_label(first);
        result.insee = index_.communes()[first].insee;
        result.commune_source = named.primary.front().source;
        result.confidence = Confidence::low;
        reasons.insert(reasons.begin(), std::move(reason));
        return finish();
    };

    // The street line without floors, buildings, remarks; the complement when it is empty.
    std::string removed;
    std::vector<std::string> tokens = text::street_tokens(query.street_type_code, query.street_type_label,
                                                          text::street_line_words(query.street_name, &removed));
    std::string_view street_line = query.street_name;
    if (tokens.empty() && !query.geo_complement.empty()) {
        tokens = text::street_tokens(text::clean_street_line(query.geo_complement));
        street_line = query.geo_complement;
    }
    if (!removed.empty()) reasons.push_back("left out of the street line: '" + removed + "'");
    if (tokens.empty()) return municipality("no street name");
    auto street_query = AddressIndex::prepare_street(std::move(tokens));
    street_query.type_apart = !text::fold(query.street_type_code).empty() || !text::fold(query.street_type_label).empty();
    street_query.street_line = street_line;
    const text::HouseNumber house = text::parse_house_number(query.street_number, query.repetition_index);

    // The named commune first. Elsewhere when it lacks the street; or, unless an INSEE code
    // names it, when it has the street only under a similar name, with another street type,
    // or without the house number: first in the communes the address names less precisely,
    // then in the neighbours. There, an exact street beats a similar one here, and a street
    // that has the house number beats one that does not (see `better`).
    int tier = 0;
    const bool code_named = named.primary.front().source == CommuneSource::code && named.others.empty();

    StreetChoice choice = choose_street(street_query, house, named.primary, code_named, query.postcode, -1);
    // `same_town`: the candidate is in a commune the address names too (another arrondissement
    // of PARIS), where a street of the type it gives wins over one of another type here; a
    // neighbouring commune's only when the street here lacks the house number on that side.
    const auto better = [](const StreetChoice& candidate, const StreetChoice& current, bool same_town) {
        if (!candidate.found()) return false;
        if (!current.found()) return true;
        if (candidate.strong() && !current.strong()) return true;
        if (!candidate.strong() || candidate.fit != NumberFit::found) return false;
        return current.fit == NumberFit::outside ||
               (same_town && candidate.match == StreetMatch::exact && current.match == StreetMatch::name);
    };
    const auto settled = [&] {
        if (code_named) return choice.found();
        // A name without a street type can match no better than by name.
        const bool best_possible = choice.match == StreetMatch::exact ||
                                   (choice.match == StreetMatch::name && !street_query.has_type);
        return best_possible && choice.placeable();
    };
    if (!settled()) add_deferred(named, query.postcode);
    if (!settled()) {
        const StreetChoice other = choose_street(street_query, house, named.others, false, query.postcode,
                                                 static_cast<int>(first));
        if (better(other, choice, true)) {
            choice = other;
            tier = 1;
        }
    }
    std::vector<NamedCommune> neighbours;
    if (!settled()) {
        std::vector<std::uint32_t> listed;
        for (const auto* list : {&named.primary, &named.others}) {
            for (const auto& entry : *list) listed.push_back(entry.id);
        }
        std::sort(listed.begin(), listed.end());
        for (const auto* list : {&named.primary, &named.others}) {
            for (const auto& entry : *list) {
                for (const auto id : index_.communes()[entry.id].nearby) {
                    if (std::binary_search(listed.begin(), listed.end(), id)) continue;
                    const auto position = std::lower_bound(listed.begin(), listed.end(), id);
                    listed.insert(position, id);
                    neighbours.push_back({id, CommuneSource::neighbour});
                }
            }
        }
        const StreetChoice near = choose_street(street_query, house, neighbours, false, query.postcode,
                                                static_cast<int>(first));
        if (better(near, choice, false)) {
            choice = near;
            tier = 2;
        }
    }
    // No street of that name anywhere near: a similar name, in the same order.
    if (!choice.found()) {
        const std::vector<NamedCommune>* tiers[] = {&named.primary, &named.others, &neighbours};
        for (int t = code_named ? 1 : 0; t < 3 && !choice.found(); ++t) {
            choice = choose_street(street_query, house, *tiers[t], true, query.postcode, t == 0 ? -1 : static_cast<int>(first));
            tier = t;
        }
    }
    const std::string& street_text = street_query.key;
    if (!choice.found()) {
        return municipality("street '" + street_text + "' not found in " + commune_label(first));
    }

    const auto& street = index_.streets()[choice.street];
    const auto& commune = index_.communes()[street.commune];
    const auto location = index_.locate(street, house);
    result.precision = location.precision;
    result.lon = location.lon;
    result.lat = location.lat;
    result.insee = commune.insee;
    result.commune_source = choice.source;
    result.street_match = choice.rivals.empty() ? choice.match : StreetMatch::ambiguous;
    // "12 bis Rue du Sauvage 68100 Mulhouse", with the postcode the address gives when it names that commune.
    const std::string_view postcode = query.postcode.empty() || tier > 0
                                          ? (commune.postcodes.empty() ? std::string_view() : commune.postcodes.front())
                                          : std::string_view(query.postcode);
    result.label.reserve(location.number_label.size() + street.name.size() + postcode.size() + commune.name.size() + 3);
    if (!location.number_label.empty()) result.label.append(location.number_label).push_back(' ');
    result.label.append(street.name).push_back(' ');
    if (!postcode.empty()) result.label.append(postcode).push_back(' ');
    result.label.append(commune.name);
    double factor = tier > 0 ? kOtherCommuneFactor : 1.0;

    if (tier > 0) {
        const bool quoted = named.described.first == "label";
        reasons.insert(reasons.begin(), std::string(named.described.first) + (quoted ? " '" : " ") +
                                            std::string(named.described.second) + (quoted ? "'" : "") + " names " +
                                            index_.communes()[first].name + ", but " +
                                            street.name + " is in " + commune.name +
                                            (tier == 2 ? ", next to it" : ", which the address also names"));
    }
    if (choice.match == StreetMatch::name) {
        reasons.push_back((street_query.has_type ? "street type differs: '" : "street type missing: '") + street_text +
                          "' read as " + street.name +
                          (choice.same_name > 1 && choice.rivals.empty()
                               ? " (" + std::to_string(choice.same_name) + " streets of that name; the house number or postcode chose)"
                               : ""));
    } else if (choice.match == StreetMatch::fuzzy) {
        char similarity[16];
        const auto written = std::to_chars(similarity, similarity + sizeof similarity, choice.similarity,
                                           std::chars_format::fixed, 2);
        reasons.push_back("similar street name (" + std::string(similarity, written.ptr) + "): '" + street_text +
                          "' read as " + street.name);
    }
    if (!choice.rivals.empty()) {
        std::string names;
        for (const auto rival : choice.rivals) {
            names += (names.empty() ? "" : ", ") + index_.streets()[rival].name + " (" +
                     index_.communes()[index_.streets()[rival].commune].name + ")";
        }
        reasons.insert(reasons.begin(), "ambiguous: " + street.name + " or " + names +
                                            (house.valid() ? ", all with a fitting house number" : "") +
                                            "; placed on the first at street precision");
        if (result.precision == Precision::housenumber || result.precision == Precision::interpolated) {
            result.precision = Precision::street;
        }
        factor *= kAmbiguousFactor;
    }
    if (location.precision == Precision::street) {
        reasons.push_back(house.valid() ? "house number " + std::to_string(house.number) + " not found on " + street.name
                                        : "no house number");
    } else if (location.precision == Precision::interpolated) {
        reasons.push_back("house number " + std::to_string(house.number) + " not in the BAN: interpolated");
    }
    result.score = std::clamp(choice.similarity * location.factor * named.confidence * factor, 0.0, 1.0);

    // A number interpolated over a short gap is as good as one the BAN has; extrapolated, less.
    const bool positioned_on_number = result.precision == Precision::housenumber ||
                                      (result.precision == Precision::interpolated && location.factor >= 0.9);
    if (result.street_match == StreetMatch::ambiguous || (choice.match == StreetMatch::fuzzy && (tier > 0 || choice.similarity < 0.8))) {
        result.confidence = Confidence::low;
    } else if (choice.match == StreetMatch::exact && tier == 0 && positioned_on_number && named.confidence >= 0.9) {
        result.confidence = Confidence::high;
    } else {
        result.confidence = Confidence::medium;
    }
    return finish();
}

std::vector<Candidate> Geocoder::search(std::string_view input, std::size_t limit) const {
    std::vector<Candidate> candidates;
    std::vector<std::string> words = text::words(input);
    if (words.empty() || limit == 0) return candidates;

    std::vector<std::uint32_t> communes;
    bool commune_given = false;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (words[i].size() == 5 && all_digits(words[i]) && !index_.communes_by_postcode(words[i]).empty()) {
            const auto found = index_.communes_by_postcode(words[i]);
            communes.assign(found.begin(), found.end());
            commune_given = true;
            words.erase(words.begin() + static_cast<std::ptrdiff_t>(i));
            break;
        }
    }
    text::HouseNumber house;
    if (!words.empty() && !words.front().empty() && words.front().front() >= '0' && words.front().front() <= '9' &&
        words.front().size() <= 6) {
        house = text::parse_house_number(words.front());
        words.erase(words.begin());
        static const char* kRepetitions[] = {"b", "bis", "t", "ter", "q", "quater"};
        if (house.valid() && house.repetition.empty() && !words.empty() &&
            std::find(std::begin(kRepetitions), std::end(kRepetitions), words.front()) != std::end(kRepetitions)) {
            house.repetition = text::normalize_repetition(words.front());
            words.erase(words.begin());
        }
    }
    // The commune name at the end ("… mulhouse", "… paris 15e arrondissement").
    for (std::size_t take = std::min<std::size_t>(4, words.size()); take >= 1; --take) {
        std::vector<std::string> tail(words.end() - static_cast<std::ptrdiff_t>(take), words.end());
        const auto named = index_.communes_by_name(text::commune_key(text::join_tokens(tail)));
        if (named.empty()) continue;
        std::vector<std::uint32_t> kept;
        for (const auto id : named) {
            if (!commune_given || std::find(communes.begin(), communes.end(), id) != communes.end()) kept.push_back(id);
        }
        if (kept.empty()) continue;
        communes = std::move(kept);
        commune_given = true;
        words.resize(words.size() - take);
        break;
    }
    const auto add_municipalities = [&](double score) {
        for (const auto id : communes) {
            if (candidates.size() >= limit) break;
            const LonLat point = municipality_point(id);
            const auto& commune = index_.communes()[id];
            candidates.push_back({Precision::municipality, point.lon, point.lat, score, commune_label(id), commune.insee,
                                  commune.postcodes.empty() ? "" : commune.postcodes.front()});
        }
    };
    const auto tokens = text::street_tokens(text::join_tokens(words));
    if (tokens.empty()) {
        if (commune_given) add_municipalities(1.0);
        return candidates;
    }
    const auto matches = index_.match_street(tokens, communes, limit * 2);
    for (const auto& match : matches) {
        if (match.score < 0.5) continue;
        const auto& street = index_.streets()[match.street];
        const auto location = index_.locate(street, house);
        const auto& commune = index_.communes()[street.commune];
        Candidate candidate;
        candidate.precision = location.precision;
        candidate.lon = location.lon;
        candidate.lat = location.lat;
        candidate.score = std::clamp(match.score * location.factor, 0.0, 1.0);
        candidate.label = (location.number_label.empty() ? "" : location.number_label + " ") + street.name + " " +
                          commune_label(street.commune);
        candidate.insee = commune.insee;
        candidate.postcode = commune.postcodes.empty() ? "" : commune.postcodes.front();
        candidates.push_back(std::move(candidate));
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    if (candidates.size() > limit) candidates.resize(limit);
    if (candidates.empty() && commune_given) add_municipalities(0.3);
    return candidates;
}

}  // namespace annuaire::geo
