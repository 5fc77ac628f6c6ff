#include "import_job.hpp"

#include "extract_source.hpp"
#include "reference/commune_resolver.hpp"
#include "reference/reference_data.hpp"
#include "rpps_format.hpp"
#include "store/database.hpp"
#include "store/import_writer.hpp"
#include "store/new_database_file.hpp"
#include "store/owner_store.hpp"
#include "store/reference_store.hpp"
#include "store/schema.hpp"
#include "territory.hpp"
#include "text/normalize.hpp"
#include "util/hash.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

namespace annuaire::importer {

namespace {

using Clock = std::chrono::steady_clock;

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

model::ExtractLine to_extract_line(const Record& r) {
    model::ExtractLine line;
    auto& p = line.practitioner;
    p.id = r[Field::id];
    p.id_type = r[Field::id_type];
    if (p.id_type.empty()) p.id_type = p.id.size() == 11 ? "8" : "0";
    p.national_id = r[Field::national_id];
    p.civility_code = r[Field::civility_code];
    p.civility_label = r[Field::civility_label];
    p.exercise_civility_code = r[Field::exercise_civility_code];
    p.exercise_civility_label = r[Field::exercise_civility_label];
    p.last_name = r[Field::last_name];
    p.first_name = r[Field::first_name];
    p.profession_code = r[Field::profession_code];
    p.profession_label = r[Field::profession_label];
    p.category_code = r[Field::category_code];
    p.category_label = r[Field::category_label];

    line.specialty = {r[Field::specialty_code], r[Field::specialty_type_code],
                      r[Field::specialty_type_label], r[Field::specialty_label]};

    auto& s = line.site;
    s.structure_id = r[Field::structure_id];
    s.former_structure_id = r[Field::former_structure_id];
    s.siret = r[Field::siret];
    s.siren = r[Field::siren];
    s.finess = r[Field::finess];
    s.finess_legal = r[Field::finess_legal];
    s.company_name = r[Field::company_name];
    s.trade_name = r[Field::trade_name];
    s.recipient_complement = r[Field::recipient_complement];
    s.geo_complement = r[Field::geo_complement];
    s.street_number = r[Field::street_number];
    s.repetition_index = r[Field::repetition_index];
    s.street_type_code = r[Field::street_type_code];
    s.street_type_label = r[Field::street_type_label];
    s.street_name = r[Field::street_name];
    s.distribution_mention = r[Field::distribution_mention];
    s.cedex_office = r[Field::cedex_office];
    s.postcode = r[Field::postcode];
    s.commune_code = r[Field::commune_code];
    s.commune_name = r[Field::commune_name];
    s.country_code = r[Field::country_code];
    s.country_name = r[Field::country_name];
    s.phone = r[Field::phone];
    s.phone2 = r[Field::phone2];
    s.fax = r[Field::fax];
    s.email = r[Field::email];
    s.department_code = r[Field::department_code];
    s.department_label = r[Field::department_label];
    // A line has a site when it names a structure or gives any part of an address.
    line.has_site = !s.structure_id.empty() || !s.company_name.empty() || !s.trade_name.empty() ||
                    !s.street_name.empty() || !s.postcode.empty() || !s.commune_code.empty() ||
                    !s.cedex_office.empty();

    auto& a = line.activity;
    a.profession_code = r[Field::profession_code];
    a.profession_label = r[Field::profession_label];
    a.mode_code = r[Field::mode_code];
    a.mode_label = r[Field::mode_label];
    a.sector_code = r[Field::sector_code];
    a.sector_label = r[Field::sector_label];
    a.pharmacist_section_code = r[Field::pharmacist_section_code];
    a.pharmacist_section_label = r[Field::pharmacist_section_label];
    a.role_code = r[Field::role_code];
    a.role_label = r[Field::role_label];
    a.activity_kind_code = r[Field::activity_kind_code];
    a.activity_kind_label = r[Field::activity_kind_label];
    a.registration_authority = r[Field::registration_authority];
    return line;
}

// One line of the extract, read and parsed; views point into its Batch's text.
struct ParsedLine {
    enum class Kind : std::uint8_t { blank, rejected, outside, imported } kind = Kind::blank;
    bool converted = false;  // from Windows-1252
    std::uint64_t number = 0;
    std::string reason;      // of a rejection
    model::ExtractLine line;
    store::LineKeys keys;    // for Kind::imported
};

struct Batch {
    std::string text;
    std::vector<ParsedLine> lines;
    std::uint64_t bytes_read = 0;  // of the file, after this batch
};

// Reads, converts, checks and parses lines on a second thread (the SHA-256 of the
// file included), so that the importing thread only writes rows. Batches keep
// the memory bounded: at most kQueued of them wait.
class LineReader {
public:
    LineReader(ExtractSource& source, const Layout& layout, const reference::CommuneResolver& communes,
               const std::optional<Territory>& territory)
        : source_(source), layout_(layout), communes_(communes), territory_(territory),
          thread_([this] { run(); }) {}

