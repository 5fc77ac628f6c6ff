#include "address_index.hpp"

#include "reference/commune_resolver.hpp"
#include "text/normalize.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace annuaire::geo {

namespace {

// BAN rows numbered 99999 (and the like) are places without a house number.
constexpr int kNoNumber = 99990;
constexpr float kTypeWordWeight = 0.5f;
constexpr float kTypoSimilarity = 0.8f;
constexpr std::size_t kMinTypoLength = 3;

// True when a and b differ by at most one insertion, deletion, substitution or
// transposition of adjacent letters.
bool within_one_edit(std::string_view a, std::string_view b) {
    if (a.size() < b.size()) std::swap(a, b);
    if (a.size() - b.size() > 1) return false;
    std::size_t i = 0;
    while (i < b.size() && a[i] == b[i]) ++i;
    if (i == b.size()) return true;  // equal, or one letter added at the end
    if (a.size() == b.size()) {
        if (a.substr(i + 1) == b.substr(i + 1)) return true;  // substitution
        return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);
    }
    return a.substr(i + 1) == b.substr(i);  // one letter inserted in a
}

void add_unique(std::vector<std::uint32_t>& list, std::uint32_t value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

double squared_distance(double lon1, double lat1, double lon2, double lat2, double cos_lat) {
    const double dx = (lon1 - lon2) * cos_lat;
    const double dy = lat1 - lat2;
    return dx * dx + dy * dy;
}

}  // namespace

std::string_view to_string(Precision precision) {
    switch (precision) {
        case Precision::housenumber: return "housenumber";
        case Precision::interpolated: return "interpolated";
        case Precision::street: return "street";
        case Precision::municipality: return "municipality";
        case Precision::none: return "none";
        case Precision::manual: return "manual";
    }
    return "none";
}

void AddressIndex::add_name(const std::string& name, std::uint32_t commune) {
    add_unique(by_name_[text::commune_key(name)], commune);
    // An arrondissement is found by its city's name too: "Paris 16e Arrondissement" -> "paris".
    const auto label = reference::CommuneResolver::parse_town_label(name);
    if (label.arrondissement > 0) add_unique(by_name_[label.town], commune);
}

std::uint32_t AddressIndex::token_id(const std::string& token) {
    const auto [it, inserted] = token_ids_.emplace(token, static_cast<std::uint32_t>(tokens_.size()));
    if (inserted) {
        TokenInfo info;
        info.text = token;
        info.weight = text::is_street_type_word(token) ? kTypeWordWeight : 1.0f;
        tokens_.push_back(std::move(info));
    }
    return it->second;
}

