#include "validate.hpp"

#include <cstdlib>
#include <map>
#include <stdexcept>

#include <cpl_conv.h>
#include <cpl_vsi.h>

#include "ban_format.hpp"
#include "reference.hpp"

namespace gen {
namespace {

struct VsiCloser {
    void operator()(VSILFILE* f) const noexcept { VSIFCloseL(f); }
};
using VsiHandle = std::unique_ptr<VSILFILE, VsiCloser>;

VsiHandle open_read(const std::string& path) {
    const bool gz = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
    const std::string vsi = gz ? "/vsigzip/" + path : path;
    VsiHandle f(VSIFOpenL(vsi.c_str(), "rb"));
    if (!f) throw std::runtime_error("cannot read back " + path);
    return f;
}

[[noreturn]] void fail(const std::string& path, long line, const std::string& what) {
    throw std::runtime_error(path + " line " + std::to_string(line) + ": " + what);
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
        i += n;
    }
    return true;
}

}  // namespace

BanCheck check_ban_file(const std::string& path, const std::vector<Contour>& contours) {
    std::map<std::string, const Contour*> by_insee;
    for (const auto& c : contours) by_insee[c.insee()] = &c;
    auto f = open_read(path);
    BanCheck check;
    long line_no = 0;
    const char* line;
    while ((line = CPLReadLineL(f.get())) != nullptr) {
        ++line_no;
        const std::string_view text(line);
        if (line_no == 1) {
            if (text != kBanHeader) fail(path, line_no, "unexpected header");
            continue;
        }
        const auto fields = split(text, ';');
        if (fields.size() != kBanColumns) fail(path, line_no, "expected 23 columns, got " + std::to_string(fields.size()));
        const std::string& id = fields[0];
        const std::string& insee = fields[6];
        const int numero = std::atoi(fields[2].c_str());
        char num[8];
        std::snprintf(num, sizeof num, "%05d", numero);
        if (id.rfind(insee + "_", 0) != 0) fail(path, line_no, "id does not start with code_insee");
        const std::string tail = "_" + std::string(num) + (fields[3].empty() ? "" : "_" + fields[3]);
        if (id.size() < tail.size() || id.compare(id.size() - tail.size(), tail.size(), tail) != 0)
            fail(path, line_no, "id does not end with numero/rep");
        if (!fields[1].empty() && id.rfind(fields[1] + "_", 0) != 0) fail(path, line_no, "id_fantoir is not a prefix of id");
        if (!check.keys.insert(id).second) fail(path, line_no, "duplicate id " + id);
        auto it = by_insee.find(insee);
        if (it == by_insee.end()) fail(path, line_no, "unknown commune " + insee);
        const double lon = std::strtod(fields[12].c_str(), nullptr), lat = std::strtod(fields[13].c_str(), nullptr);
        if (!point_in_geometry(it->second->wgs84(), lon, lat))
            fail(path, line_no, "point " + fields[12] + "," + fields[13] + " is outside commune " + insee);
        if (fields[18].size() > 32) fail(path, line_no, "nom_afnor longer than 32 characters");
        if (!valid_utf8(text)) fail(path, line_no, "invalid UTF-8");
        ++check.rows;
    }
    if (line_no == 0) throw std::runtime_error(path + " is empty");
    return check;
}

ExtractCheck check_extract_file(const std::string& path, const std::string& header) {
    auto f = open_read(path);
    ExtractCheck check;
    std::string line;
    long line_no = 0;
    char buf[1 << 16];
    std::string pending;
    auto check_line = [&](std::string_view l) {
        ++line_no;
        if (line_no == 1) {
            if (l.size() >= 3 && static_cast<unsigned char>(l[0]) == 0xEF) fail(path, line_no, "UTF-8 BOM present");
            if (l != header) fail(path, line_no, "header differs from the reference header");
            return;
        }
        if (!l.empty() && l.back() == '\r') fail(path, line_no, "CRLF line ending");
        std::size_t pipes = 0;
        for (char c : l) pipes += c == '|';
        if (pipes != 56 || l.empty() || l.back() != '|')
            fail(path, line_no, "expected 56 fields each followed by '|', got " + std::to_string(pipes) + " separators");
        if (!valid_utf8(l)) fail(path, line_no, "invalid UTF-8");
        ++check.lines;
    };
    for (;;) {
        const std::size_t n = VSIFReadL(buf, 1, sizeof buf, f.get());
        if (n == 0) break;
        std::string_view chunk(buf, n);
        std::size_t start = 0;
        for (;;) {
            const std::size_t nl = chunk.find('\n', start);
            if (nl == std::string_view::npos) {
                pending.append(chunk.substr(start));
                break;
            }
            if (pending.empty()) {
                check_line(chunk.substr(start, nl - start));
            } else {
                pending.append(chunk.substr(start, nl - start));
                check_line(pending);
                pending.clear();
            }
            start = nl + 1;
        }
    }
    if (!pending.empty()) fail(path, line_no + 1, "last line has no LF");
    if (line_no == 0) throw std::runtime_error(path + " is empty");
    return check;
}

}  // namespace gen
