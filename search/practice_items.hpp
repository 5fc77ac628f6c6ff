// What a search item shows of each practice that the rest of the index does not
// hold (names, site name, address, phone, owner corrections), kept in memory as
// compact text records: a page of results is written from memory, without a
// query per item. Built with the PracticeIndex, immutable afterwards.
#pragma once

#include "store/search_store.hpp"
#include "util/json_writer.hpp"

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace annuaire::search {

class PracticeIndex;
class DeclaredColumns;

// Records of optional strings, each found by a number: one string of bytes, each field
// a varint (length + 1, 0 for null) and its bytes. About the size of the text itself.
class TextRecords {
public:
    static constexpr std::uint32_t kMissing = 0xffffffffu;

    // Record `number` is `fields` (numbers need not come in order; a later set wins).
    void set(std::size_t number, std::initializer_list<std::optional<std::string_view>> fields);
    bool has(std::size_t number) const { return number < start_.size() && start_[number] != kMissing; }
    // Renumbers: record i becomes the one that was number order[i].
    void permute(const std::vector<std::uint32_t>& order);
    void shrink_to_fit();

    // Reads the fields of one record in the order they were set.
    class Reader {
    public:
        explicit Reader(const char* at) : at_(at) {}
        std::optional<std::string_view> next();

    private:
        const char* at_;
    };
    // Precondition: has(number).
    Reader record(std::size_t number) const { return Reader(bytes_.data() + start_[number]); }

private:
    friend struct IndexFile;
    std::string bytes_;
    std::vector<std::uint32_t> start_;
};

class ItemTable {
public:
    // Building, from the rows of the store.
    void set_practitioner(std::size_t row, const store::IndexedPractice& practice);
    // Rows were put in index order: position i is the practice read as row order[i].
    void order_practitioners(const std::vector<std::uint32_t>& order);
    // `site_number`: the site's number in the text index. `commune_labels`: the reference
    // name of each resolved commune, shown in place of the extract's.
    void set_site(std::uint32_t site_number, const store::SiteItem& site,
                  const std::map<std::string, std::string>& commune_labels);
    // Corrections of one practice, in the order of store::for_each_practice_correction.
    void add_correction(std::uint32_t pos, const std::string& entity, const std::string& field, const std::string& value);
    void set_profession_labels(const std::vector<std::string>& codes, const std::map<std::string, std::string>& labels);
    // Throws when a position or a site has no record (the store rows do not agree).
    void finish(std::size_t position_count, std::size_t site_count);

    // What the item of position `pos` shows, owner corrections applied (views into the
    // table, valid while it lives). Precondition as for write().
    struct Shown {
        std::optional<std::string_view> civility, first_name, last_name, phone, site_name;
        std::optional<std::string_view> address_line, complement, postcode, commune, insee, precision;
    };
    Shown shown(const PracticeIndex& ix, std::uint32_t pos) const;

    // Writes the item of position `pos`: the object GET /api/v1/practitioners lists, with
    // "distance_m" when given, and what owners declared as `declared` holds it (the index's
    // columns with the owner edits applied since). Precondition: pos < ix.size() and the
    // table was built with ix.
    void write(util::JsonWriter& out, const PracticeIndex& ix, const DeclaredColumns& declared, std::uint32_t pos,
               std::optional<double> distance_m) const;
    // The label of profession number `profession` (ix.professions), "" when unknown.
    std::string_view profession_label(std::uint16_t profession) const { return profession_label_[profession]; }
    // "First Last" as items show them (owner corrections applied).
    std::string display_name(std::uint32_t pos) const;

private:
    friend struct IndexFile;
    // The RPPS values an owner may correct in items, in the order of their keys.
    enum class Field : std::uint8_t { civility, first_name, last_name, phone, site_name };
    struct Correction {
        Field field;
        std::string value;
    };
    // The corrections of `pos`, or null.
    const std::vector<Correction>* corrections_of(std::uint32_t pos) const;
    TextRecords practitioners_;   // by position: last name, first name, civility
    TextRecords sites_;           // by site number: site name, address line, complement, postcode,
                                  // commune, insee, phone, precision
    std::unordered_map<std::uint32_t, std::vector<Correction>> corrections_;   // by position
    std::vector<std::string> profession_label_;   // by profession number: label, or "" when unknown
};

}  // namespace annuaire::search
