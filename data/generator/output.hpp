// Buffered output files: plain, gzip (zlib) or any GDAL VSI path (/vsizip/…).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace gen {

class OutputFile {
public:
    virtual ~OutputFile() = default;
    // Appends bytes; flushed in large blocks.
    void write(std::string_view s) {
        buffer_.append(s);
        if (buffer_.size() >= kBlock) flush_buffer();
    }
    // Flushes and closes; throws on I/O error. Must be called before destruction
    // for errors to be reported (the destructor only releases the handle).
    void close();
    std::uint64_t bytes_written() const { return written_; }

protected:
    static constexpr std::size_t kBlock = 1 << 20;
    virtual void write_block(std::string_view block) = 0;
    virtual void close_handle() = 0;

private:
    void flush_buffer();
    std::string buffer_;
    std::uint64_t written_ = 0;
};

// Opens `path` for writing. A name ending in ".gz" is gzip-compressed with zlib;
// a path starting with "/vsi" goes through GDAL's virtual file system.
// `gzip_level` (1 fastest … 9 smallest) applies to ".gz" files only.
std::unique_ptr<OutputFile> open_output(const std::string& path, int gzip_level = 6);

}  // namespace gen
