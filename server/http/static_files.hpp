// The static files of the map page (--web DIR), never anything outside DIR: read once,
// kept with their gzip form and an ETag, read again when the file changes. Thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace annuaire::http {

struct StaticFile {
    std::string content_type;
    std::string body;
    std::string gzip_body;    // empty when not worth compressing
    std::string etag;         // without quotes
};

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path root);   // root must exist
    // The file for a decoded request path ("/", "/app.js"), or nullptr: outside the root,
    // hidden (a segment starting with '.'), not a regular file, unreadable.
    std::shared_ptr<const StaticFile> find(const std::string& decoded_path);

private:
    struct Entry {
        std::filesystem::file_time_type modified;
        std::uintmax_t size = 0;
        std::shared_ptr<const StaticFile> file;
    };
    std::filesystem::path root_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> cache_;
    std::size_t cached_bytes_ = 0;
};

// MIME type of a static file, by extension.
std::string mime_type_of(const std::string& path);

}  // namespace annuaire::http
