#include "owner/declarations.hpp"

#include "owner/declared_values.hpp"
#include "owner/owner_fields.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <unordered_set>

namespace annuaire::owner {

namespace {

using nlohmann::json;

std::string problem_lines(const std::vector<DeclarationProblem>& problems, std::size_t unlisted) {
    std::string text;
    for (const auto& problem : problems) {
        if (!text.empty()) text += "\n";
        text += problem.path + ": " + problem.fault;
    }
    if (unlisted > 0) text += "\n... and " + std::to_string(unlisted) + " more problems";
    return text;
}

// The problems of one document, in the order found.
class Problems {
public:
    void add(std::string path, std::string fault) {
        if (list_.size() == kMaxListedProblems) {
            ++unlisted_;
            return;
        }
        list_.push_back({path.empty() ? "document" : std::move(path), std::move(fault)});
    }
    bool empty() const { return list_.empty(); }
    [[noreturn]] void raise() { throw DeclarationError(std::move(list_), unlisted_); }

private:
    std::vector<DeclarationProblem> list_;
    std::size_t unlisted_ = 0;
};

// JSON paths as the messages write them: corrections[2].value; "" is the document.
std::string member_path(const std::string& object_path, std::string_view key) {
    return object_path.empty() ? escaped(key) : object_path + "." + escaped(key);
}
std::string item_path(const std::string& array_path, std::size_t index) {
    return (array_path.empty() ? "document" : array_path) + "[" + std::to_string(index) + "]";
}

// Insertions, deletions, substitutions and swaps of neighbours from a to b, or
// limit + 1 when there are more than limit.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
    if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return std::min(d[a.size()][b.size()], limit + 1);
}

// " (did you mean 'pmr_access'?)" when one known name is a typo or two away from word.
std::string suggestion(std::string_view word, const std::vector<std::string_view>& known) {
    const std::size_t limit = word.size() < 5 ? 1 : 2;
    std::string_view best;
    std::size_t best_distance = limit + 1;
    for (const auto name : known) {
        const auto distance = edit_distance(word, name, limit);
        if (distance < best_distance) best_distance = distance, best = name;
    }
    return best.empty() ? std::string() : " (did you mean '" + std::string(best) + "'?)";
}

template <std::size_t N>
std::vector<std::string_view> codes_of(const std::array<CodeLabel, N>& list) {
    std::vector<std::string_view> codes;
    for (const auto& item : list) codes.push_back(item.code);
    return codes;
}

std::string joined(const std::vector<std::string_view>& names) {
    std::string text;
    for (const auto name : names) text += (text.empty() ? "" : ", ") + std::string(name);
    return text;
}

// First pass over the text, before any tree is built: syntax, depth, keys given
// twice (the tree would silently keep the last one), and the text of the numbers
// that are not integers (the tree keeps them as doubles: 1e3 would become 1000.0).
class StructureCheck final : public json::json_sax_t {
public:
    explicit StructureCheck(Problems& problems) : problems_(problems) {}

    // Paths of the numbers written with a fraction or an exponent, or too large for
    // 64 bits, and their text as written.
    const std::map<std::string, std::string>& inexact_numbers() const { return inexact_numbers_; }

    bool null() override { return next_value(); }
    bool boolean(bool) override { return next_value(); }
    bool number_integer(number_integer_t) override { return next_value(); }
    bool number_unsigned(number_unsigned_t) override { return next_value(); }
    bool number_float(number_float_t, const string_t& text) override {
        next_value();
        inexact_numbers_.emplace(current_path(), text);
        return true;
    }
    bool string(string_t&) override { return next_value(); }
    bool binary(binary_t&) override { return next_value(); }
    bool start_object(std::size_t) override { return open(false); }
    bool key(string_t& key) override {
        auto& frame = frames_.back();
        frame.key = key;
        if (!frame.keys.insert(key).second) problems_.add(member_path(frame.path, key), "given twice in the same object");
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(true); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t, const std::string&, const json::exception& error) override {
        std::string_view message = error.what();
        if (const auto end = message.find("] "); message.starts_with("[json.exception") && end != std::string_view::npos) {
            message.remove_prefix(end + 2);
        }
        problems_.add("document", "not valid JSON: " + std::string(message));
        return false;
    }

private:
    struct Frame {
        bool array = false;
        std::string path;
        std::size_t values = 0;   // of an array, so far
        std::string key;          // of an object, the last one read
        std::unordered_set<std::string> keys;
    };
    // Counts the value that starts in the enclosing array, if any.
    bool next_value() {
        if (!frames_.empty() && frames_.back().array) ++frames_.back().values;
        return true;
    }
    // The path of the value just started.
    std::string current_path() const {
        if (frames_.empty()) return "";
        const auto& frame = frames_.back();
        return frame.array ? item_path(frame.path, frame.values - 1) : member_path(frame.path, frame.key);
    }
    bool open(bool array) {
        next_value();
        auto path = current_path();
        if (frames_.size() == kMaxDocumentDepth) {
            problems_.add(path, "nested deeper than " + std::to_string(kMaxDocumentDepth) + " levels");
            return false;
        }
        frames_.push_back({array, std::move(path), 0, {}, {}});
        return true;
    }
    bool close() {
        frames_.pop_back();
        return true;
    }