    ~LineReader() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
        thread_.join();
    }
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    // Hands a batch the caller is done with back for reuse: batches hold megabytes,
    // and allocating them afresh costs page faults on both threads.
    void recycle(std::unique_ptr<Batch> batch) {
        std::lock_guard lock(mutex_);
        if (spare_.size() < kQueued + 2) spare_.push_back(std::move(batch));
    }

    // The next batch, or nullptr after the last one. Rethrows a read error.
    std::unique_ptr<Batch> next() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !queue_.empty() || done_; });
        if (queue_.empty()) {
            if (error_) std::rethrow_exception(error_);
            return nullptr;
        }
        auto batch = std::move(queue_.front());
        queue_.pop_front();
        changed_.notify_all();
        return batch;
    }

private:
    static constexpr std::size_t kBatchLines = 4096;
    static constexpr std::size_t kQueued = 4;

    void run() {
        try {
            while (auto batch = read_batch()) {
                std::unique_lock lock(mutex_);
                changed_.wait(lock, [&] { return queue_.size() < kQueued || stopping_; });
                if (stopping_) return;
                queue_.push_back(std::move(batch));
                changed_.notify_all();
            }
        } catch (...) {
            std::lock_guard lock(mutex_);
            error_ = std::current_exception();
        }
        std::lock_guard lock(mutex_);
        done_ = true;
        changed_.notify_all();
    }

    std::unique_ptr<Batch> spare_batch() {
        {
            std::lock_guard lock(mutex_);
            if (!spare_.empty()) {
                auto batch = std::move(spare_.back());
                spare_.pop_back();
                batch->text.clear();
                for (auto& line : batch->lines) line = ParsedLine{};
                return batch;
            }
        }
        return std::make_unique<Batch>();
    }

    std::unique_ptr<Batch> read_batch() {
        auto batch = spare_batch();
        batch->lines.resize(kBatchLines);
        struct Span { std::size_t offset, size; };
        std::vector<Span> spans;
        spans.reserve(kBatchLines);
        batch->text.reserve(kBatchLines * 400);
        std::string_view line;
        std::size_t count = 0;
        // Copy the lines first: views are taken once the text no longer grows.
        while (count < kBatchLines && source_.next_line(line)) {
            ParsedLine& parsed = batch->lines[count++];
            parsed.number = source_.line_number();
            const std::size_t offset = batch->text.size();
            if (!text::is_valid_utf8(line)) {
                // Older extracts were Windows-1252: convert rather than lose the line.
                batch->text += text::windows1252_to_utf8(line);
                parsed.converted = true;
            } else {
                batch->text += line;
            }
            spans.push_back({offset, batch->text.size() - offset});
        }
        if (count == 0) return nullptr;
        batch->lines.resize(count);
        batch->bytes_read = source_.bytes_read();
        Record record;
        for (std::size_t i = 0; i < count; ++i) {
            ParsedLine& parsed = batch->lines[i];
            const std::string_view text = std::string_view(batch->text).substr(spans[i].offset, spans[i].size);
            if (text.empty()) continue;  // Kind::blank
            if (auto reason = parse_line(text, layout_, record)) {
                parsed.kind = ParsedLine::Kind::rejected;
                parsed.reason = std::move(*reason);
                continue;
            }
            parsed.line = to_extract_line(record);
            auto& extract_line = parsed.line;
            extract_line.line_number = parsed.number;
            if (extract_line.has_site) {
                const auto& site = extract_line.site;
                extract_line.site.resolved_insee =
                    communes_.resolve(site.commune_code, site.postcode, site.cedex_office, site.commune_name);
            }
            if (territory_ && (!extract_line.has_site || !territory_->contains(extract_line.site.resolved_insee))) {
                parsed.kind = ParsedLine::Kind::outside;
                continue;
            }
            extract_line.line_hash = util::FieldHasher().add(text).value();
            try {
                store::ImportWriter::prepare(extract_line, parsed.keys);
            } catch (const std::invalid_argument& error) {
                parsed.kind = ParsedLine::Kind::rejected;
                parsed.reason = error.what();
                continue;
            }
            parsed.kind = ParsedLine::Kind::imported;
        }
        return batch;
    }

    ExtractSource& source_;
    const Layout& layout_;
    const reference::CommuneResolver& communes_;
    const std::optional<Territory>& territory_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::unique_ptr<Batch>> queue_;
    std::vector<std::unique_ptr<Batch>> spare_;
    std::exception_ptr error_;
    bool done_ = false;
    bool stopping_ = false;
    std::thread thread_;  // last: starts once every other member is ready
};

