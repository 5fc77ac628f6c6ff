#include "util/binary_file.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace annuaire::util {

namespace {

std::uint64_t rotate(std::uint64_t x, int bits) { return (x << bits) | (x >> (64 - bits)); }

std::uint64_t finalize(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 33);
}

std::string system_error(const std::string& what, const std::string& path) {
    return what + " " + path + ": " + std::strerror(errno);
}

}  // namespace

void Checksum::mix_block(const unsigned char* block) {
    for (int lane = 0; lane < 4; ++lane) {
        std::uint64_t word;
        std::memcpy(&word, block + lane * 8, 8);
        lanes_[lane] = rotate(lanes_[lane] ^ (word * 0x87C37B91114253D5ULL), 31) * 0x4CF5AD432745937FULL;
    }
}

void Checksum::add(const void* data, std::size_t size) {
    auto bytes = static_cast<const unsigned char*>(data);
    total_ += size;
    if (pending_size_ > 0) {
        const auto fill = std::min(size, sizeof pending_ - pending_size_);
        std::memcpy(pending_ + pending_size_, bytes, fill);
        pending_size_ += fill;
        bytes += fill;
        size -= fill;
        if (pending_size_ < sizeof pending_) return;
        mix_block(pending_);
        pending_size_ = 0;
    }
    for (; size >= 32; bytes += 32, size -= 32) mix_block(bytes);
    std::memcpy(pending_, bytes, size);
    pending_size_ = size;
}

std::uint64_t Checksum::value() const {
    std::uint64_t h = total_;
    for (const auto lane : lanes_) h = rotate(h ^ finalize(lane), 27) * 0x9E3779B97F4A7C15ULL;
    for (std::size_t i = 0; i < pending_size_; ++i) h = (h ^ pending_[i]) * 0x100000001B3ULL;
    return finalize(h);
}

BinaryWriter::BinaryWriter(std::string path, std::string_view magic)
    : path_(std::move(path)), temporary_(path_ + ".tmp") {
    file_ = std::fopen(temporary_.c_str(), "wb");
    if (!file_) throw BinaryFileError(system_error("cannot write", temporary_));
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
    string(magic);
}

BinaryWriter::~BinaryWriter() {
    if (file_) {
        std::fclose(file_);
        std::remove(temporary_.c_str());
    }
}

void BinaryWriter::bytes(const void* data, std::size_t size) {
    if (size == 0) return;
    checksum_.add(data, size);
    if (std::fwrite(data, 1, size, file_) != size) throw BinaryFileError(system_error("cannot write", temporary_));
}

void BinaryWriter::string(std::string_view text) {
    value<std::uint64_t>(text.size());
    bytes(text.data(), text.size());
}

void BinaryWriter::strings(const std::vector<std::string>& texts) {
    // Lengths first, then the bytes: read back without a bounds check per string.
    std::vector<std::uint32_t> lengths;
    lengths.reserve(texts.size());
    std::string joined;
    for (const auto& text : texts) {
        lengths.push_back(static_cast<std::uint32_t>(text.size()));
        joined += text;
    }
    vector(lengths);
    string(joined);
}

void BinaryWriter::commit() {
    const auto sum = checksum_.value();
    const bool written = std::fwrite(&sum, 1, sizeof sum, file_) == sizeof sum && std::fflush(file_) == 0 &&
                         ::fsync(fileno(file_)) == 0;
    const int closed = std::fclose(file_);
    file_ = nullptr;
    if (!written || closed != 0 || std::rename(temporary_.c_str(), path_.c_str()) != 0) {
        const auto message = system_error("cannot write", path_);
        std::remove(temporary_.c_str());
        throw BinaryFileError(message);
    }
}

BinaryReader::BinaryReader(const std::string& path, std::string_view magic) : path_(path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw BinaryFileError(system_error("cannot open", path));
    struct stat info{};
    if (::fstat(fd, &info) != 0) {
        const auto message = system_error("cannot read", path);
        ::close(fd);
        throw BinaryFileError(message);
    }
    mapped_size_ = static_cast<std::size_t>(info.st_size);
    if (mapped_size_ > 0) mapping_ = ::mmap(nullptr, mapped_size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    ::close(fd);
    if (mapping_ == MAP_FAILED) {
        mapping_ = nullptr;
        throw BinaryFileError(system_error("cannot map", path));
    }
    at_ = static_cast<const char*>(mapping_);
    end_ = at_ + mapped_size_;
    if (mapped_size_ < sizeof(std::uint64_t) * 2) fail("the file is cut short");
    ::madvise(mapping_, mapped_size_, MADV_SEQUENTIAL);
    end_ -= sizeof(std::uint64_t);
    std::uint64_t stored;
    std::memcpy(&stored, end_, sizeof stored);
    Checksum checksum;
    checksum.add(at_, static_cast<std::size_t>(end_ - at_));
    if (checksum.value() != stored) fail("its checksum does not match (damaged or cut short)");
    if (string() != magic) fail("it was written by another version");
}

BinaryReader::~BinaryReader() {
    if (mapping_) ::munmap(mapping_, mapped_size_);
}

const char* BinaryReader::take(std::size_t size) {
    if (size > static_cast<std::size_t>(end_ - at_)) fail("a section is longer than the file");
    const char* at = at_;
    at_ += size;
    return at;
}

std::string BinaryReader::string() {
    const auto size = value<std::uint64_t>();
    if (size > static_cast<std::size_t>(end_ - at_)) fail("a section is longer than the file");
    return std::string(take(size), size);
}

std::vector<std::string> BinaryReader::strings() {
    const auto lengths = vector<std::uint32_t>();
    const auto joined_size = value<std::uint64_t>();
    std::uint64_t total = 0;
    for (const auto length : lengths) total += length;
    if (total != joined_size) fail("string lengths do not add up");
    const char* at = take(joined_size);
    std::vector<std::string> texts;
    texts.reserve(lengths.size());
    for (const auto length : lengths) {
        texts.emplace_back(at, length);
        at += length;
    }
    return texts;
}

void BinaryReader::finish() const {
    if (at_ != end_) fail("it holds more than was read");
}

void BinaryReader::fail(const std::string& what) const {
    throw BinaryFileError("cannot use " + path_ + ": " + what);
}

}  // namespace annuaire::util
