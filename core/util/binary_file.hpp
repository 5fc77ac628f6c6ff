// A binary file of typed sections, written once and read back by the same build: the
// search index's snapshot (search/index_file.hpp). Values are stored in the machine's own
// layout (no portability across architectures is sought: the file is a cache, and the
// header names the layout it was written with). A checksum over the whole content
// tells a damaged or cut-short file from a good one before anything of it is used.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace annuaire::util {

// A file that cannot be used: missing, from another format or build, damaged.
class BinaryFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Running checksum of bytes, four independent lanes so that it reads at memory speed.
class Checksum {
public:
    void add(const void* data, std::size_t size);
    std::uint64_t value() const;

private:
    void mix_block(const unsigned char* block);
    std::uint64_t lanes_[4] = {0x243F6A8885A308D3ULL, 0x13198A2E03707344ULL, 0xA4093822299F31D0ULL,
                               0x082EFA98EC4E6C89ULL};
    unsigned char pending_[32] = {};
    std::size_t pending_size_ = 0;
    std::uint64_t total_ = 0;
};

// Writes to `path`.tmp, then renames it over `path` on commit(): a reader never sees half a
// file, and a failed write leaves the previous file in place.
class BinaryWriter {
public:
    // `magic`: what the file is and its format version, checked by BinaryReader.
    BinaryWriter(std::string path, std::string_view magic);
    ~BinaryWriter();
    BinaryWriter(const BinaryWriter&) = delete;
    BinaryWriter& operator=(const BinaryWriter&) = delete;

    template <typename T>
    void value(const T& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        bytes(&v, sizeof v);
    }
    template <typename T>
    void vector(const std::vector<T>& values) {
        static_assert(std::is_trivially_copyable_v<T>);
        value<std::uint64_t>(values.size());
        bytes(values.data(), values.size() * sizeof(T));
    }
    void string(std::string_view text);
    void strings(const std::vector<std::string>& texts);
    // Flushes, appends the checksum, syncs and renames into place.
    void commit();

private:
    void bytes(const void* data, std::size_t size);
    std::string path_, temporary_;
    std::FILE* file_ = nullptr;
    Checksum checksum_;
};

// Reads a file written by BinaryWriter, mapped into memory; every read is bounds-checked.
class BinaryReader {
public:
    // Throws BinaryFileError when the file is missing, of another kind (magic) or damaged.
    BinaryReader(const std::string& path, std::string_view magic);
    ~BinaryReader();
    BinaryReader(const BinaryReader&) = delete;
    BinaryReader& operator=(const BinaryReader&) = delete;

    template <typename T>
    T value() {
        static_assert(std::is_trivially_copyable_v<T>);
        T v;
        std::memcpy(&v, take(sizeof v), sizeof v);
        return v;
    }
    template <typename T>
    std::vector<T> vector() {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto count = value<std::uint64_t>();
        if (count > (end_ - at_) / sizeof(T)) fail("a section is longer than the file");
        std::vector<T> values(count);
        std::memcpy(values.data(), take(count * sizeof(T)), count * sizeof(T));
        return values;
    }
    // A vector whose size must be `expected` (columns of the same table).
    template <typename T>
    std::vector<T> vector(std::size_t expected) {
        auto values = vector<T>();
        if (values.size() != expected) fail("columns of different lengths");
        return values;
    }
    std::string string();
    std::vector<std::string> strings();
    // Throws unless everything was read.
    void finish() const;
    [[noreturn]] void fail(const std::string& what) const;
    const std::string& path() const { return path_; }

private:
    const char* take(std::size_t size);
    std::string path_;
    void* mapping_ = nullptr;
    std::size_t mapped_size_ = 0;
    const char* at_ = nullptr;
    const char* end_ = nullptr;
};

}  // namespace annuaire::util
