// Deterministic random numbers for the sample-data generator.
//
// The standard distributions (std::uniform_int_distribution…) are implemented
// differently by each standard library, so the same seed would give different
// files on different machines. Only the raw std::mt19937_64 stream is specified
// bit for bit by the standard; everything here is built on it alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <utility>
#include <vector>

namespace gen {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}

    std::uint64_t next() { return engine_(); }

    // Uniform integer in [lo, hi] (both included); precondition lo <= hi.
    // Rejection sampling keeps it unbiased.
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        const std::uint64_t span = static_cast<std::uint64_t>(hi - lo) + 1;
        if (span == 0) return static_cast<std::int64_t>(next());  // full 64-bit range
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % span;
        std::uint64_t v;
        do { v = next(); } while (v >= limit);
        return lo + static_cast<std::int64_t>(v % span);
    }

    // Index in [0, n); precondition n > 0.
    std::size_t index(std::size_t n) { return static_cast<std::size_t>(between(0, static_cast<std::int64_t>(n) - 1)); }

    // Uniform real in [0, 1) with 53 random bits.
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double real(double lo, double hi) { return lo + (hi - lo) * unit(); }
    bool chance(double p) { return unit() < p; }

    template <class T> const T& pick(std::span<const T> items) { return items[index(items.size())]; }
    template <class T> const T& pick(const std::vector<T>& items) { return items[index(items.size())]; }

    // Index drawn with probability proportional to weights[i]; precondition: sum > 0.
    std::size_t weighted(std::span<const double> weights) {
        double total = 0;
        for (double w : weights) total += w;
        double r = unit() * total;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (r < weights[i]) return i;
            r -= weights[i];
        }
        return weights.size() - 1;
    }

    // Fisher–Yates with our own index(), so the order is portable (std::shuffle is not).
    template <class T> void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[index(i)]);
    }

private:
    std::mt19937_64 engine_;
};

// Stateless 64-bit mixer (splitmix64 finaliser): derives independent sub-seeds
// and per-object pseudo-random values without advancing any stream.
inline std::uint64_t mix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}
inline std::uint64_t mix64(std::uint64_t a, std::uint64_t b) { return mix64(a ^ mix64(b)); }

}  // namespace gen
