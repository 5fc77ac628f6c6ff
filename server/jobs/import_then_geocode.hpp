// What an import is, from the command line (`annuaire import`) or the console alike: the import
// job, then, once it has committed, geocoding of new and changed addresses when the database
// has an address index. A geocoding failure does not undo the import: it is reported.
#pragma once

#include "import_runner.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace annuaire::jobs {

struct ImportOutcome {
    importer::ImportJobResult import;
    std::optional<nlohmann::json> geocoding;     // the geocoding report, when there was an index
    std::optional<std::string> geocoding_error;  // imported, but geocoding failed
};

// `job_id`: from importer::start_import_job, or 0 to record the job here. `on_geocoding` is
// called when the geocoding starts (the console shows it as a phase).
ImportOutcome import_then_geocode(const importer::ImportJobSettings& settings, std::int64_t job_id = 0,
                                  const std::function<void()>& on_geocoding = {});

}  // namespace annuaire::jobs