void AddressIndex::add(const store::BanRecord& row) {
    auto [commune_it, new_commune] = commune_ids_.emplace(row.insee, static_cast<std::uint32_t>(communes_.size()));
    const std::uint32_t commune_id = commune_it->second;
    if (new_commune) {
        Commune commune;
        commune.insee = row.insee;
        commune.name = row.commune_name;
        communes_.push_back(std::move(commune));
        commune_sums_.emplace_back(0.0, 0.0);
        last_routing_labels_.emplace_back();
        commune_counts_.push_back(0);
        add_name(row.commune_name, commune_id);
    }
    Commune& commune = communes_[commune_id];
    auto postcode = std::find(commune.postcodes.begin(), commune.postcodes.end(), row.postcode);
    if (!row.postcode.empty() && postcode == commune.postcodes.end()) {
        commune.postcodes.push_back(row.postcode);
        postcode = commune.postcodes.end() - 1;
        add_unique(by_postcode_[row.postcode], commune_id);
    }
    // Routing labels vary within a commune ("PARIS 16" and "PARIS" in the 16th).
    if (!row.routing_label.empty() && row.routing_label != last_routing_labels_[commune_id]) {
        last_routing_labels_[commune_id] = row.routing_label;
        add_name(row.routing_label, commune_id);
    }
    if (!row.old_insee.empty() && row.old_insee != row.insee) {
        if (commune_ids_.emplace(row.old_insee, commune_id).second && !row.old_commune_name.empty()) {
            add_name(row.old_commune_name, commune_id);
        }
    }
    commune.min_lon = std::min(commune.min_lon, row.lon);
    commune.max_lon = std::max(commune.max_lon, row.lon);
    commune.min_lat = std::min(commune.min_lat, row.lat);
    commune.max_lat = std::max(commune.max_lat, row.lat);

    std::string key;
    key.reserve(row.insee.size() + 1 + row.street_name.size());
    key.append(row.insee).push_back('\n');
    key.append(row.street_name);
    auto [street_it, new_street] = street_ids_.emplace(std::move(key), static_cast<std::uint32_t>(streets_.size()));
    const std::uint32_t street_id = street_it->second;
    if (new_street) {
        Street street;
        street.commune = commune_id;
        street.name = row.street_name;
        street.wording_hash = geo::wording_hash(text::street_wording(row.street_name));
        const auto tokens = text::street_tokens(row.street_name);
        for (const auto& token : tokens) {
            const std::uint32_t id = token_id(token);
            street.tokens.push_back(id);
            street.weight += tokens_[id].weight;
            auto& list = tokens_[id].streets;
            if (list.empty() || list.back() != street_id) list.push_back(street_id);
        }
        const StreetQuery named = prepare_street(tokens);
        commune.street_by_key.emplace(named.key, street_id);
        if (!named.name_key.empty()) commune.streets_by_name[named.name_key].push_back(street_id);
        streets_.push_back(std::move(street));
    }
    Street& street = streets_[street_id];
    street.numbers.push_back({row.number, row.repetition, row.lon, row.lat});
    if (const auto index = postcode - commune.postcodes.begin(); postcode != commune.postcodes.end() && index < 32) {
        street.postcodes |= std::uint32_t{1} << index;
    }
    commune_sums_[commune_id].first += row.lon;
    commune_sums_[commune_id].second += row.lat;
    ++commune_counts_[commune_id];
    ++addresses_;
}

void AddressIndex::finish() {
    if (finished_) return;
    finished_ = true;
    std::vector<double> commune_best(communes_.size(), std::numeric_limits<double>::max());
    std::vector<std::pair<double, double>> commune_mean(communes_.size());
    for (std::size_t c = 0; c < communes_.size(); ++c) {
        const double n = std::max<std::uint32_t>(commune_counts_[c], 1);
        commune_mean[c] = {commune_sums_[c].first / n, commune_sums_[c].second / n};
    }
    for (auto& street : streets_) {
        std::sort(street.numbers.begin(), street.numbers.end(), [](const Number& a, const Number& b) {
            return a.number != b.number ? a.number < b.number : a.repetition < b.repetition;
        });
        double sum_lon = 0, sum_lat = 0;
        for (const auto& number : street.numbers) { sum_lon += number.lon; sum_lat += number.lat; }
        for (const auto& number : street.numbers) {
            if (number.number <= 0 || number.number >= kNoNumber) continue;
            if (street.first_number == 0) street.first_number = number.number;
            street.last_number = number.number;
        }
        const double mean_lon = sum_lon / street.numbers.size();
        const double mean_lat = sum_lat / street.numbers.size();
        const double cos_lat = std::cos(mean_lat * M_PI / 180.0);
        // The street's point is a real address of it: never off the street on a bend.
        double best = std::numeric_limits<double>::max();
        const auto [cmean_lon, cmean_lat] = commune_mean[street.commune];
        for (const auto& number : street.numbers) {
            const double d = squared_distance(number.lon, number.lat, mean_lon, mean_lat, cos_lat);
            if (d < best) { best = d; street.lon = number.lon; street.lat = number.lat; }
            const double dc = squared_distance(number.lon, number.lat, cmean_lon, cmean_lat, cos_lat);
            if (dc < commune_best[street.commune]) {
                commune_best[street.commune] = dc;
                communes_[street.commune].lon = number.lon;
                communes_[street.commune].lat = number.lat;
            }
        }
    }
    for (std::uint32_t id = 0; id < tokens_.size(); ++id) {
        const std::string& token = tokens_[id].text;
        if (token.size() < kMinTypoLength) continue;
        for (std::size_t i = 0; i < token.size(); ++i) {
            std::string variant = token;
            variant.erase(i, 1);
            auto& list = deletions_[variant];
            if (list.empty() || list.back() != id) list.push_back(id);
        }
    }
    find_nearby_communes();
    for (std::uint32_t id = 0; id < communes_.size(); ++id) {
        const std::string city = reference::CommuneResolver::city_of_arrondissement(communes_[id].insee);
        if (!city.empty()) arrondissements_[city].push_back(id);
    }
    commune_sums_.clear();
    commune_sums_.shrink_to_fit();
    commune_counts_.clear();
    commune_counts_.shrink_to_fit();
    last_routing_labels_.clear();
    last_routing_labels_.shrink_to_fit();
}

