// The search index saved to a file, so that a server starts answering in about a second
// instead of rebuilding the index from the database (20-30 s on the national one). The
// server writes the file after every build; at start it loads it, serves it, and, when the
// database has changed since (an import while it was stopped), rebuilds in the background
// as for any other change. The file is a cache: a missing, damaged or older-format one is
// rebuilt, never trusted.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace annuaire::search {

class PracticeIndex;

struct SavedIndex {
    std::shared_ptr<const PracticeIndex> index;
    nlohmann::json health_counts;   // of the data the index was built from (SearchStore::health_counts)
    // False when an older build's rules made it (PracticeIndex::kBuildRules): fit to answer
    // at once, to be rebuilt as for a change of the data.
    bool current_rules = true;
};

// Writes the index and its health counts to `path` (through a temporary file renamed into
// place). Throws util::BinaryFileError when the file cannot be written.
void save_index(const PracticeIndex& index, const nlohmann::json& health_counts, const std::string& path);

// Throws util::BinaryFileError when the file is missing, damaged or of another format.
SavedIndex load_index(const std::string& path);

}  // namespace annuaire::search
