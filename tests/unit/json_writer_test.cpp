#include "util/json_writer.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using annuaire::util::JsonWriter;

namespace {

std::string dumped(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string written_string(std::string_view text) {
    std::string out;
    JsonWriter(out).value(text);
    return out;
}

std::string written_double(double number) {
    std::string out;
    JsonWriter(out).value(number);
    return out;
}

}  // namespace

TEST_CASE("writes strings byte for byte as nlohmann::json dumps them, bad UTF-8 included") {
    const std::vector<std::string> texts = {
        "", "Mulhouse", "Hélène Müller-Œuvray", "Saint-Étienne", "\"quoted\" and \\back\\slash", "tab\there",
        "line\nfeed\r\n", std::string("nul\0byte", 8), "\x01\x08\x0b\x0c\x1f\x7f", "emoji \xF0\x9F\x98\x80 end",
        "\xC3", "latin-1 \xE9t\xE9", "\xC0\x80 overlong", "\xED\xA0\x80 surrogate", "\xF4\x90\x80\x80 too high",
        "\xE2\x82 cut", "ok \xE2\x82\xAC", "\xF0\x90\x80\x80", "\xEF\xBF\xBF", "a\xFF" "b"};
    for (const auto& text : texts) {
        INFO(dumped(text));
        CHECK(written_string(text) == dumped(text));
    }
}

TEST_CASE("writes numbers as nlohmann::json dumps them") {
    const std::vector<double> doubles = {0.0, -0.0, 1.0, 1234.0, 1234.5, 47.7430091, 7.338915, -1.5536, 0.1, 1e-7,
                                         123456.789e10, 1e21, 1e300, 5e-324, std::nextafter(1.0, 2.0), 2.0 / 3.0};
    for (const double number : doubles) {
        INFO(number);
        CHECK(written_double(number) == dumped(number));
    }
    CHECK(written_double(std::nan("")) == "null");
    CHECK(written_double(std::numeric_limits<double>::infinity()) == "null");
    std::string out;
    JsonWriter writer(out);
    writer.begin_array()
        .value(std::numeric_limits<std::int64_t>::min())
        .value(std::numeric_limits<std::uint64_t>::max())
        .value(0)
        .value(42u)
        .value(true)
        .null()
        .end_array();
    CHECK(out == dumped({std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::uint64_t>::max(), 0, 42u, true,
                         nullptr}));
}

TEST_CASE("separates values and keys of nested objects and arrays as dump() does") {
    std::string out;
    JsonWriter writer(out);
    writer.begin_object();
    writer.key("a").begin_array().end_array();
    writer.key("b").begin_object().end_object();
    writer.key("c").begin_array();
    writer.begin_object().key("x").value(1).key("y").value("z").end_object();
    writer.begin_object().end_object();
    writer.raw_value(R"({"pre":"written"})");
    writer.end_array();
    writer.key("d").value(2.5);
    writer.end_object();
    const nlohmann::json expected = {{"a", nlohmann::json::array()},
                                     {"b", nlohmann::json::object()},
                                     {"c", {{{"x", 1}, {"y", "z"}}, nlohmann::json::object(), {{"pre", "written"}}}},
                                     {"d", 2.5}};
    CHECK(out == dumped(expected));
}