    Problems& problems_;
    std::vector<Frame> frames_;
    std::map<std::string, std::string> inexact_numbers_;
};

const std::vector<std::string_view> kDocumentFields = {"declared_by", "declared_at", "practitioners", "practices",
                                                       "corrections"};
const std::vector<std::string_view> kPractitionerFields = {
    "practitioner_id", "phone", "mssante_email", "expertise", "training", "website", "declared_at", "declared_by"};
const std::vector<std::string_view> kPracticeFields = [] {
    std::vector<std::string_view> fields = {"practitioner_id", "site_key", "site_id",  "phone", "mssante_email",
                                            "appointment_url", "conventionnement", "publics", "acts",
                                            "opening_hours",   "declared_at",      "declared_by"};
    for (const auto& field : kBooleanFields) fields.push_back(field.code);
    return fields;
}();
const std::vector<std::string_view> kSlotFields = {"weekday", "opens", "closes"};
const std::vector<std::string_view> kCorrectionFields = {"practitioner_id", "site_key",    "site_id",    "field",
                                                         "value",           "declared_at", "declared_by"};
// An owner's edit: the fiche is the one the request names, the server says when and who.
const std::vector<std::string_view> kOwnerDocumentFields = {"practitioner", "practices", "corrections"};
const std::vector<std::string_view> kAddressFields = {"line", "complement", "postcode", "commune"};

// `fields` without what an owner's edit may not say.
std::vector<std::string_view> owner_fields_of(const std::vector<std::string_view>& fields) {
    std::vector<std::string_view> kept;
    for (const auto field : fields) {
        if (field != "practitioner_id" && field != "declared_at" && field != "declared_by") kept.push_back(field);
    }
    return kept;
}

constexpr std::int64_t kMaxInteger = std::numeric_limits<std::int64_t>::max();

std::string clock_text(int minute) {
    const auto two = [](int n) { return std::string(1, static_cast<char>('0' + n / 10)) + static_cast<char>('0' + n % 10); };
    return two(minute / 60) + ":" + two(minute % 60);
}

// Second pass, over the tree: every field of every entry, each problem recorded
// with its path and the walk going on, so that one refusal lists them all.
class Reader {
public:
    Reader(Problems& problems, const std::map<std::string, std::string>& inexact_numbers, const DeclarationSource& source)
        : problems_(problems), inexact_numbers_(inexact_numbers), source_(source) {}

    store::DeclarationSet read(const json& document);

private:
    void fault(const std::string& path, std::string fault) { problems_.add(path, std::move(fault)); }

    // How a value is named in a message: as written in the document.
    std::string describe(const json& value, const std::string& path) const {
        if (value.is_string()) return "the string " + single_quoted(value.get_ref<const std::string&>());
        if (value.is_number_float()) {
            const auto it = inexact_numbers_.find(path);
            return it != inexact_numbers_.end() ? escaped(it->second) : value.dump();
        }
        if (value.is_object()) return "an object";
        if (value.is_array()) return "an array";
        return value.dump();
    }

    static bool present(const json& object, const char* key) {
        const auto it = object.find(key);
        return it != object.end() && !it->is_null();
    }

    void check_fields(const json& object, const std::string& path, const std::vector<std::string_view>& known) {
        for (const auto& [key, value] : object.items()) {
            if (std::find(known.begin(), known.end(), key) == known.end()) {
                fault(member_path(path, key), "unknown field" + suggestion(key, known));
            }
        }
    }

