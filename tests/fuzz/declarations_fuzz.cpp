// Owner declarations (core/owner/declarations.hpp) on the bytes as a document: the gate
// reads the text itself (size, UTF-8, JSON, then every field). Only DeclarationError may come
// out, each problem naming where and what; what is accepted respects the schema.
#include "fuzz_support.hpp"

#include "owner/declarations.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using annuaire::fuzz::require;
    annuaire::store::DeclarationSet set;
    try {
        set = annuaire::owner::parse_declarations(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const annuaire::owner::DeclarationError& error) {
        require(!error.problems().empty(), "a refusal lists its problems");
        for (const auto& problem : error.problems()) {
            require(!problem.path.empty() && !problem.fault.empty(), "each problem says where, then what");
        }
        return 0;
    }
    for (const auto& practitioner : set.practitioners) {
        require(!practitioner.practitioner_id.empty() && practitioner.practitioner_id.size() <= 20, "practitioner ids are bounded");
        require(practitioner.declared_at.size() >= 10, "every declaration is dated");
    }
    for (const auto& practice : set.practices) {
        require(practice.site_key.has_value() != practice.site_id.has_value(), "a practice names its site one way");
        if (const auto* hours = practice.hours.value()) {
            for (const auto& interval : *hours) {
                require(interval.weekday >= 1 && interval.weekday <= 7, "weekdays are 1..7");
                require(interval.opens >= 0 && interval.opens < interval.closes && interval.closes <= 24 * 60,
                        "an opening interval lies inside its day");
            }
        }
        require(practice.declared_at.size() >= 10, "every declaration is dated");
    }
    for (const auto& correction : set.corrections) {
        // A value set is never empty; null (cleared) takes the RPPS value back.
        require(!correction.field.empty() && correction.value.named(), "a correction names its field and what it does");
        require(!correction.value.value() || !correction.value.value()->empty(), "a correction's value is not empty");
    }
    return 0;
}
