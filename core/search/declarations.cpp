#include "search/declarations.hpp"

#include "search/owner_fields.hpp"

#include <nlohmann/json.hpp>

#include <set>

namespace annuaire::search {

namespace {

[[noreturn]] void fail(const std::string& where, const std::string& fault) {
    throw DeclarationError(where + ": " + fault);
}

std::optional<std::string> optional_text(const nlohmann::json& object, const char* key, const std::string& where,
                                         std::size_t max = 500) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) fail(where + "." + key, "expected a string");
    auto value = it->get<std::string>();
    if (value.size() > max) fail(where + "." + key, "longer than " + std::to_string(max) + " bytes");
    return value;
}

int parse_clock(const nlohmann::json& value, const std::string& where) {
    if (!value.is_string()) fail(where, "expected HH:MM");
    const auto text = value.get<std::string>();
    if (text.size() != 5 || text[2] != ':' || !isdigit(text[0]) || !isdigit(text[1]) || !isdigit(text[3]) || !isdigit(text[4])) {
        fail(where, "expected HH:MM, got '" + text + "'");
    }
    const int hours = (text[0] - '0') * 10 + (text[1] - '0');
    const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) fail(where, "not a time of day: '" + text + "'");
    return hours * 60 + minutes;
}

template <std::size_t N>
std::optional<std::vector<std::string>> code_list(const nlohmann::json& object, const char* key, const std::string& where,
                                                  const std::array<CodeLabel, N>& allowed) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_array()) fail(where + "." + key, "expected an array");
    std::vector<std::string> codes;
    for (const auto& value : *it) {
        // Anything but a string is named by its type: dump() recurses as deep as the value nests.
        if (!value.is_string()) fail(where + "." + key, std::string("expected strings, found ") + value.type_name());
        if (index_of(allowed, value.get<std::string>()) < 0) fail(where + "." + key, "unknown value " + value.dump());
        codes.push_back(value.get<std::string>());
    }
    return codes;
}

std::optional<std::int64_t> optional_integer(const nlohmann::json& object, const char* key, const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_number_integer()) fail(where + "." + key, "expected an integer");
    return it->get<std::int64_t>();
}

// Calls fn(entry, where) for each object of the array document[key], if there is one.
template <typename Fn>
void for_each_entry(const nlohmann::json& document, const char* key, Fn&& fn) {
    const auto it = document.find(key);
    if (it == document.end()) return;
    if (!it->is_array()) fail(key, "expected an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
        const auto& entry = (*it)[i];
        const std::string where = std::string(key) + "[" + std::to_string(i) + "]";
        if (!entry.is_object()) fail(where, "expected an object");
        fn(entry, where);
    }
}

}  // namespace

