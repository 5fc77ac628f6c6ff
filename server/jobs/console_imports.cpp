#include "jobs/console_imports.hpp"

#include "import_runner.hpp"
#include "jobs/import_then_geocode.hpp"
#include "owner/owner_error.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"
#include "util/clock.hpp"

#include <fstream>
#include <iostream>

namespace annuaire::jobs {

namespace {

// A zip begins with "PK\3\4": the reader opens it in place (/vsizip/); anything else is read as text.
bool is_zip(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    return in.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

}  // namespace

ConsoleImports::ConsoleImports(ConsoleImportConfig config) : config_(std::move(config)) {
    std::filesystem::create_directories(config_.upload_dir);
    store::Database db(config_.database_path, store::OpenMode::read_write);
    store::configure_writer(db);
    if (const int settled = importer::settle_interrupted_jobs(db)) {
        std::cerr << "annuaire serve: " << settled << " import(s) interrupted by a stop of an earlier process marked failed\n";
    }
}

ConsoleImports::~ConsoleImports() {
    if (thread_.joinable()) {
        if (running_) std::cerr << "annuaire serve: waiting for the import in progress to end\n";
        thread_.join();
    }
}

nlohmann::json ConsoleImports::start(const std::string& uploaded_file, const std::string& name, bool allow_mass_archive,
                                     const std::string& started_by) {
    std::lock_guard lock(mutex_);
    if (running_) {
        throw owner::OwnerError(owner::Refusal::conflict, "import_running",
                                "an import is running: wait for it to end (see /api/v1/admin/imports)");
    }
    if (thread_.joinable()) thread_.join();   // the last one, finished
    // Kept beside the upload (same file system: a rename), with the extension the reader needs.
    const auto extract = config_.upload_dir / ("extract-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count()) +
                                               (is_zip(uploaded_file) ? ".zip" : ".txt"));
    std::filesystem::rename(uploaded_file, extract);

    importer::ImportJobSettings settings;
    settings.options.database_path = config_.database_path;
    settings.options.extract_path = extract.string();
    settings.options.territory_path = config_.territory_path;
    settings.options.data_dir = config_.data_dir;
    settings.options.allow_mass_archive = allow_mass_archive;
    settings.source = "console";
    settings.started_by = started_by;
    settings.file_name = name;
    settings.backup_dir = config_.backup_dir;
    settings.keep_backups = config_.keep_backups;
    settings.options.on_progress = [this](const importer::ImportProgress& progress) {
        std::lock_guard lock(mutex_);
        progress_ = progress;
    };
    std::int64_t id = 0;
    try {
        id = importer::start_import_job(settings);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(extract, ignored);
        throw;
    }
    job_id_ = id;
    progress_ = {};
    progress_.phase = "backup";
    running_ = true;
    thread_ = std::thread([this, settings, id, extract] {
        try {
            const auto outcome = import_then_geocode(settings, id, [this] {
                std::lock_guard lock(mutex_);
                progress_.phase = "geocoding";
            });
            const auto& result = outcome.import;
            std::cerr << "annuaire serve: console import " << id << ": " << result.status
                      << (result.error.empty() ? "" : ": " + result.error) << "\n";
            if (outcome.geocoding_error) {
                std::cerr << "annuaire serve: console import " << id << ": " << *outcome.geocoding_error << "\n";
            }
        } catch (const std::exception& error) {
            std::cerr << "annuaire serve: console import " << id << ": " << error.what() << "\n";
        }
        std::error_code ignored;
        std::filesystem::remove(extract, ignored);
        running_ = false;
    });
    return {{"import", {{"id", id}, {"status", "running"}, {"file_name", name}}}};
}

std::optional<nlohmann::json> ConsoleImports::progress(std::int64_t id) const {
    std::lock_guard lock(mutex_);
    if (!running_ || id != job_id_) return std::nullopt;
    return nlohmann::json{{"lines", progress_.lines},
                          {"bytes", progress_.bytes},
                          {"total_bytes", progress_.total_bytes},
                          {"phase", progress_.phase}};
}

}  // namespace annuaire::jobs
