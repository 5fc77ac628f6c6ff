#include "util/binary_file.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace fs = std::filesystem;
using annuaire::util::BinaryFileError;
using annuaire::util::BinaryReader;
using annuaire::util::BinaryWriter;

namespace {

struct ScratchDir {
    fs::path path = fs::temp_directory_path() / ("annuaire-binary-" + std::to_string(std::random_device{}()));
    ScratchDir() { fs::create_directories(path); }
    ~ScratchDir() { fs::remove_all(path); }
};

void write_sample(const fs::path& file, std::string_view magic = "sample 1") {
    BinaryWriter out(file.string(), magic);
    out.value<std::int64_t>(-42);
    out.vector(std::vector<std::uint32_t>{1, 2, 3, 0xffffffffu});
    out.string("Mulhouse");
    out.strings({"", "école", "Saint-Louis"});
    std::vector<double> many(100000);
    for (std::size_t i = 0; i < many.size(); ++i) many[i] = static_cast<double>(i) / 3;
    out.vector(many);
    out.commit();
}

std::string read_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void write_bytes(const fs::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

std::string refusal(const fs::path& file, std::string_view magic = "sample 1") {
    try {
        BinaryReader in(file.string(), magic);
        in.value<std::int64_t>();
        in.vector<std::uint32_t>();
        in.string();
        in.strings();
        in.vector<double>();
        in.finish();
    } catch (const BinaryFileError& error) {
        return error.what();
    }
    return {};
}

}  // namespace

TEST_CASE("a binary file reads back every value as written") {
    ScratchDir dir;
    const auto file = dir.path / "sample.bin";
    write_sample(file);
    BinaryReader in(file.string(), "sample 1");
    CHECK(in.value<std::int64_t>() == -42);
    CHECK(in.vector<std::uint32_t>() == std::vector<std::uint32_t>{1, 2, 3, 0xffffffffu});
    CHECK(in.string() == "Mulhouse");
    CHECK(in.strings() == std::vector<std::string>{"", "école", "Saint-Louis"});
    const auto many = in.vector<double>();
    REQUIRE(many.size() == 100000);
    CHECK(many[99999] == doctest::Approx(99999.0 / 3));
    CHECK_NOTHROW(in.finish());
    CHECK_FALSE(fs::exists(dir.path / "sample.bin.tmp"));
}

TEST_CASE("a binary file with one byte changed is refused by its checksum") {
    ScratchDir dir;
    const auto file = dir.path / "sample.bin";
    write_sample(file);
    auto bytes = read_bytes(file);
    bytes[bytes.size() / 2] ^= 0x10;
    write_bytes(file, bytes);
    CHECK(refusal(file).find("checksum does not match") != std::string::npos);
}

TEST_CASE("a binary file cut short is refused, whatever the length kept") {
    ScratchDir dir;
    const auto file = dir.path / "sample.bin";
    write_sample(file);
    const auto bytes = read_bytes(file);
    for (const auto kept : {std::size_t{0}, std::size_t{5}, std::size_t{40}, bytes.size() / 2, bytes.size() - 1}) {
        write_bytes(file, bytes.substr(0, kept));
        INFO("kept " << kept << " bytes");
        CHECK_FALSE(refusal(file).empty());
    }
}

TEST_CASE("a binary file of another format or version is refused, naming the file") {
    ScratchDir dir;
    const auto file = dir.path / "sample.bin";
    write_sample(file, "sample 2");
    const auto message = refusal(file, "sample 1");
    CHECK(message.find("written by another version") != std::string::npos);
    CHECK(message.find(file.string()) != std::string::npos);
    CHECK(refusal(dir.path / "missing.bin").find("cannot open") != std::string::npos);
}

TEST_CASE("a binary file whose write is abandoned leaves the previous file as it was") {
    ScratchDir dir;
    const auto file = dir.path / "sample.bin";
    write_sample(file);
    const auto before = read_bytes(file);
    {
        BinaryWriter out(file.string(), "sample 1");
        out.string("half of a new file");
        // destroyed without commit(): an exception while writing
    }
    CHECK(read_bytes(file) == before);
    CHECK_FALSE(fs::exists(dir.path / "sample.bin.tmp"));
    CHECK_THROWS_AS(BinaryWriter((dir.path / "no-such-dir" / "x.bin").string(), "sample 1"), BinaryFileError);
}
