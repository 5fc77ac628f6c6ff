#include "search/practice_items.hpp"

#include "owner/owner_fields.hpp"
#include "search/declared_columns.hpp"
#include "search/practice_index.hpp"

#include <cmath>
#include <stdexcept>

namespace annuaire::search {

using owner::kBooleanFields;
using owner::kConventionnement;
using owner::kExerciseModes;

// ---- TextRecords ----------------------------------------------------------

void TextRecords::set(std::size_t number, std::initializer_list<std::optional<std::string_view>> fields) {
    if (number >= start_.size()) start_.resize(number + 1, kMissing);
    if (bytes_.size() >= kMissing) throw std::length_error("item text records above 4 GB");
    start_[number] = static_cast<std::uint32_t>(bytes_.size());
    for (const auto& field : fields) {
        std::uint64_t length = field ? field->size() + 1 : 0;
        do {
            const auto low = static_cast<unsigned char>(length & 0x7f);
            length >>= 7;
            bytes_.push_back(static_cast<char>(length ? low | 0x80 : low));
        } while (length);
        if (field) bytes_.append(*field);
    }
}

void TextRecords::permute(const std::vector<std::uint32_t>& order) {
    std::vector<std::uint32_t> start(order.size(), kMissing);
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (order[i] < start_.size()) start[i] = start_[order[i]];
    }
    start_ = std::move(start);
}

void TextRecords::shrink_to_fit() {
    bytes_.shrink_to_fit();
    start_.shrink_to_fit();
}

std::optional<std::string_view> TextRecords::Reader::next() {
    std::uint64_t length = 0;
    for (int shift = 0;; shift += 7) {
        const auto byte = static_cast<unsigned char>(*at_++);
        length |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80)) break;
    }
    if (length == 0) return std::nullopt;
    const std::string_view text(at_, length - 1);
    at_ += length - 1;
    return text;
}

// ---- ItemTable ------------------------------------------------------------

void ItemTable::set_practitioner(std::size_t row, const store::IndexedPractice& practice) {
    practitioners_.set(row, {practice.last_name, practice.first_name, practice.civility});
}

void ItemTable::order_practitioners(const std::vector<std::uint32_t>& order) { practitioners_.permute(order); }

void ItemTable::set_site(std::uint32_t site_number, const store::SiteItem& site,
                         const std::map<std::string, std::string>& commune_labels) {
    // The resolved commune is named as the reference table names it, else as the extract does.
    std::optional<std::string_view> commune = site.commune;
    if (site.insee) {
        const auto label = commune_labels.find(*site.insee);
        if (label != commune_labels.end()) commune = label->second;
    }
    sites_.set(site_number, {site.site_name, site.address_line, site.complement, site.postcode, commune, site.insee,
                             site.phone, site.precision});
}

void ItemTable::add_correction(std::uint32_t pos, const std::string& entity, const std::string& field,
                               const std::string& value) {
    std::optional<Field> shown;
    if (entity == "practitioner") {
        if (field == "last_name") shown = Field::last_name;
        else if (field == "first_name") shown = Field::first_name;
        else if (field == "exercise_civility") shown = Field::civility;
    } else if (entity == "site") {
        if (field == "site_name") shown = Field::site_name;
        else if (field == "phone") shown = Field::phone;
    }
    if (shown) corrections_[pos].push_back(Correction{*shown, value});
}

void ItemTable::set_profession_labels(const std::vector<std::string>& codes,
                                      const std::map<std::string, std::string>& labels) {
    profession_label_.clear();
    for (const auto& code : codes) {
        const auto found = labels.find(code);
        profession_label_.push_back(found == labels.end() ? std::string() : found->second);
    }
}

void ItemTable::finish(std::size_t position_count, std::size_t site_count) {
    for (std::size_t pos = 0; pos < position_count; ++pos) {
        if (!practitioners_.has(pos)) throw std::runtime_error("search items: no practitioner row for position " + std::to_string(pos));
    }
    for (std::size_t site = 0; site < site_count; ++site) {
        if (!sites_.has(site)) throw std::runtime_error("search items: no site row for site number " + std::to_string(site));
    }
    practitioners_.shrink_to_fit();
    sites_.shrink_to_fit();
}

namespace {

// "key": the text, or null.
void text_field(util::JsonWriter& out, std::string_view key, std::optional<std::string_view> text) {
    out.key(key);
    if (text) out.value(*text);
    else out.null();
}

constexpr std::string_view kFieldNames[] = {"civility", "first_name", "last_name", "phone", "site_name"};

}  // namespace

const std::vector<ItemTable::Correction>* ItemTable::corrections_of(std::uint32_t pos) const {
    if (corrections_.empty()) return nullptr;
    const auto found = corrections_.find(pos);
    return found == corrections_.end() ? nullptr : &found->second;
}