class ProgressLine {
public:
    explicit ProgressLine(bool enabled) : enabled_(enabled), start_(Clock::now()), last_(start_) {}

    void update(std::uint64_t lines, std::uint64_t bytes, std::uint64_t total_bytes) {
        if (!enabled_) return;
        const auto now = Clock::now();
        if (now - last_ < std::chrono::milliseconds(500)) return;
        last_ = now;
        const double seconds = std::chrono::duration<double>(now - start_).count();
        const double rate = bytes / 1e6 / std::max(seconds, 1e-3);
        std::fprintf(stderr, "\r  %llu lines  %.1f MB/s", static_cast<unsigned long long>(lines), rate);
        if (total_bytes > bytes && rate > 0) {
            std::fprintf(stderr, "  %.0f%%  about %.0f s left   ", 100.0 * bytes / total_bytes,
                         (total_bytes - bytes) / 1e6 / rate);
        }
        std::fflush(stderr);
    }
    void phase(const char* what) {
        if (enabled_) std::fprintf(stderr, "\r  %-60s", what), std::fflush(stderr);
    }
    void done() {
        if (enabled_) std::fprintf(stderr, "\r%70s\r", ""), std::fflush(stderr);
    }

private:
    bool enabled_;
    Clock::time_point start_;
    Clock::time_point last_;
};

}  // namespace

void ImportOptions::validate() const {
    if (database_path.empty()) throw std::invalid_argument("--db FILE is required");
    if (extract_path.empty()) throw std::invalid_argument("the EXTRACT file (.txt or .zip) is required");
    if (!(max_rejected_percent >= 0 && max_rejected_percent <= 100)) {
        throw std::invalid_argument("--max-rejected-percent must be between 0 and 100");
    }
}

