// gzip (RFC 1952) through zlib: whole bodies for answers and static files, and a
// stream for exports. Also reads Accept-Encoding.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace annuaire::http {

// True when an Accept-Encoding value accepts gzip (a q-value of 0 refuses it).
bool accepts_gzip(std::string_view accept_encoding);

// True for the media types worth compressing (text, JSON, JavaScript, SVG, CSV...).
bool is_compressible(std::string_view content_type);

std::string gzip_compress(std::string_view data, int level = 6);

// Compresses a body that is produced piece by piece; each call returns the bytes ready so far.
class GzipStream {
public:
    explicit GzipStream(int level = 4);
    ~GzipStream();
    GzipStream(const GzipStream&) = delete;
    GzipStream& operator=(const GzipStream&) = delete;

    std::string write(std::string_view data);
    std::string finish();

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace annuaire::http
