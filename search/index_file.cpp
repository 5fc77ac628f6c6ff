#include "search/index_file.hpp"

#include "search/practice_index.hpp"
#include "util/binary_file.hpp"

#include <bit>

namespace annuaire::search {

namespace {

// What the file is, its format, and the layout of the structures it stores as they are in
// memory: a file of another build whose structures differ is refused, not misread.
std::string magic() {
    return "annuaire search index 2; cell " + std::to_string(sizeof(PracticeIndex::CellSummary)) + "; counts " +
           std::to_string(sizeof(DeclaredCounts)) + "; block " + std::to_string(DeclaredColumns::kBlock) +
           (std::endian::native == std::endian::little ? "; le" : "; be");
}

void save_labels(util::BinaryWriter& out, const std::map<std::string, std::string>& labels) {
    std::vector<std::string> keys, values;
    for (const auto& [key, value] : labels) {
        keys.push_back(key);
        values.push_back(value);
    }
    out.strings(keys);
    out.strings(values);
}

std::map<std::string, std::string> load_labels(util::BinaryReader& in) {
    const auto keys = in.strings();
    const auto values = in.strings();
    if (keys.size() != values.size()) in.fail("labels without codes");
    std::map<std::string, std::string> labels;
    for (std::size_t i = 0; i < keys.size(); ++i) labels.emplace_hint(labels.end(), keys[i], values[i]);
    return labels;
}

}  // namespace

// Friend of the index's classes: their members, one after another, in declaration order.
struct IndexFile {
    static void save(util::BinaryWriter& out, const Dictionary& d) {
        out.strings(d.codes);
        out.strings(d.labels);
        out.vector(d.code_rank);
    }
    static void load(util::BinaryReader& in, Dictionary& d) {
        d.codes = in.strings();
        d.labels = in.strings();
        d.code_rank = in.vector<std::uint32_t>(d.codes.size());
        if (d.labels.size() != d.codes.size()) in.fail("a dictionary without its labels");
        for (std::size_t i = 0; i < d.codes.size(); ++i) d.index.emplace(d.codes[i], static_cast<std::uint16_t>(i));
    }

    static void save(util::BinaryWriter& out, const TermIndex& t) {
        out.strings(t.terms_);
        out.vector(t.posting_offset_);
        out.vector(t.postings_);
        out.vector(t.term_offset_);
        out.vector(t.id_terms_);
    }
    static void load(util::BinaryReader& in, TermIndex& t) {
        t.terms_ = in.strings();
        t.posting_offset_ = in.vector<std::uint32_t>(t.terms_.size() + 1);
        t.postings_ = in.vector<std::uint32_t>(t.posting_offset_.back());
        t.term_offset_ = in.vector<std::uint32_t>();
        if (t.term_offset_.empty()) in.fail("a term table without offsets");
        t.id_terms_ = in.vector<std::uint32_t>(t.term_offset_.back());
    }

    static void save(util::BinaryWriter& out, const Grouping& g) {
        out.vector(g.offset);
        out.vector(g.ids);
    }
    static void load(util::BinaryReader& in, Grouping& g) {
        g.offset = in.vector<std::uint32_t>();
        if (g.offset.empty()) in.fail("a grouping without offsets");
        g.ids = in.vector<std::uint32_t>(g.offset.back());
    }

    static void save(util::BinaryWriter& out, const TextIndex& t) {
        for (const auto* terms : {&t.names, &t.professions, &t.specialties, &t.sites, &t.communes}) save(out, *terms);
        out.vector(t.site_of);
        for (const auto* grouping : {&t.positions_by_site, &t.positions_by_profession, &t.positions_by_specialty}) {
            save(out, *grouping);
        }
        out.strings(t.vocabulary.terms_);
    }
    static void load(util::BinaryReader& in, TextIndex& t) {
        for (auto* terms : {&t.names, &t.professions, &t.specialties, &t.sites, &t.communes}) load(in, *terms);
        t.site_of = in.vector<std::uint32_t>();
        for (auto* grouping : {&t.positions_by_site, &t.positions_by_profession, &t.positions_by_specialty}) {
            load(in, *grouping);
        }
        t.vocabulary = Vocabulary(in.strings());
    }

