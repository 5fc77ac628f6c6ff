#include "jobs/import_then_geocode.hpp"

#include "geocode_job.hpp"

#include <exception>

namespace annuaire::jobs {

ImportOutcome import_then_geocode(const importer::ImportJobSettings& settings, std::int64_t job_id,
                                  const std::function<void()>& on_geocoding) {
    ImportOutcome outcome;
    outcome.import = importer::run_import_job(settings, job_id);
    if (outcome.import.status != "imported") return outcome;
    if (on_geocoding) on_geocoding();
    try {
        outcome.geocoding = geo::geocode_if_indexed(settings.options.database_path, settings.options.data_dir);
    } catch (const std::exception& error) {
        outcome.geocoding_error = error.what();
    }
    return outcome;
}

}  // namespace annuaire::jobs