void AddressIndex::find_nearby_communes() {
    // Sweep along longitudes: only communes whose boxes start before this one's ends
    // (plus the distance) can be near it.
    std::vector<std::uint32_t> order(communes_.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return communes_[a].min_lon < communes_[b].min_lon;
    });
    constexpr double kDegreeLatMetres = 111'320;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const Commune& a = communes_[order[i]];
        const double cos_lat = std::max(0.1, std::cos(a.max_lat * M_PI / 180.0));
        const double margin_lon = kNearbyMetres / (kDegreeLatMetres * cos_lat);
        for (std::size_t j = i + 1; j < order.size() && communes_[order[j]].min_lon <= a.max_lon + margin_lon; ++j) {
            if (gap_metres(order[i], order[j]) > kNearbyMetres) continue;
            communes_[order[i]].nearby.push_back(order[j]);
            communes_[order[j]].nearby.push_back(order[i]);
        }
    }
    for (std::uint32_t id = 0; id < communes_.size(); ++id) {
        auto& nearby = communes_[id].nearby;
        std::stable_sort(nearby.begin(), nearby.end(), [&](std::uint32_t a, std::uint32_t b) {
            return centre_distance(id, a) < centre_distance(id, b);
        });
    }
}

double AddressIndex::gap_metres(std::uint32_t a, std::uint32_t b) const {
    const Commune& x = communes_[a];
    const Commune& y = communes_[b];
    const double gap_lon = std::max({0.0, x.min_lon - y.max_lon, y.min_lon - x.max_lon});
    const double gap_lat = std::max({0.0, x.min_lat - y.max_lat, y.min_lat - x.max_lat});
    const double cos_lat = std::cos((x.min_lat + x.max_lat) * M_PI / 360.0);
    return std::hypot(gap_lon * cos_lat, gap_lat) * 111'320;
}

double AddressIndex::centre_distance(std::uint32_t a, std::uint32_t b) const {
    const Commune& x = communes_[a];
    const Commune& y = communes_[b];
    const double cos_lat = std::cos((x.min_lat + x.max_lat) * M_PI / 360.0);
    return squared_distance((x.min_lon + x.max_lon) / 2, (x.min_lat + x.max_lat) / 2, (y.min_lon + y.max_lon) / 2,
                            (y.min_lat + y.max_lat) / 2, cos_lat);
}

AddressIndex::StreetQuery AddressIndex::prepare_street(std::vector<std::string> tokens) {
    StreetQuery query;
    query.tokens = std::move(tokens);
    query.tokens.erase(std::unique(query.tokens.begin(), query.tokens.end()), query.tokens.end());
    query.key = text::join_tokens(query.tokens);
    query.has_type = !query.tokens.empty() && text::is_street_type_word(query.tokens.front());
    if (!query.has_type) {
        query.name_key = query.key;
    } else if (query.tokens.size() > 1) {
        query.name_key = query.key.substr(query.tokens.front().size() + 1);
    }
    query.key_hash = KeyHasher{}(std::string_view(query.key));
    query.name_key_hash = query.has_type ? KeyHasher{}(std::string_view(query.name_key)) : query.key_hash;
    return query;
}