    static void save(util::BinaryWriter& out, const TextRecords& r) {
        out.string(r.bytes_);
        out.vector(r.start_);
    }
    static void load(util::BinaryReader& in, TextRecords& r) {
        r.bytes_ = in.string();
        r.start_ = in.vector<std::uint32_t>();
        for (const auto start : r.start_) {
            if (start != TextRecords::kMissing && start >= r.bytes_.size()) in.fail("a record beyond its text");
        }
    }

    static void save(util::BinaryWriter& out, const ItemTable& items) {
        save(out, items.practitioners_);
        save(out, items.sites_);
        std::vector<std::uint32_t> positions;
        std::vector<std::uint8_t> fields;
        std::vector<std::string> values;
        for (const auto& [pos, corrections] : items.corrections_) {
            for (const auto& correction : corrections) {
                positions.push_back(pos);
                fields.push_back(static_cast<std::uint8_t>(correction.field));
                values.push_back(correction.value);
            }
        }
        out.vector(positions);
        out.vector(fields);
        out.strings(values);
        out.strings(items.profession_label_);
    }
    static void load(util::BinaryReader& in, ItemTable& items) {
        load(in, items.practitioners_);
        load(in, items.sites_);
        const auto positions = in.vector<std::uint32_t>();
        const auto fields = in.vector<std::uint8_t>(positions.size());
        const auto values = in.strings();
        if (values.size() != positions.size()) in.fail("corrections without values");
        for (std::size_t i = 0; i < positions.size(); ++i) {
            if (fields[i] > static_cast<std::uint8_t>(ItemTable::Field::site_name)) in.fail("an unknown corrected field");
            items.corrections_[positions[i]].push_back({static_cast<ItemTable::Field>(fields[i]), values[i]});
        }
        items.profession_label_ = in.strings();
    }

    static void save(util::BinaryWriter& out, const DeclaredColumns& d) {
        out.value<std::uint64_t>(d.size_);
        out.value<std::uint64_t>(d.blocks_.size());
        for (const auto& block : d.blocks_) {
            out.value(block->owner);
            out.value(block->publics);
            out.value(block->acts);
            out.vector(block->hours_offset);
            out.vector(block->hours);
        }
        out.vector(d.by_profession_);
    }
    static std::shared_ptr<const DeclaredColumns> load_declared(util::BinaryReader& in) {
        auto d = std::make_shared<DeclaredColumns>();
        d->size_ = in.value<std::uint64_t>();
        const auto blocks = in.value<std::uint64_t>();
        if (blocks != (d->size_ + DeclaredColumns::kBlock - 1) / DeclaredColumns::kBlock) in.fail("declared columns cut short");
        d->blocks_.reserve(blocks);
        for (std::uint64_t i = 0; i < blocks; ++i) {
            auto block = std::make_shared<DeclaredColumns::Block>();
            block->owner = in.value<decltype(block->owner)>();
            block->publics = in.value<decltype(block->publics)>();
            block->acts = in.value<decltype(block->acts)>();
            block->hours_offset = in.vector<std::uint32_t>(DeclaredColumns::kBlock + 1);
            block->hours = in.vector<std::uint16_t>(block->hours_offset.back());
            d->blocks_.push_back(std::move(block));
        }
        d->by_profession_ = in.vector<DeclaredCounts>();
        return d;
    }