    // The value of object[key] passed through check (string_view -> stored string,
    // throwing ValueError), or nothing when the field is absent, null or refused.
    // `required` names what is expected when the field is absent.
    template <typename Check>
    std::optional<std::string> text(const json& object, const char* key, const std::string& path, Check&& check,
                                    std::optional<std::string_view> required = std::nullopt) {
        const auto at = member_path(path, key);
        const auto it = object.find(key);
        if (it == object.end() || it->is_null()) {
            if (required) fault(at, "required" + (required->empty() ? "" : " (" + std::string(*required) + ")"));
            return std::nullopt;
        }
        if (!it->is_string()) {
            fault(at, "expected a string, got " + describe(*it, at));
            return std::nullopt;
        }
        try {
            return check(std::string_view(it->get_ref<const std::string&>()));
        } catch (const EmptyTextError& error) {
            fault(at, required ? std::string(error.what())
                               : std::string(error.what()) +
                                     ": leave the field out to keep what is declared, or give null to clear it");
        } catch (const ValueError& error) {
            fault(at, error.what());
        }
        return std::nullopt;
    }

    // What an entry says of a declared field: absent (keep), null (clear) or a value passed
    // through `read` (which records any fault and returns nullopt then).
    template <typename T, typename Read>
    store::Change<T> change(const json& object, const char* key, Read&& read) {
        const auto it = object.find(key);
        if (it == object.end()) return {};
        if (it->is_null()) return store::Change<T>::cleared();
        auto value = read();
        return value ? store::Change<T>::to(std::move(*value)) : store::Change<T>();
    }
    // `required`: the value may not be empty (nor may it be left out, which the caller checks).
    template <typename Check>
    store::Change<std::string> text_change(const json& object, const char* key, const std::string& path, Check&& check,
                                           bool required = false) {
        return change<std::string>(object, key, [&] {
            return required ? text(object, key, path, check, "") : text(object, key, path, check);
        });
    }

    std::optional<std::int64_t> integer(const json& value, const std::string& at, std::int64_t min, std::int64_t max,
                                        const std::string& range) {
        const auto out_of_range = [&](const std::string& written) { fault(at, written + " is out of range (" + range + ")"); };
        if (value.is_number_unsigned()) {
            const auto number = value.get<std::uint64_t>();
            if (number > static_cast<std::uint64_t>(max) || static_cast<std::int64_t>(number) < min) {
                out_of_range(value.dump());
                return std::nullopt;
            }
            return static_cast<std::int64_t>(number);
        }
        if (value.is_number_integer()) {
            const auto number = value.get<std::int64_t>();
            if (number < min || number > max) {
                out_of_range(value.dump());
                return std::nullopt;
            }
            return number;
        }
        if (value.is_number_float()) {
            const auto it = inexact_numbers_.find(at);
            const std::string written = it != inexact_numbers_.end() ? escaped(it->second) : value.dump();
            if (written.find_first_of(".eE") == std::string::npos) {
                out_of_range(written);  // an integer beyond 64 bits
            } else {
                fault(at, "expected an integer, got " + written);
            }
            return std::nullopt;
        }
        fault(at, "expected an integer, got " + describe(value, at));
        return std::nullopt;
    }

    std::optional<std::int64_t> site_id(const json& entry, const std::string& path) {
        if (!present(entry, "site_id")) return std::nullopt;
        return integer(entry["site_id"], member_path(path, "site_id"), 1, kMaxInteger, "1 to " + std::to_string(kMaxInteger));
    }

    std::optional<std::string> site_key(const json& entry, const std::string& path) {
        return text(entry, "site_key", path, [](std::string_view v) { return checked_text(v, kMaxSiteKeyCharacters); });
    }

    std::optional<std::string> practitioner_id(const json& entry, const std::string& path) {
        if (source_.owner_of) return *source_.owner_of;
        return text(entry, "practitioner_id", path, checked_practitioner_id, "");
    }

