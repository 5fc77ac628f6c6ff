#include "search/practice_index.hpp"

#include "owner/owner_fields.hpp"
#include "search/query_words.hpp"
#include "store/search_store.hpp"
#include "text/normalize.hpp"
#include "util/hash.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

namespace annuaire::search {

std::uint16_t Dictionary::intern(const std::string& code) {
    const auto [it, added] = index.try_emplace(code, static_cast<std::uint16_t>(codes.size()));
    if (added) {
        if (codes.size() >= 65535) throw std::runtime_error("too many distinct codes for the search index");
        codes.push_back(code);
    }
    return it->second;
}

int Dictionary::find(const std::string& code) const {
    const auto it = index.find(code);
    return it == index.end() ? -1 : it->second;
}

void Dictionary::label_with(const std::map<std::string, std::string>& code_labels) {
    labels.clear();
    for (const auto& code : codes) {
        const auto found = code_labels.find(code);
        labels.push_back(found == code_labels.end() ? code : found->second);
    }
    std::vector<std::uint32_t> by_code(codes.size());
    std::iota(by_code.begin(), by_code.end(), 0u);
    std::sort(by_code.begin(), by_code.end(), [&](auto a, auto b) { return codes[a] < codes[b]; });
    code_rank.assign(codes.size(), 0);
    for (std::uint32_t rank = 0; rank < by_code.size(); ++rank) code_rank[by_code[rank]] = rank;
}

namespace {

// Rows as read, before they are put in spatial order.
struct Row {
    std::uint32_t practice_id;
    std::uint32_t site_id;
    std::array<char, 12> practitioner_id;
    double lat, lon;
    std::uint16_t profession, commune;
    std::uint32_t owner;
    std::uint8_t civility;
    std::string sort_name;
};

// Civility bits (query_words.hpp) of the RPPS civility and exercise civility codes.
std::uint8_t civility_bits(const std::string& civility, const std::string& exercise) {
    std::uint8_t bits = 0;
    if (civility == "M") bits |= kCivilityMan;
    if (civility == "MME" || civility == "MLLE") bits |= kCivilityWoman;
    if (exercise == "DR") bits |= kTitleDoctor;
    if (exercise == "PR") bits |= kTitleProfessor;
    return bits;
}

template <typename T>
std::vector<T> permuted(const std::vector<T>& values, const std::vector<std::uint32_t>& order) {
    std::vector<T> out(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) out[i] = values[order[i]];
    return out;
}

}  // namespace

std::shared_ptr<const PracticeIndex> PracticeIndex::build(store::Database& db) {
    auto index = std::make_shared<PracticeIndex>();
    auto& ix = *index;
    // One read transaction, so that every table is seen at the same commit.
    const store::ReadTransaction snapshot(db);

    ix.data_version = store::meta_fingerprint(db);
    const auto labels = store::load_reference_labels(db);
    ix.profession_labels = labels.professions;
    ix.specialty_labels = labels.specialties;
    ix.commune_labels = labels.communes;
    ix.territory_labels = labels.territories;

    std::vector<Row> rows;
    std::vector<std::int64_t> ids;
    store::for_each_indexed_practice(db, [&](const store::IndexedPractice& p) {
        if (p.practice_id <= 0 || p.practice_id > std::numeric_limits<std::int32_t>::max()) return;
        Row row{};
        row.practice_id = static_cast<std::uint32_t>(p.practice_id);
        row.site_id = static_cast<std::uint32_t>(p.site_id);
        row.lat = p.lat && p.lon ? *p.lat : std::nan("");
        row.lon = p.lat && p.lon ? *p.lon : std::nan("");
        row.profession = ix.professions.intern(p.profession_code);
        row.commune = ix.communes.intern(p.insee);
        DeclaredColumns::Row declared;
        declared.set_owner(p.booleans, p.conventionnement);
        row.owner = declared.owner;
        row.civility = civility_bits(p.civility_code, p.exercise_civility_code);
        row.sort_name = text::fold(p.sort_name);
        ix.items.set_practitioner(rows.size(), p);
        rows.push_back(std::move(row));
        ids.push_back(p.practice_id);
    });
    // practitioner ids come in a second light query: kept apart to keep Row small while sorting names.
    {
        std::unordered_map<std::uint32_t, std::size_t> where;
        where.reserve(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) where[rows[i].practice_id] = i;
        store::for_each_practice_practitioner_id(db, [&](std::int64_t practice_id, const std::string& id) {
            const auto found = where.find(static_cast<std::uint32_t>(practice_id));
            if (found == where.end()) return;
            auto& out = rows[found->second].practitioner_id;
            std::memcpy(out.data(), id.data(), std::min<std::size_t>(id.size(), out.size() - 1));
        });
    }

    // Name ranks.
    const std::size_t n = rows.size();
    std::vector<std::uint32_t> by_name(n);
    std::iota(by_name.begin(), by_name.end(), 0u);
    std::sort(by_name.begin(), by_name.end(), [&](std::uint32_t a, std::uint32_t b) {
        return rows[a].sort_name != rows[b].sort_name ? rows[a].sort_name < rows[b].sort_name
                                                      : rows[a].practice_id < rows[b].practice_id;
    });
    std::vector<std::uint32_t> name_rank(n);
    for (std::size_t i = 0; i < n; ++i) name_rank[by_name[i]] = static_cast<std::uint32_t>(i);

    // Spatial order: located rows by zoom-14 cell, then the others.
    constexpr int shift = 32 - kCellZoom;
    std::vector<std::uint64_t> key(n, std::numeric_limits<std::uint64_t>::max());
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(rows[i].lat)) continue;
        key[i] = (static_cast<std::uint64_t>(mercator_y(rows[i].lat) >> shift) << 32) |
                 (mercator_x(rows[i].lon) >> shift);
    }
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return key[a] != key[b] ? key[a] < key[b] : rows[a].practice_id < rows[b].practice_id;
    });
    ix.items.order_practitioners(order);

    ix.practice_id.resize(n);
    ix.practitioner_id.resize(n);
    ix.site_id.resize(n);
    ix.lat.resize(n);
    ix.lon.resize(n);
    ix.mx.resize(n);
    ix.my.resize(n);
    ix.profession.resize(n);
    ix.commune.resize(n);
    ix.rpps_flags.resize(n);
    DeclaredColumns::Builder declared(n);
    ix.name_rank.resize(n);
    util::FieldHasher checksum;
    std::int64_t max_id = 0;
    for (std::size_t pos = 0; pos < n; ++pos) {
        const Row& row = rows[order[pos]];
        ix.practice_id[pos] = row.practice_id;
        ix.practitioner_id[pos] = row.practitioner_id;
        ix.site_id[pos] = row.site_id;
        ix.lat[pos] = row.lat;
        ix.lon[pos] = row.lon;
        const bool located = !std::isnan(row.lat);
        ix.mx[pos] = located ? mercator_x(row.lon) : 0;
        ix.my[pos] = located ? mercator_y(row.lat) : 0;
        if (located) {
            ix.cell_key.push_back(key[order[pos]]);
            ++ix.located_;
        }
        ix.profession[pos] = row.profession;
        ix.commune[pos] = row.commune;
        declared.row(pos).owner = row.owner;
        ix.rpps_flags[pos] = row.civility;
        ix.name_rank[pos] = name_rank[order[pos]];
        max_id = std::max<std::int64_t>(max_id, row.practice_id);
        checksum.add(std::to_string(row.practice_id) + ":" + std::to_string(row.owner) + ":" +
                     std::to_string(ix.mx[pos]) + ":" + std::to_string(ix.my[pos]));
    }
    ix.position_.assign(static_cast<std::size_t>(max_id) + 1, -1);
    for (std::size_t pos = 0; pos < n; ++pos) ix.position_[ix.practice_id[pos]] = static_cast<std::int32_t>(pos);

    // Multi-valued columns, as offsets into flat arrays.
    {
        std::vector<std::vector<std::uint16_t>> per(n);
        std::vector<std::string> extract_labels;
        store::for_each_practice_specialty(db, [&](std::int64_t practice, const std::string& code, const std::string& label) {
            const auto pos = ix.position_of(practice);
            if (pos < 0) return;
            const auto number = ix.specialties.intern(code);
            per[static_cast<std::size_t>(pos)].push_back(number);
            if (number >= extract_labels.size()) extract_labels.push_back(label);
        });
        // Items name a specialty by the reference label, else as the extract does.
        for (std::size_t number = 0; number < ix.specialties.codes.size(); ++number) {
            const auto reference = ix.specialty_labels.find(ix.specialties.codes[number]);
            ix.specialty_item_label.push_back(reference != ix.specialty_labels.end() ? reference->second : extract_labels[number]);
        }
        for (auto& codes : per) {
            std::sort(codes.begin(), codes.end(), [&](auto a, auto b) { return ix.specialties.codes[a] < ix.specialties.codes[b]; });
        }
        ix.specialty_offset.resize(n + 1);
        for (std::size_t pos = 0; pos < n; ++pos) {
            ix.specialty_offset[pos] = static_cast<std::uint32_t>(ix.specialty.size());
            ix.specialty.insert(ix.specialty.end(), per[pos].begin(), per[pos].end());
        }
        ix.specialty_offset[n] = static_cast<std::uint32_t>(ix.specialty.size());
    }
    store::for_each_practice_mode(db, [&](std::int64_t practice, const std::string& rpps_code) {
        const auto pos = ix.position_of(practice);
        if (pos < 0) return;
        for (std::size_t bit = 0; bit < owner::kExerciseModes.size(); ++bit) {
            if (owner::kExerciseModes[bit].rpps_code == rpps_code) ix.rpps_flags[static_cast<std::size_t>(pos)] |= 1u << bit;
        }
    });
    store::for_each_practice_public(db, [&](std::int64_t practice, const std::string& code) {
        if (const auto pos = ix.position_of(practice); pos >= 0) declared.row(static_cast<std::size_t>(pos)).add_public(code);
    });
    store::for_each_practice_act(db, [&](std::int64_t practice, const std::string& code) {
        if (const auto pos = ix.position_of(practice); pos >= 0) declared.row(static_cast<std::size_t>(pos)).add_act(code);
    });
    store::for_each_practice_hours(db, [&](std::int64_t practice, int weekday, int opens, int closes) {
        const auto pos = ix.position_of(practice);
        if (pos < 0) return;
        declared.row(static_cast<std::size_t>(pos)).add_hours(weekday, opens, closes);
        checksum.add(std::to_string(practice * 7 + weekday) + ":" + std::to_string(opens) + "-" + std::to_string(closes));
    });
    for (std::size_t pos = 0; pos < n; ++pos) {
        const auto& row = declared.row(pos);
        checksum.add(std::to_string(row.publics) + ":" + std::to_string(row.acts) + ":" + std::to_string(ix.rpps_flags[pos]));
    }
    ix.declared = declared.finish(ix.profession, ix.professions.codes.size());
    ix.owner_changes_seen = store::owner_change_sequence(db);
    ix.territory_commune_codes = labels.territory_communes;
    for (const auto& [territory, codes] : labels.territory_communes) {
        auto& list = ix.territory_communes[territory];
        for (const auto& code : codes) {
            const int found = ix.communes.find(code);
            if (found >= 0) list.push_back(static_cast<std::uint16_t>(found));
        }
    }
    {
        std::vector<std::string> folded_names(n);
        for (std::size_t pos = 0; pos < n; ++pos) folded_names[pos] = std::move(rows[order[pos]].sort_name);
        const auto number_of_site = ix.number_sites();
        ix.build_text_index(db, folded_names, number_of_site);
        ix.build_items(db, number_of_site);
    }
    ix.professions.label_with(ix.profession_labels);
    ix.specialties.label_with(ix.specialty_labels);
    ix.communes.label_with(ix.commune_labels);
    ix.build_cell_levels();

    util::FieldHasher version;
    version.add(ix.data_version).add(std::to_string(checksum.value()));
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(version.value()));
    ix.version = hex;
    return index;
}

