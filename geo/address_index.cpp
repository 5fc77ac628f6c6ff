#include "address_index.hpp"

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
        commune_counts_.push_back(0);
        add_unique(by_name_[text::fold(row.commune_name)], commune_id);
        if (!row.routing_label.empty()) add_unique(by_name_[text::fold(row.routing_label)], commune_id);
    }
    Commune& commune = communes_[commune_id];
    if (!row.postcode.empty() &&
        std::find(commune.postcodes.begin(), commune.postcodes.end(), row.postcode) == commune.postcodes.end()) {
        commune.postcodes.push_back(row.postcode);
        add_unique(by_postcode_[row.postcode], commune_id);
        if (!row.routing_label.empty()) add_unique(by_name_[text::fold(row.routing_label)], commune_id);
    }
    if (!row.old_insee.empty() && row.old_insee != row.insee) {
        if (commune_ids_.emplace(row.old_insee, commune_id).second && !row.old_commune_name.empty()) {
            add_unique(by_name_[text::fold(row.old_commune_name)], commune_id);
        }
    }

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
        const auto tokens = text::street_tokens(row.street_name);
        for (const auto& token : tokens) {
            const std::uint32_t id = token_id(token);
            street.tokens.push_back(id);
            street.weight += tokens_[id].weight;
            auto& list = tokens_[id].streets;
            if (list.empty() || list.back() != street_id) list.push_back(street_id);
        }
        commune.street_by_key.emplace(text::join_tokens(tokens), street_id);
        streets_.push_back(std::move(street));
    }
    streets_[street_id].numbers.push_back({row.number, row.repetition, row.lon, row.lat});
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
    commune_sums_.clear();
    commune_sums_.shrink_to_fit();
    commune_counts_.clear();
    commune_counts_.shrink_to_fit();
}

int AddressIndex::commune_by_insee(std::string_view insee) const {
    const auto found = commune_ids_.find(std::string(insee));
    return found == commune_ids_.end() ? -1 : static_cast<int>(found->second);
}

std::span<const std::uint32_t> AddressIndex::communes_by_postcode(std::string_view postcode) const {
    const auto found = by_postcode_.find(std::string(postcode));
    if (found == by_postcode_.end()) return {};
    return found->second;
}

std::span<const std::uint32_t> AddressIndex::communes_by_name(std::string_view folded_name) const {
    const auto found = by_name_.find(std::string(folded_name));
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
    const std::string key = text::join_tokens(tokens);
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
