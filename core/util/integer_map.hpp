// A hash map from non-zero 64-bit integer keys to small values, stored in one flat
// array (open addressing, linear probing). The importer keeps millions of entries
// (one per practitioner, site, activity and specialty of a national extract): a
// node per entry, as std::unordered_map makes, costs an allocation each and a
// cache miss on every step of a walk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace annuaire::util {

template <class Key, class Value>
class IntegerMap {
public:
    struct Slot {
        Key key{};  // 0: empty
        Value value{};
    };

    // Inserts a value-initialised entry if key is absent. References stay valid until
    // the next insertion of another key.
    Value& operator[](Key key) {
        if (key == Key{}) throw std::invalid_argument("IntegerMap keys must not be 0");
        if ((size_ + 1) * 4 > slots_.size() * 3) grow((size_ + 1) * 2);
        Slot& slot = slots_[probe(key)];
        if (slot.key == Key{}) {
            slot.key = key;
            ++size_;
        }
        return slot.value;
    }

    Value* find(Key key) {
        if (slots_.empty() || key == Key{}) return nullptr;
        Slot& slot = slots_[probe(key)];
        return slot.key == key ? &slot.value : nullptr;
    }

    // Hints the CPU to load the slot where key's probe starts.
    void prefetch(Key key) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[home(key)]);
    }

    // Room for n entries without growing.
    void reserve(std::size_t n) {
        if (n * 4 > slots_.size() * 3) grow(n);
    }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

    class Iterator {
    public:
        Iterator(Slot* at, Slot* end) : at_(at), end_(end) { skip_empty(); }
        Slot& operator*() const { return *at_; }
        Iterator& operator++() {
            ++at_;
            skip_empty();
            return *this;
        }
        bool operator!=(const Iterator& other) const { return at_ != other.at_; }

    private:
        void skip_empty() {
            while (at_ != end_ && at_->key == Key{}) ++at_;
        }
        Slot* at_;
        Slot* end_;
    };
    Iterator begin() { return Iterator(slots_.data(), slots_.data() + slots_.size()); }
    Iterator end() { return Iterator(slots_.data() + slots_.size(), slots_.data() + slots_.size()); }

private:
    // The slot holding key, or the empty slot where it belongs.
    std::size_t probe(Key key) const {
        std::size_t at = home(key);
        while (slots_[at].key != Key{} && slots_[at].key != key) at = (at + 1) & (slots_.size() - 1);
        return at;
    }

    // Fibonacci hashing: keys such as packed identifiers are not uniform by themselves.
    std::size_t home(Key key) const {
        return static_cast<std::size_t>((static_cast<std::uint64_t>(key) * 0x9E3779B97F4A7C15ULL) >> shift_);
    }

    // Rehashes into a power-of-two table that holds `entries` at most 3/4 full.
    void grow(std::size_t entries) {
        std::size_t capacity = 16;
        int bits = 4;
        while (entries * 4 > capacity * 3) {
            capacity *= 2;
            ++bits;
        }
        if (capacity <= slots_.size()) return;
        std::vector<Slot> old(capacity);
        old.swap(slots_);
        shift_ = 64 - bits;
        for (Slot& slot : old) {
            if (slot.key != Key{}) slots_[probe(slot.key)] = slot;
        }
    }

    std::vector<Slot> slots_;
    std::size_t size_ = 0;
    int shift_ = 64;
};

}  // namespace annuaire::util
