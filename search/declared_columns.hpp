// What owners declare of each practice of an index, in the form the filters and facets
// read it: two bits per yes/no field and the conventionnement (`owner`), the publics and
// acts as bit masks, the opening hours as [open, close) pairs in minutes of the week.
//
// These are the columns owners change while the server runs. A DeclaredColumns is
// immutable and shared by the queries that read it; an edit makes a new one with
// with(), which copies only the blocks of kBlock positions it touches and shares the
// others: publishing an edit on the national index (1.8 million practices) copies a few
// tens of kilobytes, not the columns, and no query ever sees half an edit.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace annuaire::search {

// The declared part of the facets: counts per value of each yes/no field (unknown, no,
// yes), of conventionnement (0: not declared), of each public and act.
struct DeclaredCounts {
    std::array<std::array<std::uint32_t, 3>, 6> booleans{};
    std::array<std::uint32_t, 5> conventionnement{};
    std::array<std::uint32_t, 32> publics{}, acts{};

    // delta is +1 or -1.
    void count(std::uint32_t owner, std::uint32_t publics_bits, std::uint32_t acts_bits, int delta);
    void add(const DeclaredCounts& other);
};

class DeclaredColumns {
public:
    static constexpr int kConventionnementShift = 12;
    static constexpr std::size_t kBlockBits = 12;
    static constexpr std::size_t kBlock = std::size_t{1} << kBlockBits;

    // The declared values of one practice.
    struct Row {
        std::uint32_t owner = 0, publics = 0, acts = 0;
        std::vector<std::uint16_t> hours;   // [open, close) pairs
        bool operator==(const Row&) const = default;

        // booleans in owner::kBooleanFields order, each -1 not declared, 0 no, 1 yes;
        // conventionnement a code of owner::kConventionnement, or "" when not declared.
        void set_owner(const std::array<int, 6>& booleans, std::string_view conventionnement);
        // Unknown codes are left out (the store only holds known ones).
        void add_public(std::string_view code);
        void add_act(std::string_view code);
        // weekday 1 (Monday) to 7, minutes since midnight.
        void add_hours(int weekday, int opens, int closes);
    };

    // Collects the rows of a new index by position, in any order.
    class Builder {
    public:
        explicit Builder(std::size_t size) : rows_(size) {}
        Row& row(std::size_t pos) { return rows_[pos]; }
        // `profession`: the profession number of each position, `professions`: how many
        // there are (the declared facets of each profession are counted once here).
        std::shared_ptr<const DeclaredColumns> finish(const std::vector<std::uint16_t>& profession, std::size_t professions);

    private:
        std::vector<Row> rows_;
    };

    std::size_t size() const { return size_; }
    // Changes with every with(): 0 for the columns an index was built with.
    std::uint64_t revision() const { return revision_; }

    std::uint32_t owner(std::size_t pos) const { return block(pos).owner[pos & kMask]; }
    std::uint32_t publics(std::size_t pos) const { return block(pos).publics[pos & kMask]; }
    std::uint32_t acts(std::size_t pos) const { return block(pos).acts[pos & kMask]; }
    std::span<const std::uint16_t> hours(std::size_t pos) const {
        const auto& b = block(pos);
        const auto i = pos & kMask;
        return {b.hours.data() + b.hours_offset[i], b.hours_offset[i + 1] - b.hours_offset[i]};
    }
    // 0 not declared, else 1 + the index in owner::kConventionnement.
    int conventionnement_of(std::size_t pos) const { return static_cast<int>((owner(pos) >> kConventionnementShift) & 7); }
    Row row(std::size_t pos) const;
    // Where owner(pos) and the rest live, for prefetching.
    const void* address_of(std::size_t pos) const { return &block(pos).owner[pos & kMask]; }

    // The declared facets of every practice of each profession (by profession number).
    const std::vector<DeclaredCounts>& by_profession() const { return by_profession_; }

    // These columns with `changes` (position, new row) applied; `profession` as given to the
    // Builder. Positions must be below size().
    std::shared_ptr<const DeclaredColumns> with(const std::vector<std::pair<std::uint32_t, Row>>& changes,
                                                const std::vector<std::uint16_t>& profession) const;

private:
    friend struct IndexFile;
    static constexpr std::size_t kMask = kBlock - 1;
    struct Block {
        std::array<std::uint32_t, kBlock> owner{}, publics{}, acts{};
        std::vector<std::uint32_t> hours_offset;   // kBlock + 1, into hours
        std::vector<std::uint16_t> hours;
        void set_hours(const std::vector<std::vector<std::uint16_t>>& per_position);
    };
    const Block& block(std::size_t pos) const { return *blocks_[pos >> kBlockBits]; }

    std::size_t size_ = 0;
    std::uint64_t revision_ = 0;
    std::vector<std::shared_ptr<const Block>> blocks_;
    std::vector<DeclaredCounts> by_profession_;
};

}  // namespace annuaire::search
