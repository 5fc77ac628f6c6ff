#include "search/declared_columns.hpp"

#include "owner/owner_fields.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace annuaire::search {

void DeclaredCounts::count(std::uint32_t owner, std::uint32_t publics_bits, std::uint32_t acts_bits, int delta) {
    const auto step = static_cast<std::uint32_t>(delta);   // -1 wraps: unsigned counts go down by one
    for (std::size_t i = 0; i < booleans.size(); ++i) booleans[i][(owner >> (2 * i)) & 3] += step;
    conventionnement[(owner >> DeclaredColumns::kConventionnementShift) & 7] += step;
    for (auto bits = publics_bits; bits; bits &= bits - 1) publics[static_cast<std::size_t>(__builtin_ctz(bits))] += step;
    for (auto bits = acts_bits; bits; bits &= bits - 1) acts[static_cast<std::size_t>(__builtin_ctz(bits))] += step;
}

void DeclaredCounts::add(const DeclaredCounts& other) {
    const auto add_all = [](auto& into, const auto& from) {
        for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
    };
    for (std::size_t i = 0; i < booleans.size(); ++i) add_all(booleans[i], other.booleans[i]);
    add_all(conventionnement, other.conventionnement);
    add_all(publics, other.publics);
    add_all(acts, other.acts);
}

void DeclaredColumns::Row::set_owner(const std::array<int, 6>& booleans, std::string_view conventionnement) {
    owner = 0;
    for (std::size_t i = 0; i < booleans.size(); ++i) {
        const std::uint32_t state = booleans[i] < 0 ? 0 : booleans[i] ? 2 : 1;   // 0 unknown, 1 no, 2 yes
        owner |= state << (2 * i);
    }
    const int code = owner::index_of(owner::kConventionnement, conventionnement);
    owner |= static_cast<std::uint32_t>(code + 1) << kConventionnementShift;
}

void DeclaredColumns::Row::add_public(std::string_view code) {
    if (const int bit = owner::index_of(owner::kPublics, code); bit >= 0) publics |= 1u << bit;
}

void DeclaredColumns::Row::add_act(std::string_view code) {
    if (const int bit = owner::index_of(owner::kActs, code); bit >= 0) acts |= 1u << bit;
}

void DeclaredColumns::Row::add_hours(int weekday, int opens, int closes) {
    const int base = (weekday - 1) * 1440;
    hours.push_back(static_cast<std::uint16_t>(base + opens));
    hours.push_back(static_cast<std::uint16_t>(base + closes));
}

void DeclaredColumns::Block::set_hours(const std::vector<std::vector<std::uint16_t>>& per_position) {
    hours_offset.assign(kBlock + 1, 0);
    hours.clear();
    for (std::size_t i = 0; i < kBlock; ++i) {
        hours_offset[i] = static_cast<std::uint32_t>(hours.size());
        if (i < per_position.size()) hours.insert(hours.end(), per_position[i].begin(), per_position[i].end());
    }
    hours_offset[kBlock] = static_cast<std::uint32_t>(hours.size());
    hours.shrink_to_fit();
}

std::shared_ptr<const DeclaredColumns> DeclaredColumns::Builder::finish(const std::vector<std::uint16_t>& profession,
                                                                        std::size_t professions) {
    if (profession.size() != rows_.size()) throw std::logic_error("declared columns: one profession per position");
    auto columns = std::make_shared<DeclaredColumns>();
    columns->size_ = rows_.size();
    columns->by_profession_.assign(professions, DeclaredCounts{});
    for (std::size_t first = 0; first < rows_.size(); first += kBlock) {
        auto block = std::make_shared<Block>();
        std::vector<std::vector<std::uint16_t>> hours(std::min(kBlock, rows_.size() - first));
        for (std::size_t i = 0; i < hours.size(); ++i) {
            auto& row = rows_[first + i];
            block->owner[i] = row.owner;
            block->publics[i] = row.publics;
            block->acts[i] = row.acts;
            hours[i] = std::move(row.hours);
            columns->by_profession_[profession[first + i]].count(row.owner, row.publics, row.acts, 1);
        }
        block->set_hours(hours);
        columns->blocks_.push_back(std::move(block));
    }
    rows_.clear();
    rows_.shrink_to_fit();
    return columns;
}

DeclaredColumns::Row DeclaredColumns::row(std::size_t pos) const {
    const auto span = hours(pos);
    return Row{owner(pos), publics(pos), acts(pos), std::vector<std::uint16_t>(span.begin(), span.end())};
}

std::shared_ptr<const DeclaredColumns> DeclaredColumns::with(const std::vector<std::pair<std::uint32_t, Row>>& changes,
                                                             const std::vector<std::uint16_t>& profession) const {
    auto next = std::make_shared<DeclaredColumns>(*this);   // shares every block
    next->revision_ = revision_ + 1;
    // The blocks this edit touches, copied once each; their hours unpacked while they change.
    struct Copy {
        std::shared_ptr<Block> block;
        std::vector<std::vector<std::uint16_t>> hours;
    };
    std::unordered_map<std::size_t, Copy> copies;
    for (const auto& [pos, row] : changes) {
        if (pos >= size_) throw std::out_of_range("declared columns: position " + std::to_string(pos) + " is out of range");
        const std::size_t number = pos >> kBlockBits;
        auto found = copies.find(number);
        if (found == copies.end()) {
            Copy copy{std::make_shared<Block>(*blocks_[number]), {}};
            const std::size_t first = number << kBlockBits;
            copy.hours.resize(std::min(kBlock, size_ - first));
            for (std::size_t i = 0; i < copy.hours.size(); ++i) {
                const auto span = hours(first + i);
                copy.hours[i].assign(span.begin(), span.end());
            }
            found = copies.emplace(number, std::move(copy)).first;
        }
        auto& block = *found->second.block;
        const std::size_t i = pos & kMask;
        auto& counts = next->by_profession_[profession[pos]];
        counts.count(block.owner[i], block.publics[i], block.acts[i], -1);
        counts.count(row.owner, row.publics, row.acts, 1);
        block.owner[i] = row.owner;
        block.publics[i] = row.publics;
        block.acts[i] = row.acts;
        found->second.hours[i] = row.hours;
    }
    for (auto& [number, copy] : copies) {
        copy.block->set_hours(copy.hours);
        next->blocks_[number] = std::move(copy.block);
    }
    return next;
}

}  // namespace annuaire::search
