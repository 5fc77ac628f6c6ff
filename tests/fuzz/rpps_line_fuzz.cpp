// The RPPS extract's lines (importer/rpps_format.hpp) and the text handling they go
// through (core/text): each line is read as the importer reads it (UTF-8, else
// Windows-1252); the first one is tried as a header; each is parsed as a data line against
// the current 56-column layout, the 52-column one and the layout the first line defined. An
// accepted line has a valid identifier and a name, and its fields lie inside the line;
// its address goes through the address normaliser. fold() is checked on every line.
#include "fuzz_support.hpp"

#include "rpps_format.hpp"
#include "text/address_normalize.hpp"
#include "text/normalize.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace {

using annuaire::fuzz::require;
namespace importer = annuaire::importer;
namespace text = annuaire::text;

importer::Layout standard_layout(int columns) {
    std::string header;
    for (int i = 0; i < columns; ++i) header.append(importer::field_name(static_cast<importer::Field>(i))).append("|");
    return importer::parse_header(header);
}

// UTF-8 validity written from the table of well-formed byte sequences (Unicode 15, table
// 3-7), independently of text::is_valid_utf8, which decodes.
bool reference_valid_utf8(std::string_view bytes) {
    std::size_t i = 0;
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
    const auto in = [&](std::size_t k, unsigned lo, unsigned hi) { return k < bytes.size() && at(k) >= lo && at(k) <= hi; };
    while (i < bytes.size()) {
        const unsigned lead = at(i);
        if (lead <= 0x7F) { i += 1; continue; }
        if (lead >= 0xC2 && lead <= 0xDF && in(i + 1, 0x80, 0xBF)) { i += 2; continue; }
        if (lead == 0xE0 && in(i + 1, 0xA0, 0xBF) && in(i + 2, 0x80, 0xBF)) { i += 3; continue; }
        if (((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) && in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF)) { i += 3; continue; }
        if (lead == 0xED && in(i + 1, 0x80, 0x9F) && in(i + 2, 0x80, 0xBF)) { i += 3; continue; }
        if (lead == 0xF0 && in(i + 1, 0x90, 0xBF) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF)) { i += 4; continue; }
        if (lead >= 0xF1 && lead <= 0xF3 && in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF)) { i += 4; continue; }
        if (lead == 0xF4 && in(i + 1, 0x80, 0x8F) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF)) { i += 4; continue; }
        return false;
    }
    return true;
}

void check_fold(std::string_view line) {
    const std::string folded = text::fold(line);
    require(std::all_of(folded.begin(), folded.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' '; }),
            "fold() gives lower-case ASCII letters, digits and spaces");
    require(folded.empty() || (folded.front() != ' ' && folded.back() != ' '), "fold() trims");
    require(folded.find("  ") == std::string::npos, "fold() joins words with single spaces");
    require(text::fold(folded) == folded, "fold() is idempotent");
    const auto words = text::words(line);
    std::string joined;
    for (const auto& word : words) joined.append(joined.empty() ? "" : " ").append(word);
    require(joined == folded, "words() are fold() split at its spaces");
}

// What the importer keeps of a line: valid UTF-8, converted from Windows-1252 if need be.
std::string as_imported(std::string_view line) {
    const bool valid = text::is_valid_utf8(line);
    require(valid == reference_valid_utf8(line), "is_valid_utf8 agrees with the table of well-formed UTF-8");
    if (valid) return std::string(line);
    const std::string converted = text::windows1252_to_utf8(line);
    require(text::is_valid_utf8(converted), "Windows-1252 converts to valid UTF-8");
    require(converted.size() >= line.size() && converted.size() <= 3 * line.size(), "each byte becomes 1 to 3 bytes");
    return converted;
}

void check_record(const importer::Record& record, std::string_view line) {
    for (const auto value : record.values) {
        require(value.empty() || (value.data() >= line.data() && value.data() + value.size() <= line.data() + line.size()),
                "fields point inside the line");
        require(value.find('|') == std::string_view::npos, "fields hold no separator");
    }
    const auto id = record[importer::Field::id];
    require((id.size() == 9 || id.size() == 11) && std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }),
            "an accepted identifier is 9 or 11 digits");
    require(!record[importer::Field::last_name].empty(), "an accepted line has a name");
    using importer::Field;
    const auto number = text::parse_house_number(record[Field::street_number], record[Field::repetition_index]);
    require(number.number >= -1, "a house number is -1 (none) or a number");
    const auto tokens = text::street_tokens(record[Field::street_type_code], record[Field::street_type_label],
                                            record[Field::street_name]);
    for (const auto& token : tokens) require(!token.empty(), "street tokens are not empty");
    (void)text::join_tokens(tokens);
    (void)text::street_tokens(record[Field::street_name]);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const importer::Layout current = standard_layout(importer::kFieldCount);
    static const importer::Layout older = standard_layout(importer::kRequiredFieldCount);
    std::string_view rest = annuaire::fuzz::as_text(data, size);
    std::vector<std::string> lines;
    while (!rest.empty()) {
        const auto newline = rest.find('\n');
        std::string_view line = rest.substr(0, newline);
        rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(as_imported(line));
    }
    // The first line is the header, as in an extract.
    std::optional<importer::Layout> defined;
    if (!lines.empty()) {
        try {
            defined = importer::parse_header(lines.front());
            require(defined->column_count >= importer::kRequiredFieldCount, "a header has every required column");
        } catch (const importer::HeaderError&) {
        }
    }
    for (const auto& line : lines) {
        check_fold(line);
        const std::array<const importer::Layout*, 3> layouts = {&current, &older, defined ? &*defined : nullptr};
        for (const importer::Layout* layout : layouts) {
            if (!layout) continue;
            importer::Record record;
            const auto reason = importer::parse_line(line, *layout, record);
            if (reason) {
                require(!reason->empty(), "a rejected line has a reason");
            } else {
                check_record(record, line);
            }
        }
    }
    return 0;
}