ItemTable::Shown ItemTable::shown(const PracticeIndex& ix, std::uint32_t pos) const {
    const auto site_number = ix.text.site_of[pos];
    if (!practitioners_.has(pos) || !sites_.has(site_number)) {
        throw std::logic_error("search item of position " + std::to_string(pos) + " is missing");
    }
    Shown shown;
    auto person = practitioners_.record(pos);
    shown.last_name = person.next();
    shown.first_name = person.next();
    shown.civility = person.next();
    auto site = sites_.record(site_number);
    shown.site_name = site.next();
    shown.address_line = site.next();
    shown.complement = site.next();
    shown.postcode = site.next();
    shown.commune = site.next();
    shown.insee = site.next();
    shown.phone = site.next();
    shown.precision = site.next();
    // Owner corrections replace the RPPS values in the item (the fiche shows both).
    if (const auto* corrections = corrections_of(pos)) {
        for (const auto& correction : *corrections) {
            switch (correction.field) {
                case Field::civility: shown.civility = correction.value; break;
                case Field::first_name: shown.first_name = correction.value; break;
                case Field::last_name: shown.last_name = correction.value; break;
                case Field::phone: shown.phone = correction.value; break;
                case Field::site_name: shown.site_name = correction.value; break;
            }
        }
    }
    return shown;
}

void ItemTable::write(util::JsonWriter& out, const PracticeIndex& ix, const DeclaredColumns& declared, std::uint32_t pos,
                      std::optional<double> distance_m) const {
    const auto shown = this->shown(ix, pos);
    const auto* corrections = corrections_of(pos);

    // Keys in byte order, as nlohmann::json writes them.
    out.begin_object();
    out.key("address").begin_object();
    text_field(out, "commune", shown.commune);
    text_field(out, "complement", shown.complement);
    text_field(out, "insee", shown.insee);
    text_field(out, "line", shown.address_line);
    text_field(out, "postcode", shown.postcode);
    out.end_object();
    text_field(out, "civility", shown.civility);
    if (corrections && !corrections->empty()) {
        out.key("corrected").begin_array();
        for (const auto& correction : *corrections) out.value(kFieldNames[static_cast<int>(correction.field)]);
        out.end_array();
    }
    // What the owner declared of this practice that a list shows as badges.
    out.key("declared").begin_object();
    const auto owner = declared.owner(pos);
    static constexpr std::size_t kByName[] = {0, 3, 2, 4, 5, 1};   // kBooleanFields in key order
    static_assert(kBooleanFields[0].code == "carte_vitale" && kBooleanFields[3].code == "home_visits" &&
                  kBooleanFields[2].code == "pmr_access" && kBooleanFields[4].code == "teleconsultation" &&
                  kBooleanFields[5].code == "telesoin" && kBooleanFields[1].code == "tiers_payant");
    bool conventionnement_written = false;
    for (const auto field : kByName) {
        // "conventionnement" sorts between "carte_vitale" and "home_visits".
        if (field != 0 && !conventionnement_written) {
            conventionnement_written = true;
            const int conventionnement = declared.conventionnement_of(pos);
            if (conventionnement > 0) {
                out.key("conventionnement").value(kConventionnement[static_cast<std::size_t>(conventionnement - 1)].code);
            }
        }
        const auto state = (owner >> (2 * field)) & 3u;
        if (state) out.key(kBooleanFields[field].code).value(state == 2);
    }
    out.end_object();
    if (distance_m) out.key("distance_m").value(*distance_m);
    text_field(out, "first_name", shown.first_name);
    out.key("id").value(std::string_view(ix.practitioner_id[pos].data()));
    text_field(out, "last_name", shown.last_name);
    out.key("location");
    if (!std::isnan(ix.lat[pos]) && !std::isnan(ix.lon[pos])) {
        out.begin_object();
        out.key("lat").value(ix.lat[pos]);
        out.key("lon").value(ix.lon[pos]);
        text_field(out, "precision", shown.precision);
        out.end_object();
    } else {
        out.null();
    }
    out.key("modes").begin_array();
    for (auto bits = ix.modes_of(pos); bits; bits &= bits - 1) out.value(kExerciseModes[static_cast<std::size_t>(__builtin_ctz(bits))].code);
    out.end_array();
    text_field(out, "phone", shown.phone);
    out.key("practice_id").value(static_cast<std::int64_t>(ix.practice_id[pos]));
    const auto profession = ix.profession[pos];
    out.key("profession").begin_object();
    out.key("code").value(ix.professions.codes[profession]);
    out.key("label").value(profession_label_[profession]);
    out.end_object();
    out.key("site_id").value(static_cast<std::int64_t>(ix.site_id[pos]));
    text_field(out, "site_name", shown.site_name);
    out.key("specialties").begin_array();
    for (auto i = ix.specialty_offset[pos]; i < ix.specialty_offset[pos + 1]; ++i) {
        out.begin_object();
        out.key("code").value(ix.specialties.codes[ix.specialty[i]]);
        out.key("label").value(ix.specialty_item_label[ix.specialty[i]]);
        out.end_object();
    }
    out.end_array();
    out.end_object();
}

std::string ItemTable::display_name(std::uint32_t pos) const {
    if (!practitioners_.has(pos)) throw std::logic_error("search item of position " + std::to_string(pos) + " is missing");
    auto person = practitioners_.record(pos);
    std::optional<std::string_view> last = person.next(), first = person.next();
    if (const auto found = corrections_.find(pos); found != corrections_.end()) {
        for (const auto& correction : found->second) {
            if (correction.field == Field::last_name) last = correction.value;
            if (correction.field == Field::first_name) first = correction.value;
        }
    }
    std::string name(first.value_or(""));
    if (!name.empty()) name += ' ';
    name += last.value_or("");
    return name;
}

}  // namespace annuaire::search
