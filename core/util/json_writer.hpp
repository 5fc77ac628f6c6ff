// Writes JSON text straight into a string, for the answers written once per
// request (a search page): no tree of nlohmann::json values to allocate and free.
// The text is byte for byte what nlohmann::json's dump() gives for the same
// values (no spaces, strings as UTF-8 with invalid bytes replaced, numbers
// formatted by the same routine), so both can serve the same API. Callers write
// the keys of an object in byte order, as dump() sorts them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace annuaire::util {

class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    // The key of the next value in the current object.
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(std::uint64_t number);
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(unsigned number) { return value(static_cast<std::uint64_t>(number)); }
    JsonWriter& value(double number);   // not finite: null, as dump() writes it
    JsonWriter& value(bool flag);
    JsonWriter& null();
    // A whole value already written as JSON text (by a JsonWriter or dump()).
    JsonWriter& raw_value(std::string_view json);

private:
    static constexpr int kMaxDepth = 32;
    void separate();
    JsonWriter& open(char bracket);
    JsonWriter& close(char bracket);
    std::string& out_;
    int depth_ = 0;
    bool first_[kMaxDepth + 1] = {true};
    bool after_key_ = false;
};

// Appends `text` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

}  // namespace annuaire::util
