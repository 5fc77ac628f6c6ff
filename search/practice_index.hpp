// The in-memory search index: every public practice as a row of compact
// columns, located rows ordered by their Web-Mercator cell at zoom 14 so that a
// bounding box is a few contiguous ranges. Built from the store in one pass,
// immutable afterwards, shared by all server threads; a new one replaces it
// when the directory changes (an import, geocoding, a pin, an accepted correction).
// What owners declare is in DeclaredColumns, which owner edits replace without a rebuild.
#pragma once

#include "search/declared_columns.hpp"
#include "search/vocabulary.hpp"
#include "search/geodesy.hpp"
#include "search/practice_items.hpp"
#include "search/text_index.hpp"
#include "store/database.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace annuaire::search {

struct Dictionary {
    std::vector<std::string> codes;
    std::vector<std::string> labels;            // by number, filled by label_with(): the code when unlabelled
    std::vector<std::uint32_t> code_rank;       // by number, filled by label_with(): rank in code order
    std::unordered_map<std::string, std::uint16_t> index;
    std::uint16_t intern(const std::string& code);
    int find(const std::string& code) const;
    // Looks every code up once, so that facets need no map lookup per answer.
    void label_with(const std::map<std::string, std::string>& code_labels);
};

class PracticeIndex {
public:
    static constexpr int kCellZoom = 14;
    // What build() makes of the same rows: raised with every change to it (words indexed,
    // ranks, labels...), so that an index file saved by an older build is replaced (index_file.hpp).
    static constexpr std::uint32_t kBuildRules = 2;

    static std::shared_ptr<const PracticeIndex> build(store::Database& db);

    std::size_t size() const { return practice_id.size(); }
    std::size_t located() const { return located_; }
    // Position of a practice id, or -1.
    std::int32_t position_of(std::int64_t practice) const {
        return practice >= 0 && static_cast<std::size_t>(practice) < position_.size()
                   ? position_[static_cast<std::size_t>(practice)] : -1;
    }
    // Calls fn(first, last) for the ranges of located positions whose zoom-14 cell meets the box.
    template <typename Fn>
    void for_each_range(double west, double south, double east, double north, Fn&& fn) const;

    // Every located practice counted in the cells of one grid level (Web-Mercator tiles of
    // that zoom), for clusters without filters: a view is a few ranges of cells, not a walk
    // over every point. Levels 0..kCellZoom.
    struct CellSummary {
        std::uint64_t key;          // (y << 32) | x at the level
        std::uint32_t count;
        std::uint32_t first;        // a position in the cell (the only one when count == 1)
        double lat_sum, lon_sum;
        bool one_place;             // every practice of the cell at the same position
    };
    const std::vector<CellSummary>& cells_at(int level) const { return cell_levels_[static_cast<std::size_t>(level)]; }
    // Calls fn(summary) for the cells of `level` within [x0, x1] x [y0, y1], row by row.
    template <typename Fn>
    void for_each_cell(int level, std::uint64_t x0, std::uint64_t y0, std::uint64_t x1, std::uint64_t y1, Fn&& fn) const;

    // Exercise modes of a practice: bit i for kExerciseModes[i]; 0 when the extract gives none.
    std::uint32_t modes_of(std::size_t pos) const { return rpps_flags[pos] & 0x0fu; }
    // Two located positions at the same point (a practice's site, or sites sharing an address).
    bool same_place(std::size_t a, std::size_t b) const { return lat[a] == lat[b] && lon[a] == lon[b]; }

    // Columns, by position.
    std::vector<std::uint32_t> practice_id;
    std::vector<std::array<char, 12>> practitioner_id;   // NUL-terminated
    std::vector<std::uint32_t> site_id;
    std::vector<double> lat, lon;                        // NaN when not located
    std::vector<std::uint32_t> mx, my;                   // mercator_x/y
    std::vector<std::uint16_t> profession, commune;
    std::vector<std::uint8_t> rpps_flags;                // modes (low 4 bits), civility bits (query_words.hpp)
    std::vector<std::uint32_t> name_rank;
    std::vector<std::uint32_t> specialty_offset;         // size() + 1
    std::vector<std::uint16_t> specialty;
    std::vector<std::uint64_t> cell_key;                 // by located position: (y14 << 32) | x14
    std::vector<std::string> specialty_item_label;       // by specialty dictionary number

    Dictionary professions, specialties, communes;
    std::map<std::string, std::string> profession_labels, specialty_labels, commune_labels, territory_labels;
    std::map<std::string, std::vector<std::uint16_t>> territory_communes;  // commune dictionary indexes
    std::map<std::string, std::vector<std::string>> territory_commune_codes;  // INSEE codes, with or without practices
    TextIndex text;             // the words each practice is found by
    ItemTable items;            // what the items of search results show
    std::string version;        // changes with the data: ETag
    std::string data_version;   // the meta table when the index was built (meta_fingerprint)
    // What owners declared, as read when the index was built. The server keeps the columns
    // it serves apart (SearchService), as owner edits replace them.
    std::shared_ptr<const DeclaredColumns> declared;
    // The last owner_change the index was built with: later ones are applied to `declared`.
    std::int64_t owner_changes_seen = 0;

private:
    friend struct IndexFile;
    void build_cell_levels();
    // Numbers the sites in the order of their first position (text.site_of).
    std::unordered_map<std::uint32_t, std::uint32_t> number_sites();
    void build_text_index(store::Database& db, const std::vector<std::string>& folded_names,
                          const std::unordered_map<std::uint32_t, std::uint32_t>& number_of_site);
    void build_items(store::Database& db, const std::unordered_map<std::uint32_t, std::uint32_t>& number_of_site);

    std::vector<std::int32_t> position_;
    std::array<std::vector<CellSummary>, kCellZoom + 1> cell_levels_;
    std::size_t located_ = 0;
};

template <typename Fn>
void PracticeIndex::for_each_range(double west, double south, double east, double north, Fn&& fn) const {
    constexpr int shift = 32 - kCellZoom;
    const std::uint64_t x0 = mercator_x(west) >> shift, x1 = mercator_x(east) >> shift;
    const std::uint64_t y0 = mercator_y(north) >> shift, y1 = mercator_y(south) >> shift;
    auto from = cell_key.begin();
    for (std::uint64_t y = y0; y <= y1; ++y) {
        from = std::lower_bound(from, cell_key.end(), (y << 32) | x0);
        if (from == cell_key.end()) return;
        const auto to = std::upper_bound(from, cell_key.end(), (y << 32) | x1);
        if (from != to) {
            fn(static_cast<std::size_t>(from - cell_key.begin()), static_cast<std::size_t>(to - cell_key.begin()));
        }
        from = to;
    }
}

template <typename Fn>
void PracticeIndex::for_each_cell(int level, std::uint64_t x0, std::uint64_t y0, std::uint64_t x1, std::uint64_t y1,
                                  Fn&& fn) const {
    const auto& cells = cells_at(level);
    const auto by_key = [](const CellSummary& cell, std::uint64_t key) { return cell.key < key; };
    auto from = cells.begin();
    for (std::uint64_t y = y0; y <= y1; ++y) {
        from = std::lower_bound(from, cells.end(), (y << 32) | x0, by_key);
        const std::uint64_t last = (y << 32) | x1;
        for (; from != cells.end() && from->key <= last; ++from) fn(*from);
        if (from == cells.end()) return;
    }
}

}  // namespace annuaire::search