    static void save(util::BinaryWriter& out, const PracticeIndex& ix) {
        out.string(ix.version);
        out.string(ix.data_version);
        out.value(ix.owner_changes_seen);
        out.vector(ix.practice_id);
        out.vector(ix.practitioner_id);
        out.vector(ix.site_id);
        out.vector(ix.lat);
        out.vector(ix.lon);
        out.vector(ix.mx);
        out.vector(ix.my);
        out.vector(ix.profession);
        out.vector(ix.commune);
        out.vector(ix.rpps_flags);
        out.vector(ix.name_rank);
        out.vector(ix.specialty_offset);
        out.vector(ix.specialty);
        out.vector(ix.cell_key);
        out.strings(ix.specialty_item_label);
        for (const auto* dictionary : {&ix.professions, &ix.specialties, &ix.communes}) save(out, *dictionary);
        for (const auto* labels : {&ix.profession_labels, &ix.specialty_labels, &ix.commune_labels, &ix.territory_labels}) {
            save_labels(out, *labels);
        }
        out.value<std::uint64_t>(ix.territory_communes.size());
        for (const auto& [territory, communes] : ix.territory_communes) {
            out.string(territory);
            out.vector(communes);
        }
        out.value<std::uint64_t>(ix.territory_commune_codes.size());
        for (const auto& [territory, codes] : ix.territory_commune_codes) {
            out.string(territory);
            out.strings(codes);
        }
        save(out, ix.text);
        save(out, ix.items);
        save(out, *ix.declared);
        out.vector(ix.position_);
        for (const auto& level : ix.cell_levels_) out.vector(level);
        out.value<std::uint64_t>(ix.located_);
    }

    static std::shared_ptr<const PracticeIndex> load(util::BinaryReader& in) {
        auto index = std::make_shared<PracticeIndex>();
        auto& ix = *index;
        ix.version = in.string();
        ix.data_version = in.string();
        ix.owner_changes_seen = in.value<std::int64_t>();
        ix.practice_id = in.vector<std::uint32_t>();
        const auto n = ix.practice_id.size();
        ix.practitioner_id = in.vector<std::array<char, 12>>(n);
        ix.site_id = in.vector<std::uint32_t>(n);
        ix.lat = in.vector<double>(n);
        ix.lon = in.vector<double>(n);
        ix.mx = in.vector<std::uint32_t>(n);
        ix.my = in.vector<std::uint32_t>(n);
        ix.profession = in.vector<std::uint16_t>(n);
        ix.commune = in.vector<std::uint16_t>(n);
        ix.rpps_flags = in.vector<std::uint8_t>(n);
        ix.name_rank = in.vector<std::uint32_t>(n);
        ix.specialty_offset = in.vector<std::uint32_t>(n + 1);
        ix.specialty = in.vector<std::uint16_t>(ix.specialty_offset.back());
        ix.cell_key = in.vector<std::uint64_t>();
        ix.specialty_item_label = in.strings();
        for (auto* dictionary : {&ix.professions, &ix.specialties, &ix.communes}) load(in, *dictionary);
        for (auto* labels : {&ix.profession_labels, &ix.specialty_labels, &ix.commune_labels, &ix.territory_labels}) {
            *labels = load_labels(in);
        }
        for (auto count = in.value<std::uint64_t>(); count > 0; --count) {
            auto territory = in.string();
            ix.territory_communes[std::move(territory)] = in.vector<std::uint16_t>();
        }
        for (auto count = in.value<std::uint64_t>(); count > 0; --count) {
            auto territory = in.string();
            ix.territory_commune_codes[std::move(territory)] = in.strings();
        }
        load(in, ix.text);
        load(in, ix.items);
        ix.declared = load_declared(in);
        ix.position_ = in.vector<std::int32_t>();
        for (auto& level : ix.cell_levels_) level = in.vector<PracticeIndex::CellSummary>();
        ix.located_ = in.value<std::uint64_t>();
        check(in, ix);
        return index;
    }