std::unordered_map<std::uint32_t, std::uint32_t> PracticeIndex::number_sites() {
    std::unordered_map<std::uint32_t, std::uint32_t> number_of_site;
    number_of_site.reserve(size());
    text.site_of.resize(size());
    for (std::size_t pos = 0; pos < size(); ++pos) {
        const auto [it, added] = number_of_site.try_emplace(site_id[pos], static_cast<std::uint32_t>(number_of_site.size()));
        text.site_of[pos] = it->second;
    }
    return number_of_site;
}

void PracticeIndex::build_items(store::Database& db, const std::unordered_map<std::uint32_t, std::uint32_t>& number_of_site) {
    store::for_each_site_item(db, [&](const store::SiteItem& site) {
        const auto found = site.site_id >= 0 ? number_of_site.find(static_cast<std::uint32_t>(site.site_id)) : number_of_site.end();
        if (found != number_of_site.end()) items.set_site(found->second, site, commune_labels);
    });
    store::for_each_practice_correction(db, [&](std::int64_t practice, const std::string& entity, const std::string& field,
                                                const std::string& value) {
        const auto pos = position_of(practice);
        if (pos >= 0) items.add_correction(static_cast<std::uint32_t>(pos), entity, field, value);
    });
    items.set_profession_labels(professions.codes, profession_labels);
    items.finish(size(), number_of_site.size());
}