    // A corrected address: {"line", "complement" (optional), "postcode", "commune"}, stored as
    // that JSON object written compactly, keys in order.
    std::optional<std::string> address(const json& value, const std::string& at) {
        if (!value.is_object()) {
            fault(at, "expected {\"line\", \"complement\", \"postcode\", \"commune\"}, got " + describe(value, at));
            return std::nullopt;
        }
        check_fields(value, at, kAddressFields);
        const auto line = text(value, "line", at, [](std::string_view v) { return checked_text(v, kMaxAddressLineCharacters); },
                               "number and street");
        const auto complement =
            text(value, "complement", at, [](std::string_view v) { return checked_text(v, kMaxAddressLineCharacters); });
        const auto postcode = text(value, "postcode", at, checked_postcode, "5 digits");
        const auto commune = text(value, "commune", at, [](std::string_view v) { return checked_text(v, kMaxCommuneCharacters); },
                                  "the commune's name");
        if (!line || !postcode || !commune) return std::nullopt;
        json stored = {{"commune", *commune}, {"line", *line}, {"postcode", *postcode}};
        if (complement) stored["complement"] = *complement;
        return stored.dump();
    }

    template <std::size_t N>
    std::optional<std::string> code(const json& entry, const char* key, const std::string& path,
                                    const std::array<CodeLabel, N>& allowed) {
        auto value = text(entry, key, path, [](std::string_view v) { return std::string(v); });
        if (value && index_of(allowed, *value) < 0) {
            fault(member_path(path, key), "unknown value " + single_quoted(*value) + suggestion(*value, codes_of(allowed)) +
                                              "; known: " + joined(codes_of(allowed)));
            return std::nullopt;
        }
        return value;
    }

    template <std::size_t N>
    std::optional<std::vector<std::string>> code_list(const json& entry, const char* key, const std::string& path,
                                                      const std::array<CodeLabel, N>& allowed) {
        const auto it = entry.find(key);
        if (it == entry.end() || it->is_null()) return std::nullopt;
        const auto at = member_path(path, key);
        if (!it->is_array()) {
            fault(at, "expected an array, got " + describe(*it, at));
            return std::nullopt;
        }
        std::vector<std::string> codes;
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto& value = (*it)[i];
            const auto item_at = item_path(at, i);
            if (!value.is_string() || index_of(allowed, value.get_ref<const std::string&>()) < 0) {
                const std::string written = value.is_string() ? single_quoted(value.get_ref<const std::string&>()) : describe(value, item_at);
                fault(item_at, "unknown value " + written +
                                   (value.is_string() ? suggestion(value.get_ref<const std::string&>(), codes_of(allowed)) : "") +
                                   "; known: " + joined(codes_of(allowed)));
            } else if (std::find(codes.begin(), codes.end(), value.get_ref<const std::string&>()) != codes.end()) {
                fault(item_at, single_quoted(value.get_ref<const std::string&>()) + " is listed twice");
            } else {
                codes.push_back(value.get<std::string>());
            }
        }
        return codes;
    }

    std::optional<int> clock(const json& slot, const char* key, const std::string& path) {
        const auto at = member_path(path, key);
        const auto it = slot.find(key);
        if (it == slot.end() || it->is_null()) {
            fault(at, "required (HH:MM)");
            return std::nullopt;
        }
        if (!it->is_string()) {
            fault(at, "expected HH:MM, got " + describe(*it, at));
            return std::nullopt;
        }
        const auto& text = it->get_ref<const std::string&>();
        const auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
        if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
            fault(at, "expected HH:MM, got " + single_quoted(text));
            return std::nullopt;
        }
        const int hours = (text[0] - '0') * 10 + (text[1] - '0');
        const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
        if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) {
            fault(at, "not a time of day: " + single_quoted(text));
            return std::nullopt;
        }
        return hours * 60 + minutes;
    }

    std::optional<std::vector<store::OpeningInterval>> opening_hours(const json& entry, const std::string& path);

    Problems& problems_;
    const std::map<std::string, std::string>& inexact_numbers_;
    const DeclarationSource& source_;
};

