// Owner declarations (core/search/declarations.hpp) on a JSON document parsed from the
// bytes (bytes that are not JSON are skipped: the JSON parser is not ours). Only
// DeclarationError may come out, naming where; what is accepted respects the schema.
#include "fuzz_support.hpp"

#include "search/declarations.hpp"

#include <nlohmann/json.hpp>

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using annuaire::fuzz::require;
    const auto document = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded()) return 0;
    annuaire::store::DeclarationSet set;
    try {
        set = annuaire::search::parse_declarations(document);
    } catch (const annuaire::search::DeclarationError& error) {
        require(std::string_view(error.what()).find(": ") != std::string_view::npos, "the message says where, then what");
        return 0;
    }
    for (const auto& practitioner : set.practitioners) {
        require(!practitioner.practitioner_id.empty() && practitioner.practitioner_id.size() <= 20, "practitioner ids are bounded");
        require(practitioner.declared_at.size() >= 10, "every declaration is dated");
    }
    for (const auto& practice : set.practices) {
        require(practice.site_key.has_value() != practice.site_id.has_value(), "a practice names its site one way");
        for (const auto& interval : practice.hours.value_or(std::vector<annuaire::store::OpeningInterval>{})) {
            require(interval.weekday >= 1 && interval.weekday <= 7, "weekdays are 1..7");
            require(interval.opens >= 0 && interval.opens < interval.closes && interval.closes <= 24 * 60,
                    "an opening interval lies inside its day");
        }
        require(practice.declared_at.size() >= 10, "every declaration is dated");
    }
    for (const auto& correction : set.corrections) {
        require(!correction.field.empty() && !correction.value.empty(), "a correction names its field and value");
    }
    return 0;
}