bool AddressIndex::find_named(const StreetQuery& query, std::span<const std::uint32_t> communes,
                              std::vector<std::uint32_t>& exact, std::vector<std::uint32_t>& same_name) const {
    const HashedKey key = query.hashed_key();
    const HashedKey name_key = query.hashed_name_key();
    bool by_whole_query = false;
    for (const auto commune : communes) {
        const Commune& entry = communes_[commune];
        std::uint32_t exact_id = std::numeric_limits<std::uint32_t>::max();
        if (const auto found = entry.street_by_key.find(key); found != entry.street_by_key.end()) {
            exact_id = found->second;
            exact.push_back(exact_id);
        }
        // With the street type given apart, the exact street is the answer.
        if (query.name_key.empty() || (query.type_apart && !exact.empty() && exact.back() == exact_id)) continue;
        const auto add_named = [&](const HashedKey& named) {
            const auto found = entry.streets_by_name.find(named);
            if (found == entry.streets_by_name.end()) return false;
            bool added = false;
            for (const auto street : found->second) {
                if (street == exact_id) continue;
                same_name.push_back(street);
                added = true;
            }
            return added;
        };
        // A first word that reads as a street type may belong to the name: "CHAUSSEE D'ANTIN"
        // is Rue de la Chaussée d'Antin before Cité d'Antin.
        if (query.has_type && query.name_key != query.key && add_named(key)) {
            by_whole_query = true;
            continue;
        }
        add_named(name_key);
    }
    return by_whole_query;
}

bool AddressIndex::serves(const Street& street, std::string_view postcode) const {
    const auto& postcodes = communes_[street.commune].postcodes;
    for (std::size_t i = 0; i < postcodes.size() && i < 32; ++i) {
        if ((street.postcodes >> i & 1U) && postcodes[i] == postcode) return true;
    }
    return false;
}

AddressIndex::NumberFit AddressIndex::fit(const Street& street, const text::HouseNumber& house) {
    if (!house.valid() || house.number >= kNoNumber) return NumberFit::none;
    const auto& numbers = street.numbers;
    const auto at = std::lower_bound(numbers.begin(), numbers.end(), house.number,
                                     [](const Number& entry, int n) { return entry.number < n; });
    if (at != numbers.end() && at->number == house.number) return NumberFit::found;
    // Between two numbers of its side of the street; a street whose other side lies in
    // another commune has only odd or only even numbers here.
    const auto same_side = [&](const Number& entry) { return entry.number % 2 == house.number % 2; };
    bool before = false;
    for (auto it = at; it != numbers.begin() && !before;) before = same_side(*--it);
    bool after = false;
    for (auto it = at; it != numbers.end() && it->number < kNoNumber && !after; ++it) after = same_side(*it);
    return before && after ? NumberFit::in_range : NumberFit::outside;
}

int AddressIndex::commune_by_insee(std::string_view insee) const {
    const auto found = commune_ids_.find(insee);
    return found == commune_ids_.end() ? -1 : static_cast<int>(found->second);
}

std::span<const std::uint32_t> AddressIndex::arrondissements(std::string_view city_insee) const {
    const auto found = arrondissements_.find(city_insee);
    if (found == arrondissements_.end()) return {};
    return found->second;
}

std::span<const std::uint32_t> AddressIndex::communes_by_postcode(std::string_view postcode) const {
    const auto found = by_postcode_.find(postcode);
    if (found == by_postcode_.end()) return {};
    return found->second;
}

std::span<const std::uint32_t> AddressIndex::communes_by_name(std::string_view folded_name) const {
    const auto found = by_name_.find(folded_name);
    if (found == by_name_.end()) return {};
    return found->second;
}