    // What the queries take for granted, checked once rather than trusted: every position,
    // dictionary number and offset within its table.
    static void check(const util::BinaryReader& in, const PracticeIndex& ix) {
        const auto n = ix.size();
        if (ix.located_ != ix.cell_key.size() || ix.located_ > n) in.fail("located practices miscounted");
        if (ix.declared->size() != n) in.fail("declared columns of another index");
        if (ix.text.site_of.size() != n) in.fail("sites of another index");
        const auto below = [&](const auto& values, std::size_t limit, const char* what) {
            for (const auto value : values) {
                if (static_cast<std::size_t>(value) >= limit) in.fail(std::string(what) + " out of range");
            }
        };
        below(ix.profession, ix.professions.codes.size(), "a profession");
        below(ix.commune, ix.communes.codes.size(), "a commune");
        below(ix.specialty, ix.specialties.codes.size(), "a specialty");
        below(ix.specialty_offset, ix.specialty.size() + 1, "a specialty offset");
        if (ix.specialty_item_label.size() != ix.specialties.codes.size()) in.fail("specialty labels of another index");
        for (const auto position : ix.position_) {
            if (position >= static_cast<std::int64_t>(n)) in.fail("a practice position out of range");
        }
        for (const auto& level : ix.cell_levels_) {
            for (const auto& cell : level) {
                if (cell.first >= ix.located_) in.fail("a map cell out of range");
            }
        }
        const auto& t = ix.text;
        const auto sites = t.positions_by_site.offset.size() - 1;
        const auto complete = [&](const TextRecords& records, std::size_t count) {
            if (records.start_.size() < count) in.fail("items of another index");
            for (std::size_t i = 0; i < count; ++i) {
                if (records.start_[i] == TextRecords::kMissing) in.fail("an item without its record");
            }
        };
        complete(ix.items.practitioners_, n);
        complete(ix.items.sites_, sites);
        below(t.names.postings_, n, "a name posting");
        below(t.professions.postings_, ix.professions.codes.size(), "a profession posting");
        below(t.specialties.postings_, ix.specialties.codes.size(), "a specialty posting");
        below(t.site_of, sites, "a site number");
        below(t.sites.postings_, sites, "a site posting");
        below(t.communes.postings_, sites, "a commune posting");
        below(t.positions_by_site.ids, n, "a site's practice");
        below(t.positions_by_profession.ids, n, "a profession's practice");
        below(t.positions_by_specialty.ids, n, "a specialty's practice");
        for (const auto& [territory, communes] : ix.territory_communes) below(communes, ix.communes.codes.size(), "a territory's commune");
        for (const auto* terms : {&t.names, &t.professions, &t.specialties, &t.sites, &t.communes}) {
            below(terms->id_terms_, terms->terms_.size(), "a term number");
            below(terms->posting_offset_, terms->postings_.size() + 1, "a posting offset");
            below(terms->term_offset_, terms->id_terms_.size() + 1, "a term offset");
        }
        for (const auto* grouping : {&t.positions_by_site, &t.positions_by_profession, &t.positions_by_specialty}) {
            below(grouping->offset, grouping->ids.size() + 1, "a grouping offset");
        }
    }
};

void save_index(const PracticeIndex& index, const nlohmann::json& health_counts, const std::string& path) {
    util::BinaryWriter out(path, magic());
    out.value(PracticeIndex::kBuildRules);
    IndexFile::save(out, index);
    out.string(health_counts.dump());
    out.commit();
}

SavedIndex load_index(const std::string& path) {
    util::BinaryReader in(path, magic());
    SavedIndex saved;
    saved.current_rules = in.value<std::uint32_t>() == PracticeIndex::kBuildRules;
    saved.index = IndexFile::load(in);
    const auto counts = in.string();
    saved.health_counts = nlohmann::json::parse(counts, nullptr, false);
    if (saved.health_counts.is_discarded()) in.fail("its counts are not JSON");
    in.finish();
    return saved;
}

}  // namespace annuaire::search
