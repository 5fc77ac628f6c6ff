#include "territory.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <stdexcept>

namespace annuaire::importer {

Territory load_territory(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read territory file '" + path.string() + "'");
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& error) {
        throw std::runtime_error("territory file '" + path.string() + "' is not valid JSON: " + error.what());
    }
    const auto fail = [&](const std::string& why) {
        throw std::runtime_error("territory file '" + path.string() + "': " + why);
    };
    if (!doc.is_object() || !doc.contains("id") || !doc["id"].is_string()) fail("needs a string \"id\"");
    if (!doc.contains("communes") || !doc["communes"].is_array() || doc["communes"].empty()) {
        fail("needs a non-empty \"communes\" array");
    }
    Territory territory;
    territory.id = doc["id"].get<std::string>();
    territory.name = doc.value("name", territory.id);
    static const std::regex insee_pattern("^(\\d{5}|2[AB]\\d{3})$");
    for (const auto& commune : doc["communes"]) {
        std::string code;
        if (commune.is_string()) code = commune.get<std::string>();
        else if (commune.is_object() && commune.contains("insee") && commune["insee"].is_string()) code = commune["insee"].get<std::string>();
        else fail("each commune must be an INSEE code or an object with \"insee\"");
        if (!std::regex_match(code, insee_pattern)) fail("'" + code + "' is not an INSEE commune code");
        if (territory.insee_set.insert(code).second) territory.insee_codes.push_back(code);
    }
    return territory;
}

}  // namespace annuaire::importer