std::optional<std::vector<store::OpeningInterval>> Reader::opening_hours(const json& entry, const std::string& path) {
    const auto it = entry.find("opening_hours");
    if (it == entry.end() || it->is_null()) return std::nullopt;
    const auto at = member_path(path, "opening_hours");
    if (!it->is_array()) {
        fault(at, "expected an array, got " + describe(*it, at));
        return std::nullopt;
    }
    std::vector<store::OpeningInterval> intervals;
    std::vector<std::size_t> indexes;  // of each interval in the array
    for (std::size_t k = 0; k < it->size(); ++k) {
        const auto& slot = (*it)[k];
        const auto slot_at = item_path(at, k);
        if (!slot.is_object()) {
            fault(slot_at, "expected {\"weekday\": 1..7, \"opens\": \"HH:MM\", \"closes\": \"HH:MM\"}, got " +
                               describe(slot, slot_at));
            continue;
        }
        check_fields(slot, slot_at, kSlotFields);
        std::optional<std::int64_t> weekday;
        if (!present(slot, "weekday")) {
            fault(member_path(slot_at, "weekday"), "required (1 for Monday to 7 for Sunday)");
        } else {
            weekday = integer(slot["weekday"], member_path(slot_at, "weekday"), 1, 7, "1 for Monday to 7 for Sunday");
        }
        const auto opens = clock(slot, "opens", slot_at);
        const auto closes = clock(slot, "closes", slot_at);
        if (!weekday || !opens || !closes) continue;
        if (*opens >= *closes) {
            fault(slot_at, "opens (" + clock_text(*opens) + ") must be before closes (" + clock_text(*closes) + ")");
            continue;
        }
        intervals.push_back({static_cast<int>(*weekday), *opens, *closes});
        indexes.push_back(k);
    }
    std::vector<std::size_t> order(intervals.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::pair(intervals[a].weekday, intervals[a].opens) < std::pair(intervals[b].weekday, intervals[b].opens);
    });
    std::size_t same_day = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const auto& interval = intervals[order[i]];
        same_day = i > 0 && intervals[order[i - 1]].weekday == interval.weekday ? same_day + 1 : 1;
        if (same_day == kMaxIntervalsPerDay + 1) {
            fault(at, "more than " + std::to_string(kMaxIntervalsPerDay) + " intervals on weekday " +
                          std::to_string(interval.weekday));
        }
        if (i > 0 && intervals[order[i - 1]].weekday == interval.weekday && intervals[order[i - 1]].closes > interval.opens) {
            const auto first = std::min(indexes[order[i - 1]], indexes[order[i]]);
            const auto second = std::max(indexes[order[i - 1]], indexes[order[i]]);
            fault(item_path(at, second), "overlaps opening_hours[" + std::to_string(first) + "] on the same day");
        }
    }
    return intervals;
}

