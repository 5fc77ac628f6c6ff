#include "extract_source.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <vector>

namespace annuaire::importer {

namespace {

constexpr std::size_t kChunk = 4 << 20;

bool ends_with_icase(const std::string& value, std::string_view suffix) {
    if (value.size() < suffix.size()) return false;
    return std::equal(suffix.rbegin(), suffix.rend(), value.rbegin(),
                      [](char a, char b) { return std::tolower(a) == std::tolower(b); });
}

std::string last_gdal_error(const std::string& fallback) {
    const char* message = CPLGetLastErrorMsg();
    return message && *message ? std::string(message) : fallback;
}

// Picks the Personne_activite member of an ANS zip (or its only .txt member).
std::string find_zip_member(const std::string& zip_path) {
    const std::string root = "/vsizip/" + zip_path;
    CPLErrorReset();
    char** entries = VSIReadDirRecursive(root.c_str());
    std::vector<std::string> texts;
    for (char** entry = entries; entry && *entry; ++entry) {
        std::string name = *entry;
        if (ends_with_icase(name, ".txt") || ends_with_icase(name, ".csv")) texts.push_back(name);
    }
    CSLDestroy(entries);
    if (texts.empty()) {
        throw ExtractError("cannot read '" + zip_path + "' as a zip holding an extract (" +
                           last_gdal_error("no .txt member, or the zip is truncated or corrupt") + ")");
    }
    for (const auto& name : texts) {
        if (name.find("Personne_activite") != std::string::npos) return root + "/" + name;
    }
    if (texts.size() == 1) return root + "/" + texts.front();
    throw ExtractError("the zip '" + zip_path + "' holds several text files and none named "
                       "PS_LibreAcces_Personne_activite_*.txt");
}

}  // namespace

void ExtractSource::FileCloser::operator()(void* file) const {
    if (file) VSIFCloseL(static_cast<VSILFILE*>(file));
}

ExtractSource::ExtractSource(const std::string& path) : display_name_(path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        throw ExtractError("extract '" + path + "' does not exist or is not a file");
    }
    file_size_ = std::filesystem::file_size(path, error);
    vsi_path_ = ends_with_icase(path, ".zip") ? find_zip_member(path) : path;
    if (vsi_path_ != path) display_name_ = path + " (" + vsi_path_.substr(vsi_path_.rfind('/') + 1) + ")";
    VSIStatBufL stat{};
    if (VSIStatL(vsi_path_.c_str(), &stat) == 0) total_bytes_ = static_cast<std::uint64_t>(stat.st_size);
    CPLErrorReset();
    file_.reset(VSIFOpenL(vsi_path_.c_str(), "rb"));
    if (!file_) throw ExtractError("cannot open '" + path + "': " + last_gdal_error("open failed"));
    buffer_.resize(kChunk);
}

ExtractSource::~ExtractSource() = default;

bool ExtractSource::fill() {
    if (eof_) return false;
    // Keep the unread tail, then read after it.
    if (begin_ > 0) {
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (end_ == buffer_.size()) {
        // A line longer than the buffer. RPPS lines are under 2 kB: one of megabytes is not an
        // extract (a file of zeros, a zip bomb), and must not take the memory with it.
        if (buffer_.size() >= kMaxLineBytes) {
            throw ExtractError("'" + display_name_ + "', line " + std::to_string(line_number_ + 1) + ": longer than " +
                               std::to_string(kMaxLineBytes / (1024 * 1024)) + " MB without a line break: not an RPPS extract");
        }
        buffer_.resize(buffer_.size() * 2);
    }
    CPLErrorReset();
    const std::size_t got = VSIFReadL(buffer_.data() + end_, 1, buffer_.size() - end_,
                                      static_cast<VSILFILE*>(file_.get()));
    if (CPLGetLastErrorType() >= CE_Failure) {
        throw ExtractError("read error in '" + display_name_ + "' after " +
                           std::to_string(bytes_consumed_ + (end_ - begin_)) + " bytes: " +
                           last_gdal_error("corrupt or truncated file"));
    }
    hash_.update(std::string_view(buffer_.data() + end_, got));
    end_ += got;
    if (got == 0) {
        eof_ = true;
        if (total_bytes_ > 0 && bytes_consumed_ + (end_ - begin_) < total_bytes_) {
            throw ExtractError("'" + display_name_ + "' ended after " +
                               std::to_string(bytes_consumed_ + (end_ - begin_)) + " of " +
                               std::to_string(total_bytes_) + " bytes: the file is truncated");
        }
    }
    return got > 0;
}

bool ExtractSource::next_line(std::string_view& line) {
    while (true) {
        const char* start = buffer_.data() + begin_;
        const void* newline = std::memchr(start, '\n', end_ - begin_);
        if (newline) {
            std::size_t length = static_cast<const char*>(newline) - start;
            begin_ += length + 1;
            bytes_consumed_ += length + 1;
            if (length > 0 && start[length - 1] == '\r') --length;
            line = std::string_view(start, length);
            ++line_number_;
            return true;
        }
        if (!fill()) {
            if (begin_ == end_) return false;
            // Last line without a final newline.
            std::size_t length = end_ - begin_;
            line = std::string_view(buffer_.data() + begin_, length);
            bytes_consumed_ += length;
            begin_ = end_;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            ++line_number_;
            return true;
        }
    }
}

std::string ExtractSource::sha256() { return hash_.hex_digest(); }

}  // namespace annuaire::importer
