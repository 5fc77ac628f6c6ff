// A CPTS territory: the INSEE codes of its communes, read from a JSON file
// such as data/territories/m2a.json.
#pragma once

#include <filesystem>
#include <string>
#include <unordered_set>
#include <vector>

namespace annuaire::importer {

struct Territory {
    std::string id;
    std::string name;
    std::vector<std::string> insee_codes;
    std::unordered_set<std::string> insee_set;
    bool contains(const std::string& insee) const { return insee_set.count(insee) > 0; }
};

// Throws std::runtime_error with the file name and the fault.
Territory load_territory(const std::filesystem::path& path);

}  // namespace annuaire::importer
