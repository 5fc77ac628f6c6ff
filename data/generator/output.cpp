#include "output.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include <cpl_vsi.h>
#include <zlib.h>

namespace gen {

void OutputFile::flush_buffer() {
    if (buffer_.empty()) return;
    write_block(buffer_);
    written_ += buffer_.size();
    buffer_.clear();
}

void OutputFile::close() {
    flush_buffer();
    close_handle();
}

namespace {

class PlainFile final : public OutputFile {
public:
    explicit PlainFile(const std::string& path) : path_(path), f_(std::fopen(path.c_str(), "wb")) {
        if (!f_) throw std::runtime_error("cannot create " + path);
    }
    ~PlainFile() override {
        if (f_) std::fclose(f_);
    }

private:
    void write_block(std::string_view b) override {
        if (std::fwrite(b.data(), 1, b.size(), f_) != b.size()) throw std::runtime_error("write error on " + path_);
    }
    void close_handle() override {
        if (!f_) return;
        const int rc = std::fclose(f_);
        f_ = nullptr;
        if (rc != 0) throw std::runtime_error("close error on " + path_);
    }
    std::string path_;
    std::FILE* f_;
};

// zlib's gz writer puts no file name and a zero time stamp in the header, so the
// output is byte-identical from run to run.
class GzipFile final : public OutputFile {
public:
    GzipFile(const std::string& path, int level)
        : path_(path), gz_(gzopen(path.c_str(), ("wb" + std::to_string(std::clamp(level, 1, 9))).c_str())) {
        if (!gz_) throw std::runtime_error("cannot create " + path);
        gzbuffer(gz_, 1 << 20);
    }
    ~GzipFile() override {
        if (gz_) gzclose(gz_);
    }

private:
    void write_block(std::string_view b) override {
        if (gzwrite(gz_, b.data(), static_cast<unsigned>(b.size())) != static_cast<int>(b.size()))
            throw std::runtime_error("gzip write error on " + path_);
    }
    void close_handle() override {
        if (!gz_) return;
        const int rc = gzclose(gz_);
        gz_ = nullptr;
        if (rc != Z_OK) throw std::runtime_error("gzip close error on " + path_);
    }
    std::string path_;
    gzFile gz_;
};

class VsiFile final : public OutputFile {
public:
    explicit VsiFile(const std::string& path) : path_(path), f_(VSIFOpenL(path.c_str(), "wb")) {
        if (!f_) throw std::runtime_error("cannot create " + path);
    }
    ~VsiFile() override {
        if (f_) VSIFCloseL(f_);
    }

private:
    void write_block(std::string_view b) override {
        if (VSIFWriteL(b.data(), 1, b.size(), f_) != b.size()) throw std::runtime_error("write error on " + path_);
    }
    void close_handle() override {
        if (!f_) return;
        const int rc = VSIFCloseL(f_);
        f_ = nullptr;
        if (rc != 0) throw std::runtime_error("close error on " + path_);
    }
    std::string path_;
    VSILFILE* f_;
};

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::unique_ptr<OutputFile> open_output(const std::string& path, int gzip_level) {
    if (path.rfind("/vsi", 0) == 0) return std::make_unique<VsiFile>(path);
    if (ends_with(path, ".gz")) return std::make_unique<GzipFile>(path, gzip_level);
    return std::make_unique<PlainFile>(path);
}

}  // namespace gen