void PracticeIndex::build_text_index(store::Database& db, const std::vector<std::string>& folded_names,
                                     const std::unordered_map<std::uint32_t, std::uint32_t>& number_of_site) {
    auto& t = text;
    const std::size_t n = size();
    const auto add_words = [](TermIndex::Builder& builder, std::string_view folded, std::uint32_t id) {
        // fold() output is words joined by single spaces.
        while (!folded.empty()) {
            const auto end = folded.find(' ');
            builder.add(folded.substr(0, end), id);
            if (end == std::string_view::npos) break;
            folded.remove_prefix(end + 1);
        }
    };
    {
        TermIndex::Builder names;
        for (std::size_t pos = 0; pos < n; ++pos) add_words(names, folded_names[pos], static_cast<std::uint32_t>(pos));
        t.names = names.build(n);
    }
    // Profession and specialty columns: the label and the synonyms of the code.
    const auto synonyms = store::load_search_synonyms(db);
    // A specialty the reference tables do not label is found by its code and by the extract's
    // own label (as its items show it); a profession is not.
    const auto code_index = [&](const Dictionary& dictionary, const std::map<std::string, std::string>& labels,
                                const std::vector<std::string>* extract_labels) {
        TermIndex::Builder builder;
        for (std::uint32_t i = 0; i < dictionary.codes.size(); ++i) {
            const auto& code = dictionary.codes[i];
            const auto label = labels.find(code);
            std::string words = label != labels.end() ? label->second
                                : extract_labels   ? code + " " + (*extract_labels)[i]
                                                   : std::string();
            if (const auto extra = synonyms.find(code); extra != synonyms.end()) words += " " + extra->second;
            add_words(builder, text::fold(words), i);
        }
        return builder.build(dictionary.codes.size());
    };
    t.professions = code_index(professions, profession_labels, nullptr);
    t.specialties = code_index(specialties, specialty_labels, &specialty_item_label);

    {
        TermIndex::Builder site_words, commune_words;
        store::for_each_site_text(db, [&](std::int64_t id, const std::string& site, const std::string& commune) {
            const auto found = id >= 0 ? number_of_site.find(static_cast<std::uint32_t>(id)) : number_of_site.end();
            if (found == number_of_site.end()) return;
            add_words(site_words, text::fold(site), found->second);
            add_words(commune_words, text::fold(commune), found->second);
        });
        t.sites = site_words.build(number_of_site.size());
        t.communes = commune_words.build(number_of_site.size());
    }
    t.positions_by_site = Grouping::build(t.site_of, number_of_site.size());
    {
        std::vector<std::uint32_t> key(profession.begin(), profession.end());
        t.positions_by_profession = Grouping::build(key, professions.codes.size());
    }
    {
        // A practice with several specialties is listed under each.
        t.positions_by_specialty.offset.assign(specialties.codes.size() + 1, 0);
        for (const auto code : specialty) ++t.positions_by_specialty.offset[code + 1];
        for (std::size_t k = 0; k < specialties.codes.size(); ++k) {
            t.positions_by_specialty.offset[k + 1] += t.positions_by_specialty.offset[k];
        }
        t.positions_by_specialty.ids.resize(specialty.size());
        auto fill = t.positions_by_specialty.offset;
        for (std::uint32_t pos = 0; pos < n; ++pos) {
            for (auto i = specialty_offset[pos]; i < specialty_offset[pos + 1]; ++i) {
                t.positions_by_specialty.ids[fill[specialty[i]]++] = pos;
            }
        }
    }
    std::vector<std::string> all_terms;
    for (const auto* index : {&t.names, &t.professions, &t.specialties, &t.sites, &t.communes}) {
        all_terms.insert(all_terms.end(), index->terms().begin(), index->terms().end());
    }
    std::sort(all_terms.begin(), all_terms.end());
    all_terms.erase(std::unique(all_terms.begin(), all_terms.end()), all_terms.end());
    t.vocabulary = Vocabulary(std::move(all_terms));
}

