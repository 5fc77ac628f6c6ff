// The static files of the map page (--web DIR), never anything outside DIR: read once,
// kept with their gzip form and an ETag, read again when the file changes. Thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace annuaire::http {

struct StaticFile {
    std::string content_type;
    std::string body;
    std::string gzip_body;    // empty when not worth compressing
    std::string etag;         // without quotes
};

// URLs that are a page of the site rather than a file: `prefix` itself ("/compte") and
// `prefix` followed by min_segments to max_segments non-empty segments ("/compte/fiche/ID")
// are answered with the file `page` ("/compte.html").
struct PageRoute {
    std::string prefix;   // without a trailing '/'
    std::string page;
    int min_segments = 0;
    int max_segments = 0;
};

class StaticFiles {
public:
    // root must exist.
    explicit StaticFiles(std::filesystem::path root, std::vector<PageRoute> page_routes = {});
    // The file for a decoded request path ("/", "/app.js", a page route), or nullptr: outside
    // the root, hidden (a segment starting with '.'), a package's files (node_modules,
    // package.json), not a regular file, unreadable.
    std::shared_ptr<const StaticFile> find(const std::string& decoded_path);

private:
    struct Entry {
        std::filesystem::file_time_type modified;
        std::uintmax_t size = 0;
        std::shared_ptr<const StaticFile> file;
    };
    std::shared_ptr<const StaticFile> read(const std::string& decoded_path);
    std::filesystem::path root_;
    std::vector<PageRoute> page_routes_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> cache_;
    std::size_t cached_bytes_ = 0;
};

// MIME type of a static file, by extension.
std::string mime_type_of(const std::string& path);

// True for a build's asset named after a hash of its content ("/assets/index-B3xk_9aZ.js"):
// it never changes under that name, and may be cached for good.
bool is_content_hashed(const std::string& path);

}  // namespace annuaire::http