void AddressIndex::similar_tokens(const std::string& token,
                                  std::vector<std::pair<std::uint32_t, float>>& out) const {
    out.clear();
    const auto add = [&](std::uint32_t id, float similarity) {
        for (auto& entry : out) {
            if (entry.first == id) { entry.second = std::max(entry.second, similarity); return; }
        }
        out.emplace_back(id, similarity);
    };
    if (const auto exact = token_ids_.find(token); exact != token_ids_.end()) add(exact->second, 1.0f);
    if (token.size() < kMinTypoLength) return;
    // Indexed tokens with one letter more than the query.
    if (const auto found = deletions_.find(token); found != deletions_.end()) {
        for (const auto id : found->second) add(id, kTypoSimilarity);
    }
    std::string variant;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (i > 0 && token[i] == token[i - 1]) continue;  // same variant as the previous deletion
        variant = token;
        variant.erase(i, 1);
        // Indexed tokens with one letter less than the query.
        if (variant.size() >= kMinTypoLength) {
            if (const auto exact = token_ids_.find(variant); exact != token_ids_.end()) add(exact->second, kTypoSimilarity);
        }
        // Same length: one letter replaced, or two neighbours swapped.
        if (const auto found = deletions_.find(variant); found != deletions_.end()) {
            for (const auto id : found->second) {
                if (tokens_[id].text.size() == token.size() && within_one_edit(tokens_[id].text, token)) {
                    add(id, kTypoSimilarity);
                }
            }
        }
    }
}

std::vector<AddressIndex::StreetMatch> AddressIndex::match_street(
    const std::vector<std::string>& raw_tokens, std::span<const std::uint32_t> communes, std::size_t limit) const {
    std::vector<StreetMatch> result;
    if (raw_tokens.empty() || limit == 0) return result;
    std::vector<std::string> tokens;
    for (const auto& token : raw_tokens) {
        if (tokens.empty() || tokens.back() != token) tokens.push_back(token);
    }
    // Same normalised name: nothing to score.
    const std::string joined = text::join_tokens(tokens);
    const HashedKey key{joined, KeyHasher{}(std::string_view(joined))};
    for (const auto commune : communes) {
        const auto& by_key = communes_[commune].street_by_key;
        if (const auto found = by_key.find(key); found != by_key.end()) result.push_back({found->second, 1.0});
    }
    if (!result.empty()) {
        if (result.size() > limit) result.resize(limit);
        return result;
    }

    const auto allowed = [&](std::uint32_t street) {
        if (communes.empty()) return true;
        return std::find(communes.begin(), communes.end(), streets_[street].commune) != communes.end();
    };
    std::vector<std::vector<std::pair<std::uint32_t, float>>> similar(tokens.size());
    std::vector<float> weights(tokens.size());
    float query_weight = 0;
    std::vector<std::uint32_t> candidates;
    bool any_name_word = false;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        similar_tokens(tokens[i], similar[i]);
        weights[i] = text::is_street_type_word(tokens[i]) ? kTypeWordWeight : 1.0f;
        query_weight += weights[i];
        if (weights[i] < 1.0f) continue;  // "rue" alone would select half the index
        any_name_word = true;
        for (const auto& [id, similarity] : similar[i]) {
            for (const auto street : tokens_[id].streets) {
                if (allowed(street)) candidates.push_back(street);
            }
        }
    }
    if (!any_name_word) {
        for (const auto commune : communes) {
            for (const auto& [name, street] : communes_[commune].street_by_key) candidates.push_back(street);
        }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

    for (const auto street_id : candidates) {
        const Street& street = streets_[street_id];
        std::uint64_t used = 0;
        float matched = 0;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            float best = 0;
            std::size_t best_j = 0;
            for (std::size_t j = 0; j < street.tokens.size() && j < 64; ++j) {
                if (used & (1ULL << j)) continue;
                for (const auto& [id, similarity] : similar[i]) {
                    if (id == street.tokens[j] && similarity > best) { best = similarity; best_j = j; }
                }
            }
            if (best > 0) {
                used |= 1ULL << best_j;
                matched += best * std::min(weights[i], tokens_[street.tokens[best_j]].weight);
            }
        }
        const double score = 2.0 * matched / (query_weight + street.weight);
        if (score > 0) result.push_back({street_id, std::min(score, 1.0)});
    }
    const std::size_t keep = std::min(limit, result.size());
    std::partial_sort(result.begin(), result.begin() + keep, result.end(), [](const StreetMatch& a, const StreetMatch& b) {
        return a.score != b.score ? a.score > b.score : a.street < b.street;
    });
    result.resize(keep);
    return result;
}