store::DeclarationSet parse_declarations(const nlohmann::json& document) {
    if (!document.is_object()) fail("document", "expected a JSON object");
    store::DeclarationSet set;
    const auto default_by = optional_text(document, "declared_by", "document");
    const auto default_at = optional_text(document, "declared_at", "document");
    const auto when = [&](const nlohmann::json& entry, const std::string& where) {
        auto at = optional_text(entry, "declared_at", where);
        if (!at) at = default_at;
        if (!at || at->size() < 10) fail(where + ".declared_at", "required (ISO 8601 date-time)");
        return *at;
    };
    const auto by = [&](const nlohmann::json& entry, const std::string& where) {
        auto declared_by = optional_text(entry, "declared_by", where);
        return declared_by ? declared_by : default_by;
    };
    const auto id_of = [&](const nlohmann::json& entry, const std::string& where) {
        auto id = optional_text(entry, "practitioner_id", where, 20);
        if (!id || id->empty()) fail(where + ".practitioner_id", "required");
        return *id;
    };
    for_each_entry(document, "practitioners", [&](const nlohmann::json& entry, const std::string& where) {
        store::PractitionerDeclaration d;
        d.practitioner_id = id_of(entry, where);
        d.phone = optional_text(entry, "phone", where, 40);
        d.mssante_email = optional_text(entry, "mssante_email", where, 200);
        d.expertise = optional_text(entry, "expertise", where, 2000);
        d.training = optional_text(entry, "training", where, 2000);
        d.website = optional_text(entry, "website", where, 500);
        d.declared_at = when(entry, where);
        d.declared_by = by(entry, where);
        set.practitioners.push_back(std::move(d));
    });
    std::set<std::pair<std::string, std::string>> seen_practices;
    for_each_entry(document, "practices", [&](const nlohmann::json& entry, const std::string& where) {
        store::PracticeDeclaration d;
        d.practitioner_id = id_of(entry, where);
        d.site_key = optional_text(entry, "site_key", where, 200);
        d.site_id = optional_integer(entry, "site_id", where);
        if (!d.site_key == !d.site_id) fail(where, "give exactly one of site_key and site_id");
        const std::string site = d.site_key ? *d.site_key : std::to_string(*d.site_id);
        if (!seen_practices.emplace(d.practitioner_id, site).second) fail(where, "declares the same practice twice");
        d.phone = optional_text(entry, "phone", where, 40);
        d.mssante_email = optional_text(entry, "mssante_email", where, 200);
        d.appointment_url = optional_text(entry, "appointment_url", where, 500);
        d.conventionnement = optional_text(entry, "conventionnement", where, 40);
        if (d.conventionnement && index_of(kConventionnement, *d.conventionnement) < 0) {
            fail(where + ".conventionnement", "unknown value '" + *d.conventionnement + "'");
        }
        for (std::size_t b = 0; b < kBooleanFields.size(); ++b) {
            const std::string key(kBooleanFields[b].code);
            const auto value = entry.find(key);
            if (value == entry.end() || value->is_null()) continue;
            if (!value->is_boolean()) fail(where + "." + key, "expected true or false");
            d.booleans[b] = value->get<bool>();
        }
        d.publics = code_list(entry, "publics", where, kPublics);
        d.acts = code_list(entry, "acts", where, kActs);
        if (const auto h = entry.find("opening_hours"); h != entry.end() && !h->is_null()) {
            if (!h->is_array()) fail(where + ".opening_hours", "expected an array");
            std::vector<store::OpeningInterval> hours;
            for (std::size_t k = 0; k < h->size(); ++k) {
                const auto& slot = (*h)[k];
                const std::string at = where + ".opening_hours[" + std::to_string(k) + "]";
                if (!slot.is_object() || !slot.contains("weekday") || !slot["weekday"].is_number_integer()) {
                    fail(at, "expected {\"weekday\": 1..7, \"opens\": \"HH:MM\", \"closes\": \"HH:MM\"}");
                }
                store::OpeningInterval interval;
                interval.weekday = slot["weekday"].get<int>();
                if (interval.weekday < 1 || interval.weekday > 7) fail(at + ".weekday", "must be 1 (Monday) to 7 (Sunday)");
                interval.opens = parse_clock(slot.value("opens", nlohmann::json()), at + ".opens");
                interval.closes = parse_clock(slot.value("closes", nlohmann::json()), at + ".closes");
                if (interval.opens >= interval.closes) fail(at, "opens must be before closes");
                hours.push_back(interval);
            }
            d.hours = std::move(hours);
        }
        d.declared_at = when(entry, where);
        d.declared_by = by(entry, where);
        set.practices.push_back(std::move(d));
    });
    std::set<std::pair<std::string, std::string>> seen_corrections;
    for_each_entry(document, "corrections", [&](const nlohmann::json& entry, const std::string& where) {
        store::FieldCorrection c;
        c.practitioner_id = optional_text(entry, "practitioner_id", where, 20);
        c.site_key = optional_text(entry, "site_key", where, 200);
        c.site_id = optional_integer(entry, "site_id", where);
        if (int{c.practitioner_id.has_value()} + int{c.site_key.has_value()} + int{c.site_id.has_value()} != 1) {
            fail(where, "give exactly one of practitioner_id, site_key and site_id");
        }
        auto field = optional_text(entry, "field", where, 40);
        if (!field) fail(where + ".field", "required");
        const bool known = c.practitioner_id ? index_of(kCorrectablePractitionerFields, *field) >= 0
                                             : index_of(kCorrectableSiteFields, *field) >= 0;
        if (!known) {
            fail(where + ".field", "'" + *field + "' cannot be corrected on a " +
                                       (c.practitioner_id ? "practitioner" : "site"));
        }
        c.field = *field;
        auto value = optional_text(entry, "value", where, 500);
        if (!value || value->empty()) fail(where + ".value", "required (a non-empty string)");
        c.value = *value;
        const std::string owner = c.practitioner_id ? "p:" + *c.practitioner_id
                                  : c.site_key      ? "k:" + *c.site_key
                                                    : "s:" + std::to_string(*c.site_id);
        if (!seen_corrections.emplace(owner, c.field).second) fail(where, "corrects the same field twice");
        c.declared_at = when(entry, where);
        c.declared_by = by(entry, where);
        set.corrections.push_back(std::move(c));
    });
    return set;
}

}  // namespace annuaire::search