ImportReport run_import(const ImportOptions& options) {
    options.validate();
    const auto started = Clock::now();
    const std::string started_at = utc_now();

    // Everything that can refuse the file does so before the database is touched.
    std::optional<Territory> territory;
    if (options.territory_path) territory = load_territory(*options.territory_path);
    const auto reference_data = reference::load_reference_data(options.data_dir);
    const reference::CommuneResolver communes(reference_data);

    ExtractSource source(options.extract_path);
    std::string_view header_view;
    if (!source.next_line(header_view)) {
        throw std::runtime_error("'" + options.extract_path + "' is empty: no header line");
    }
    std::string header(header_view);
    if (!text::is_valid_utf8(header)) header = text::windows1252_to_utf8(header);
    Layout layout;
    try {
        layout = parse_header(header);
    } catch (const HeaderError& error) {
        throw HeaderError("'" + options.extract_path + "', line 1: " + error.what());
    }

    // Into a database that does not exist yet, the import builds a new file and moves
    // it in place at the end; otherwise it updates the existing one in a transaction.
    std::optional<store::NewDatabaseFile> new_file;
    std::optional<store::Database> existing;
    if (store::NewDatabaseFile::can_build(options.database_path)) {
        new_file.emplace(options.database_path);
    } else {
        existing.emplace(options.database_path, store::OpenMode::read_write);
        store::configure_writer(*existing);
    }
    store::Database& db = new_file ? new_file->db() : *existing;
    store::migrate(db);
    ImportReport report;
    report.file = source.display_name();
    report.header_columns = layout.column_count;
    if (territory) report.territory = territory->id;
    {  // the writer's statements are finalised at the end of this block, before publish()
        store::Transaction transaction(db);
        store::replace_reference_data(db, reference_data);
        if (territory) store::save_territory(db, {territory->id, territory->name, territory->insee_codes});
        store::ImportWriter writer(db);
        // National lines average about 320 bytes.
        writer.expect_lines(source.total_bytes() / 320);

        LineCounts& counted = report.lines;
        ProgressLine progress(options.show_progress);
        ImportProgress told;
        told.total_bytes = source.total_bytes();
        const auto tell = [&](const char* phase) {
            if (!options.on_progress) return;
            told.phase = phase;
            options.on_progress(told);
        };
        tell("reading");
        {
            LineReader reader(source, layout, communes, territory);
            while (auto batch = reader.next()) {
                progress.update(batch->lines.back().number, batch->bytes_read, source.total_bytes());
                if (options.on_progress && batch->lines.back().number >= told.lines + 100000) {
                    told.lines = batch->lines.back().number;
                    told.bytes = batch->bytes_read;
                    tell("reading");
                }
                const auto& lines = batch->lines;
                for (std::size_t i = 0; i < lines.size(); ++i) {
                    const ParsedLine& parsed = lines[i];
                    constexpr std::size_t kAhead = 8;
                    if (i + kAhead < lines.size() && lines[i + kAhead].kind == ParsedLine::Kind::imported) {
                        writer.prefetch(lines[i + kAhead].keys);
                    }
                    if (parsed.kind == ParsedLine::Kind::blank) { ++counted.blank; continue; }
                    ++counted.read;
                    if (parsed.converted) ++counted.converted_from_windows_1252;
                    if (parsed.kind == ParsedLine::Kind::rejected) {
                        ++counted.rejected;
                        if (options.problems) options.problems->push_back({parsed.number, "rejected", parsed.reason});
                        if (report.rejected_lines.size() < ImportReport::kListedProblems) {
                            report.rejected_lines.push_back({parsed.number, parsed.reason});
                        }
                        continue;
                    }
                    if (!parsed.line.has_site) ++counted.without_site;
                    if (parsed.kind == ParsedLine::Kind::outside) { ++counted.outside_territory; continue; }
                    if (const std::uint64_t earlier = writer.add(parsed.line, parsed.keys)) {
                        ++counted.duplicates;
                        if (options.problems) {
                            options.problems->push_back({parsed.number, "duplicate", "same as line " + std::to_string(earlier)});
                        }
                        if (report.duplicate_lines.size() < ImportReport::kListedProblems) {
                            report.duplicate_lines.push_back({parsed.number, earlier});
                        }
                        continue;
                    }
                    ++counted.imported;
                }
                reader.recycle(std::move(batch));
            }
        }

        const auto abort = [&](const std::string& why) {
            progress.done();
            report.error = why;
            throw ImportAborted(why, report);
        };
        if (auto refusal = model::lines_refusal(counted.read, counted.rejected, options.max_rejected_percent)) {
            abort(*refusal);
        }

        const double read_seconds = std::chrono::duration<double>(Clock::now() - started).count();
        // The rows are written: let the disk take them while indexes are built.
        if (new_file) new_file->start_writeback();
        progress.phase("indexing...");
        told.bytes = source.total_bytes();
        tell("indexing");
        const store::ImportSummary summary = writer.finish();
        progress.done();
        if (auto refusal = model::mass_archive_refusal(summary.public_practitioners_before,
                                                       summary.practitioners.archived, options.allow_mass_archive)) {
            abort(*refusal);
        }

        ImportedRows& imported = report.imported.emplace();
        imported.import_id = summary.import_id;
        imported.sha256 = source.sha256();
        imported.practitioners = summary.practitioners;
        imported.sites = summary.sites;
        imported.activities = summary.activities;
        imported.specialties_added = summary.specialties_added;
        imported.specialties_removed = summary.specialties_removed;
        imported.public_practices = summary.public_practices_after;
        imported.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        imported.lines_per_second = imported.seconds > 0 ? static_cast<double>(counted.read) / imported.seconds : 0.0;
        imported.step_seconds.emplace_back("read_and_write_rows", read_seconds);
        imported.step_seconds.insert(imported.step_seconds.end(), summary.step_seconds.begin(), summary.step_seconds.end());
        // What owners corrected and this extract changed: both values kept, flagged for an admin.
        imported.conflicts = model::corrections_in_conflict(store::read_correction_baselines(db));
        store::flag_correction_conflicts(db, imported.conflicts, summary.import_id);

        store::ImportRunRecord run;
        run.file_name = source.display_name();
        run.file_size = source.file_size();
        run.sha256 = imported.sha256;
        run.header_columns = layout.column_count;
        run.territory_id = territory ? territory->id : "";
        run.started_at = started_at;
        run.finished_at = utc_now();
        run.lines_read = counted.read;
        run.lines_rejected = counted.rejected;
        run.lines_outside_territory = counted.outside_territory;
        run.report_json = to_json(report).dump();
        writer.record_run(run, summary);
        // Owner edits logged before this import are in the rows it read back: the log starts over.
        store::clear_owner_changes(db);
        if (options.before_commit) options.before_commit(db, report);
        tell("committing");
        transaction.commit();
    }
    if (new_file) {
        new_file->publish();
    } else {
        store::checkpoint(db);
    }
    return report;
}

}  // namespace annuaire::importer
