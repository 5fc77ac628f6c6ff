#include "http/gzip.hpp"

#include <zlib.h>

#include <stdexcept>

namespace annuaire::http {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// windowBits 15 + 16: a gzip wrapper rather than a zlib one.
constexpr int kGzipWindow = 15 + 16;

void deflate_into(z_stream& stream, std::string_view data, int flush, std::string& out) {
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    char buffer[32768];
    do {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        const int status = deflate(&stream, flush);
        if (status == Z_STREAM_ERROR) throw std::runtime_error("zlib deflate failed");
        out.append(buffer, sizeof buffer - stream.avail_out);
    } while (stream.avail_out == 0);
}

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
    std::size_t start = 0;
    while (start <= accept_encoding.size()) {
        auto end = accept_encoding.find(',', start);
        if (end == std::string_view::npos) end = accept_encoding.size();
        auto element = trim(accept_encoding.substr(start, end - start));
        start = end + 1;
        const auto semicolon = element.find(';');
        auto coding = trim(element.substr(0, semicolon));
        std::string name;
        for (const char c : coding) name += lower(c);
        if (name != "gzip" && name != "x-gzip" && name != "*") continue;
        if (semicolon == std::string_view::npos) return true;
        auto parameter = trim(element.substr(semicolon + 1));
        if (parameter.size() >= 2 && lower(parameter[0]) == 'q' && parameter[1] == '=') {
            const auto q = trim(parameter.substr(2));
            // "0", "0.", "0.0", "0.00", "0.000" refuse; anything else accepts.
            const bool zero = !q.empty() && q[0] == '0' && q.find_first_not_of("0.", 0) == std::string_view::npos;
            return !zero;
        }
        return true;
    }
    return false;
}

bool is_compressible(std::string_view content_type) {
    const auto semicolon = content_type.find(';');
    const auto type = trim(content_type.substr(0, semicolon));
    return type.substr(0, 5) == "text/" || type == "application/json" || type == "application/geo+json" ||
           type == "application/javascript" || type == "image/svg+xml" || type == "application/manifest+json" ||
           type == "application/xml";
}

std::string gzip_compress(std::string_view data, int level) {
    z_stream stream{};
    if (deflateInit2(&stream, level, Z_DEFLATED, kGzipWindow, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("zlib cannot start a gzip stream");
    }
    std::string out;
    out.reserve(data.size() / 4 + 64);
    try {
        deflate_into(stream, data, Z_FINISH, out);
    } catch (...) {
        deflateEnd(&stream);
        throw;
    }
    deflateEnd(&stream);
    return out;
}

struct GzipStream::State {
    z_stream stream{};
};

GzipStream::GzipStream(int level) : state_(std::make_unique<State>()) {
    if (deflateInit2(&state_->stream, level, Z_DEFLATED, kGzipWindow, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("zlib cannot start a gzip stream");
    }
}

GzipStream::~GzipStream() { deflateEnd(&state_->stream); }

std::string GzipStream::write(std::string_view data) {
    std::string out;
    deflate_into(state_->stream, data, Z_NO_FLUSH, out);
    return out;
}

std::string GzipStream::finish() {
    std::string out;
    deflate_into(state_->stream, {}, Z_FINISH, out);
    return out;
}

}  // namespace annuaire::http
