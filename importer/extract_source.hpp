// Reads an RPPS extract line by line, in place: a plain .txt file or the .zip
// the ANS publishes (through GDAL's /vsizip/, never unpacked to disk).
// Memory stays constant whatever the file size.
#pragma once

#include "util/sha256.hpp"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace annuaire::importer {

class ExtractError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ExtractSource {
public:
    // A line longer than this is refused (ExtractError): no extract has one.
    static constexpr std::size_t kMaxLineBytes = 16 * 1024 * 1024;
    // Throws ExtractError when the file cannot be opened or the zip holds no extract.
    explicit ExtractSource(const std::string& path);
    ~ExtractSource();
    ExtractSource(const ExtractSource&) = delete;
    ExtractSource& operator=(const ExtractSource&) = delete;

    // Next line without its end-of-line bytes; false at the end of the file.
    // The view is valid until the next call. Throws ExtractError on a read error
    // (e.g. a truncated zip).
    bool next_line(std::string_view& line);

    std::uint64_t line_number() const { return line_number_; }
    std::uint64_t bytes_read() const { return bytes_consumed_; }
    std::uint64_t total_bytes() const { return total_bytes_; }
    std::uint64_t file_size() const { return file_size_; }
    // The file name the admin gave, and the member read when it is a zip.
    const std::string& display_name() const { return display_name_; }
    // SHA-256 of the extract's bytes (inside the zip: of the member), once fully read.
    std::string sha256();

private:
    bool fill();
    struct FileCloser { void operator()(void* file) const; };
    std::unique_ptr<void, FileCloser> file_;
    std::string buffer_;
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
    bool eof_ = false;
    std::uint64_t line_number_ = 0;
    std::uint64_t bytes_consumed_ = 0;
    std::uint64_t total_bytes_ = 0;
    std::uint64_t file_size_ = 0;
    std::string display_name_;
    std::string vsi_path_;
    util::Sha256 hash_;
};

}  // namespace annuaire::importer
