#include "http/static_files.hpp"

#include "http/gzip.hpp"

#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

namespace annuaire::http {

namespace {

constexpr std::size_t kMaxCachedFile = 8u << 20;
constexpr std::size_t kMaxCachedTotal = 64u << 20;

}  // namespace

std::string mime_type_of(const std::string& path) {
    static const std::map<std::string, std::string> types = {
        {".html", "text/html; charset=utf-8"}, {".htm", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"}, {".json", "application/json"},
        {".geojson", "application/geo+json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
        {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"}, {".ico", "image/x-icon"},
        {".webp", "image/webp"}, {".woff", "font/woff"}, {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
        {".map", "application/json"}, {".wasm", "application/wasm"}, {".pbf", "application/x-protobuf"},
        {".csv", "text/csv; charset=utf-8"}, {".webmanifest", "application/manifest+json"}};
    const auto ext = std::filesystem::path(path).extension().string();
    const auto found = types.find(ext);
    return found == types.end() ? "application/octet-stream" : found->second;
}

bool is_content_hashed(const std::string& path) {
    // Vite names its outputs assets/NAME-HASH.EXT, the hash 8 characters of [A-Za-z0-9_-].
    if (path.rfind("/assets/", 0) != 0) return false;
    const auto slash = path.rfind('/');
    const auto dot = path.rfind('.');
    if (dot == std::string::npos || dot < slash) return false;
    // The hash itself may hold '-': it is the 8 characters before the extension.
    constexpr std::size_t kHash = 8;
    if (dot < slash + 3 + kHash || path[dot - kHash - 1] != '-') return false;   // NAME-: one character at least
    for (auto i = dot - kHash; i < dot; ++i) {
        const char c = path[i];
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
    }
    return true;
}

StaticFiles::StaticFiles(std::filesystem::path root, std::vector<PageRoute> page_routes)
    : root_(std::filesystem::canonical(root)), page_routes_(std::move(page_routes)) {}

namespace {

// The number of segments after `prefix` ("/compte/fiche/1" after "/compte": 2), or -1 when
// the path is not under it or holds an empty segment ("/compte/", "/compte//x").
int segments_after(const std::string& path, const std::string& prefix) {
    if (path.compare(0, prefix.size(), prefix) != 0) return -1;
    if (path.size() == prefix.size()) return 0;
    if (path[prefix.size()] != '/') return -1;
    int segments = 0;
    for (auto start = prefix.size() + 1; start <= path.size(); ++segments) {
        auto end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        if (end == start) return -1;
        start = end + 1;
    }
    return segments;
}

}  // namespace

std::shared_ptr<const StaticFile> StaticFiles::find(const std::string& decoded_path) {
    for (const auto& route : page_routes_) {
        const int segments = segments_after(decoded_path, route.prefix);
        if (segments >= route.min_segments && segments <= route.max_segments) return read(route.page);
    }
    return read(decoded_path);
}

std::shared_ptr<const StaticFile> StaticFiles::read(const std::string& decoded_path) {
    if (decoded_path.empty() || decoded_path.front() != '/') return nullptr;
    if (decoded_path.find('\0') != std::string::npos || decoded_path.find('\\') != std::string::npos) return nullptr;
    std::istringstream segments(decoded_path);
    for (std::string segment; std::getline(segments, segment, '/');) {
        if (!segment.empty() && segment.front() == '.') return nullptr;   // "..", ".git", ".env"
        // What npm puts in a source directory is never part of the page.
        if (segment == "node_modules" || segment == "package.json" || segment == "package-lock.json") return nullptr;
    }
    std::string relative = decoded_path.substr(1);
    if (relative.empty() || relative.back() == '/') relative += "index.html";
    std::error_code ec;
    auto candidate = std::filesystem::weakly_canonical(root_ / relative, ec);
    if (ec) return nullptr;
    if (std::filesystem::is_directory(candidate, ec)) candidate /= "index.html";
    // The resolved path (symbolic links included) must stay under the root.
    const auto inside = candidate.lexically_relative(root_);
    if (inside.empty() || *inside.begin() == "..") return nullptr;
    const auto status = std::filesystem::status(candidate, ec);
    if (ec || !std::filesystem::is_regular_file(status)) return nullptr;
    const auto modified = std::filesystem::last_write_time(candidate, ec);
    if (ec) return nullptr;
    const auto size = std::filesystem::file_size(candidate, ec);
    if (ec) return nullptr;
    const std::string key = candidate.string();
    {
        std::lock_guard lock(mutex_);
        const auto found = cache_.find(key);
        if (found != cache_.end() && found->second.modified == modified && found->second.size == size) return found->second.file;
    }
    std::ifstream in(candidate, std::ios::binary);
    if (!in) return nullptr;
    auto file = std::make_shared<StaticFile>();
    std::ostringstream bytes;
    bytes << in.rdbuf();
    file->body = bytes.str();
    file->content_type = mime_type_of(key);
    if (is_compressible(file->content_type) && file->body.size() >= 256) {
        file->gzip_body = gzip_compress(file->body, 9);
        if (file->gzip_body.size() >= file->body.size()) file->gzip_body.clear();
    }
    const auto ticks = modified.time_since_epoch().count();
    std::ostringstream tag;
    tag << std::hex << size << "-" << static_cast<unsigned long long>(ticks);
    file->etag = tag.str();
    if (file->body.size() <= kMaxCachedFile) {
        std::lock_guard lock(mutex_);
        if (cached_bytes_ + file->body.size() > kMaxCachedTotal) {
            cache_.clear();
            cached_bytes_ = 0;
        }
        auto& entry = cache_[key];
        if (entry.file) cached_bytes_ -= entry.file->body.size() + entry.file->gzip_body.size();
        cached_bytes_ += file->body.size() + file->gzip_body.size();
        entry = Entry{modified, size, file};
    }
    return file;
}

}  // namespace annuaire::http