store::DeclarationSet Reader::read(const json& document) {
    store::DeclarationSet set;
    if (!document.is_object()) {
        fault("document", "expected a JSON object, got " + describe(document, ""));
        return set;
    }
    const bool by_owner = source_.owner_of.has_value();
    check_fields(document, "", by_owner ? kOwnerDocumentFields : kDocumentFields);
    const auto declared_by_rule = [](std::string_view v) { return checked_text(v, kMaxDeclaredByCharacters); };
    const bool default_at_given = by_owner || present(document, "declared_at");
    const auto default_at = by_owner ? std::optional(source_.declared_at) : text(document, "declared_at", "", checked_date_time);
    const auto default_by = by_owner ? std::optional<std::string>(store::kDeclaredByOwner)
                                     : text(document, "declared_by", "", declared_by_rule);
    const auto when = [&](const json& entry, const std::string& path) -> std::string {
        if (!by_owner && present(entry, "declared_at")) return text(entry, "declared_at", path, checked_date_time).value_or("");
        if (default_at) return *default_at;
        if (!default_at_given) {
            fault(member_path(path, "declared_at"),
                  "required, on the entry or at the top of the document (2025-01-15T09:00:00Z)");
        }
        return "";
    };
    const auto by = [&](const json& entry, const std::string& path) {
        return !by_owner && present(entry, "declared_by") ? text(entry, "declared_by", path, declared_by_rule) : default_by;
    };
    const auto for_each_entry = [&](const char* key, const std::vector<std::string_view>& fields, const auto& read_entry) {
        const auto it = document.find(key);
        if (it == document.end() || it->is_null()) return;
        if (!it->is_array()) {
            fault(key, "expected an array, got " + describe(*it, key));
            return;
        }
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto& entry = (*it)[i];
            const auto path = item_path(key, i);
            if (!entry.is_object()) {
                fault(path, "expected an object, got " + describe(entry, path));
                continue;
            }
            check_fields(entry, path, by_owner ? owner_fields_of(fields) : fields);
            read_entry(entry, path);
        }
    };
    const auto mssante_rule = [](std::string_view v) { return checked_email(v, EmailKind::mssante); };
    const auto long_text_rule = [](std::string_view v) { return checked_text(v, kMaxLongTextCharacters, Lines::several); };

    std::map<std::string, std::string> seen_practitioners;   // id -> path of its first entry
    const auto read_practitioner = [&](const json& entry, const std::string& path) {
        store::PractitionerDeclaration d;
        const auto id = practitioner_id(entry, path);
        if (id) {
            if (const auto [first, added] = seen_practitioners.emplace(*id, path); !added) {
                fault(path, "declares practitioner " + *id + " again (first at " + first->second + ")");
            }
            d.practitioner_id = *id;
        }
        d.phone = text_change(entry, "phone", path, checked_phone);
        d.mssante_email = text_change(entry, "mssante_email", path, mssante_rule);
        d.expertise = text_change(entry, "expertise", path, long_text_rule);
        d.training = text_change(entry, "training", path, long_text_rule);
        d.website = text_change(entry, "website", path, checked_url);
        d.declared_at = when(entry, path);
        d.declared_by = by(entry, path);
        set.practitioners.push_back(std::move(d));
    };
    if (!by_owner) {
        for_each_entry("practitioners", kPractitionerFields, read_practitioner);
    } else if (const auto it = document.find("practitioner"); it != document.end() && !it->is_null()) {
        // An owner edits one practitioner, the fiche's: an object, not a list.
        if (!it->is_object()) {
            fault("practitioner", "expected an object, got " + describe(*it, "practitioner"));
        } else {
            check_fields(*it, "practitioner", owner_fields_of(kPractitionerFields));
            read_practitioner(*it, "practitioner");
        }
    }

    std::map<std::pair<std::string, std::string>, std::string> seen_practices;
    for_each_entry("practices", kPracticeFields, [&](const json& entry, const std::string& path) {
        store::PracticeDeclaration d;
        const auto id = practitioner_id(entry, path);
        d.site_key = site_key(entry, path);
        d.site_id = site_id(entry, path);
        if (present(entry, "site_key") == present(entry, "site_id")) fault(path, "give exactly one of site_key and site_id");
        if (id && (d.site_key || d.site_id)) {
            const std::string site = d.site_key ? "site_key " + *d.site_key : "site_id " + std::to_string(*d.site_id);
            if (const auto [first, added] = seen_practices.emplace(std::pair(*id, site), path); !added) {
                fault(path, "declares the practice of " + *id + " at " + site + " again (first at " + first->second + ")");
            }
        }
        d.practitioner_id = id.value_or("");
        d.phone = text_change(entry, "phone", path, checked_phone);
        d.mssante_email = text_change(entry, "mssante_email", path, mssante_rule);
        d.appointment_url = text_change(entry, "appointment_url", path, checked_url);
        d.conventionnement = change<std::string>(entry, "conventionnement",
                                                 [&] { return code(entry, "conventionnement", path, kConventionnement); });
        for (std::size_t b = 0; b < kBooleanFields.size(); ++b) {
            const std::string key(kBooleanFields[b].code);
            d.booleans[b] = change<bool>(entry, key.c_str(), [&]() -> std::optional<bool> {
                const auto& value = entry[key];
                if (value.is_boolean()) return value.get<bool>();
                const auto at = member_path(path, key);
                fault(at, "expected true or false, got " + describe(value, at));
                return std::nullopt;
            });
        }
        d.publics = change<std::vector<std::string>>(entry, "publics", [&] { return code_list(entry, "publics", path, kPublics); });
        d.acts = change<std::vector<std::string>>(entry, "acts", [&] { return code_list(entry, "acts", path, kActs); });
        d.hours = change<std::vector<store::OpeningInterval>>(entry, "opening_hours", [&] { return opening_hours(entry, path); });
        d.declared_at = when(entry, path);
        d.declared_by = by(entry, path);
        set.practices.push_back(std::move(d));
    });

    std::map<std::pair<std::string, std::string>, std::string> seen_corrections;
    for_each_entry("corrections", kCorrectionFields, [&](const json& entry, const std::string& path) {
        store::FieldCorrection c;
        // An owner's correction without a site is of the fiche's practitioner.
        const bool of_practitioner =
            by_owner ? !present(entry, "site_key") && !present(entry, "site_id") : present(entry, "practitioner_id");
        if (by_owner) {
            if (present(entry, "site_key") && present(entry, "site_id")) fault(path, "give at most one of site_key and site_id");
        } else if (int{of_practitioner} + int{present(entry, "site_key")} + int{present(entry, "site_id")} != 1) {
            fault(path, "give exactly one of practitioner_id, site_key and site_id");
        }
        if (of_practitioner) c.practitioner_id = practitioner_id(entry, path);
        c.site_key = site_key(entry, path);
        c.site_id = site_id(entry, path);
        const auto correctable = of_practitioner ? codes_of(kCorrectablePractitionerFields) : codes_of(kCorrectableSiteFields);
        const auto field = text(entry, "field", path, [](std::string_view v) { return std::string(v); }, "");
        if (field && std::find(correctable.begin(), correctable.end(), *field) == correctable.end()) {
            fault(member_path(path, "field"), single_quoted(*field) + " cannot be corrected on a " +
                                                  (of_practitioner ? "practitioner" : "site") + suggestion(*field, correctable) +
                                                  "; correctable: " + joined(correctable));
        } else if (field) {
            c.field = *field;
            const auto value_rule = [&](std::string_view v) -> std::string {
                if (c.field == "phone") return checked_phone(v);
                if (c.field == "email") return checked_email(v, EmailKind::any);
                if (c.field == "site_name") return checked_text(v, kMaxSiteNameCharacters);
                if (c.field == "last_name" || c.field == "first_name") return checked_text(v, kMaxNameCharacters);
                return checked_text(v, kMaxCivilityCharacters);  // civility, exercise_civility
            };
            // null removes the correction: the RPPS value shows again.
            if (!entry.contains("value")) {
                fault(member_path(path, "value"), c.field == "address"
                                                      ? "required (an address object, or null to remove the correction)"
                                                      : "required (a non-empty string, or null to remove the correction)");
            } else if (c.field == "address") {
                c.value = change<std::string>(entry, "value", [&] { return address(entry["value"], member_path(path, "value")); });
            } else {
                c.value = text_change(entry, "value", path, value_rule, true);
            }
            const std::string owner = c.practitioner_id ? "practitioner " + *c.practitioner_id
                                      : c.site_key      ? "site_key " + *c.site_key
                                      : c.site_id       ? "site_id " + std::to_string(*c.site_id)
                                                        : "";
            if (!owner.empty()) {
                if (const auto [first, added] = seen_corrections.emplace(std::pair(owner, c.field), path); !added) {
                    fault(path, "corrects " + c.field + " of " + owner + " again (first at " + first->second + ")");
                }
            }
        }
        c.declared_at = when(entry, path);
        c.declared_by = by(entry, path);
        set.corrections.push_back(std::move(c));
    });
    return set;
}

}  // namespace