AddressIndex::Location AddressIndex::locate(const Street& street, const text::HouseNumber& house) const {
    Location location;
    location.precision = Precision::street;
    location.lon = street.lon;
    location.lat = street.lat;
    location.factor = 0.6;
    if (!house.valid() || house.number >= kNoNumber) return location;
    const auto& numbers = street.numbers;
    const auto lower = std::lower_bound(numbers.begin(), numbers.end(), house.number,
                                        [](const Number& entry, int n) { return entry.number < n; });
    auto upper = lower;
    while (upper != numbers.end() && upper->number == house.number) ++upper;
    const auto label = [](int number, const std::string& repetition) {
        std::string text = std::to_string(number);
        if (repetition == "b") text += " bis";
        else if (repetition == "t") text += " ter";
        else if (repetition == "q") text += " quater";
        else if (!repetition.empty()) text += " " + repetition;
        return text;
    };
    if (lower != upper) {
        // Exact number: the same repetition index if present, else the plain number.
        const Number* chosen = &*lower;
        double factor = lower->repetition == house.repetition ? 1.0 : 0.95;
        for (auto it = lower; it != upper; ++it) {
            if (it->repetition == house.repetition) { chosen = &*it; factor = 1.0; break; }
        }
        location = {Precision::housenumber, chosen->lon, chosen->lat, factor, label(chosen->number, chosen->repetition)};
        return location;
    }
    // Interpolate between the nearest numbers on each side: same parity first (same
    // side of the street), then any parity.
    for (const bool same_parity : {true, false}) {
        const Number* before = nullptr;
        const Number* after = nullptr;
        for (auto it = lower; it != numbers.begin();) {
            --it;
            if (!same_parity || (it->number % 2) == (house.number % 2)) { before = &*it; break; }
        }
        for (auto it = upper; it != numbers.end() && it->number < kNoNumber; ++it) {
            if (!same_parity || (it->number % 2) == (house.number % 2)) { after = &*it; break; }
        }
        if (before && after) {
            const double t = static_cast<double>(house.number - before->number) / (after->number - before->number);
            const int gap = after->number - before->number;
            location = {Precision::interpolated, before->lon + t * (after->lon - before->lon),
                        before->lat + t * (after->lat - before->lat), gap <= 20 ? 0.9 : 0.8,
                        label(house.number, house.repetition)};
            if (!same_parity) location.factor = 0.7;
            return location;
        }
        // Past the last (or before the first) number of its side: extrapolate along the
        // last two numbers of that side, at most one spacing further.
        const Number* only = before ? before : after;
        if (same_parity && only && std::abs(only->number - house.number) <= 10) {
            const Number* second = nullptr;
            if (before) {
                for (auto it = numbers.begin() + (before - numbers.data()); it != numbers.begin();) {
                    --it;
                    if (it->number % 2 == house.number % 2 && it->number < before->number) { second = &*it; break; }
                }
            } else {
                for (auto it = numbers.begin() + (after - numbers.data()) + 1; it != numbers.end() && it->number < kNoNumber; ++it) {
                    if (it->number % 2 == house.number % 2 && it->number > after->number) { second = &*it; break; }
                }
            }
            double lon = only->lon, lat = only->lat;
            if (second) {
                const double t = std::min(1.0, std::abs(static_cast<double>(house.number - only->number) /
                                                        (only->number - second->number)));
                lon += t * (only->lon - second->lon);
                lat += t * (only->lat - second->lat);
            }
            location = {Precision::interpolated, lon, lat, 0.75, label(house.number, house.repetition)};
            return location;
        }
        if (!same_parity && only && std::abs(only->number - house.number) <= 2) {
            location = {Precision::interpolated, only->lon, only->lat, 0.65, label(house.number, house.repetition)};
            return location;
        }
    }
    return location;
}

}  // namespace annuaire::geo