void PracticeIndex::build_cell_levels() {
    // Finest level from the points, which are in zoom-14 cell order: same cells are adjacent.
    auto& finest = cell_levels_[kCellZoom];
    for (std::size_t pos = 0; pos < cell_key.size(); ++pos) {
        if (finest.empty() || finest.back().key != cell_key[pos]) {
            finest.push_back(CellSummary{cell_key[pos], 0, static_cast<std::uint32_t>(pos), 0, 0, true});
        }
        auto& cell = finest.back();
        cell.one_place = cell.one_place && same_place(cell.first, pos);
        ++cell.count;
        cell.lat_sum += lat[pos];
        cell.lon_sum += lon[pos];
    }
    // Each coarser level from the one below: a cell is the sum of its four children.
    for (int level = kCellZoom - 1; level >= 0; --level) {
        std::vector<CellSummary> parents;
        parents.reserve(cell_levels_[static_cast<std::size_t>(level + 1)].size());
        for (auto child : cell_levels_[static_cast<std::size_t>(level + 1)]) {
            child.key = ((child.key >> 33) << 32) | ((child.key & 0xffffffffu) >> 1);
            parents.push_back(child);
        }
        std::stable_sort(parents.begin(), parents.end(),
                         [](const CellSummary& a, const CellSummary& b) { return a.key < b.key; });
        auto& out = cell_levels_[static_cast<std::size_t>(level)];
        for (const auto& part : parents) {
            if (out.empty() || out.back().key != part.key) {
                out.push_back(part);
                continue;
            }
            auto& cell = out.back();
            cell.one_place = cell.one_place && part.one_place && same_place(cell.first, part.first);
            cell.count += part.count;
            cell.first = std::min(cell.first, part.first);
            cell.lat_sum += part.lat_sum;
            cell.lon_sum += part.lon_sum;
        }
        out.shrink_to_fit();
    }
}

}  // namespace annuaire::search