DeclarationError::DeclarationError(std::vector<DeclarationProblem> problems, std::size_t unlisted)
    : std::runtime_error(problem_lines(problems, unlisted)), problems_(std::move(problems)), unlisted_(unlisted) {}

store::DeclarationSet parse_declarations(std::string_view json_text, const DeclarationSource& source) {
    Problems problems;
    if (json_text.size() > kMaxDocumentBytes) {
        problems.add("document", std::to_string(json_text.size()) + " bytes, more than the " +
                                     std::to_string(kMaxDocumentBytes) + " a declarations document may hold: split it");
        problems.raise();
    }
    if (const auto bad = first_invalid_utf8(json_text); bad != std::string_view::npos) {
        const auto before = json_text.substr(0, bad);
        const auto line = std::count(before.begin(), before.end(), '\n') + 1;
        const auto line_start = before.rfind('\n');
        const auto column = bad - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(json_text[bad]));
        problems.add("document", "line " + std::to_string(line) + ", byte " + std::to_string(column) +
                                     ": not valid UTF-8 (byte " + byte + "); save the file as UTF-8");
        problems.raise();
    }
    StructureCheck structure(problems);
    if (!json::sax_parse(json_text.begin(), json_text.end(), &structure)) problems.raise();
    const auto document = json::parse(json_text.begin(), json_text.end());
    auto set = Reader(problems, structure.inexact_numbers(), source).read(document);
    if (!problems.empty()) problems.raise();
    return set;
}

}  // namespace annuaire::owner
