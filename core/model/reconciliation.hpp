// The reconciliation rules of an import: for each practitioner, site, activity and
// specialty of an extract, against what the database holds, what to write and how to count
// it; when an import must stop (too many rejected lines, too many practitioners archived);
// which owner corrections a new RPPS value puts in conflict. Pure: no SQLite, no I/O, so that
// each rule is tested on its own (tests/unit/reconciliation_test.cpp). store/import_writer.cpp
// writes what these rules decide; importer/import_job.cpp stops where they say so.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace annuaire::model {

// What the first line of a row in the extract asks the store to write.
enum class RowWrite : std::uint8_t { none, insert, update };

// How an import counts a row once the extract is read. `absent`: archived before and still
// absent from the extract, or never stored: not counted.
enum class RowOutcome : std::uint8_t { added, updated, restored, archived, unchanged, absent };

struct EntityCounts {
    std::uint64_t added = 0;
    std::uint64_t updated = 0;
    std::uint64_t restored = 0;  // archived before, present again
    std::uint64_t archived = 0;
    std::uint64_t unchanged = 0;

    void count(RowOutcome outcome) {
        switch (outcome) {
            case RowOutcome::added: ++added; break;
            case RowOutcome::updated: ++updated; break;
            case RowOutcome::restored: ++restored; break;
            case RowOutcome::archived: ++archived; break;
            case RowOutcome::unchanged: ++unchanged; break;
            case RowOutcome::absent: break;
        }
    }
};

// What an import knows of one row (a practitioner, site, activity or specialty): whether the
// database held it, public or archived; whether this extract holds it; what changed. One
// byte: a national import keeps millions of them, and the hot loop calls these inline.
class RowState {
public:
    RowState() = default;  // a row the database does not hold
    static RowState stored(bool archived) { return RowState(archived ? kExisted | kWasArchived : kExisted); }

    bool existed() const { return flags_ & kExisted; }
    bool was_archived() const { return flags_ & kWasArchived; }
    bool seen() const { return flags_ & kSeen; }
    bool changed() const { return flags_ & kChanged; }

    // The row's first line in this extract, whose RPPS fields hash to `hash` while the
    // database holds `stored_hash` (ignored for a row it does not hold). Precondition:
    // !seen(): later lines of the row write nothing of it.
    // A new row is inserted; an archived one is written back (restored, changed or not); a
    // public one is written only when its fields changed.
    RowWrite see(std::int64_t stored_hash, std::int64_t hash) {
        flags_ |= kSeen;
        if (!existed()) return RowWrite::insert;
        if (hash != stored_hash) flags_ |= kChanged;
        return changed() || was_archived() ? RowWrite::update : RowWrite::none;
    }

    // Something the row holds was written or archived (a practitioner's activity or
    // specialty): the row counts as updated even though its own fields did not change.
    void related_changed() { flags_ |= kRelatedChanged; }

    // Once the extract is read: a public row the extract no longer holds is archived (a
    // specialty, RPPS data and not declared data, is removed).
    bool to_archive() const { return existed() && !was_archived() && !seen(); }

    RowOutcome outcome() const {
        if (!seen()) return to_archive() ? RowOutcome::archived : RowOutcome::absent;
        if (!existed()) return RowOutcome::added;
        if (was_archived()) return RowOutcome::restored;
        if (flags_ & (kChanged | kRelatedChanged)) return RowOutcome::updated;
        return RowOutcome::unchanged;
    }

    // Practices (a practitioner at a site in a profession) follow from public activities. A
    // re-import makes or refreshes those of a practitioner added, archived, restored, or
    // whose fields, activities or specialties changed.
    bool practitioner_practices_may_change() const {
        return outcome() != RowOutcome::unchanged && outcome() != RowOutcome::absent;
    }
    // ... and those of every practitioner at a site archived, restored or changed.
    bool site_practices_may_change() const {
        const RowOutcome o = outcome();
        return o == RowOutcome::archived || o == RowOutcome::restored || changed();
    }

private:
    enum : std::uint8_t { kExisted = 1, kWasArchived = 2, kSeen = 4, kChanged = 8, kRelatedChanged = 16 };
    explicit RowState(std::uint8_t flags) : flags_(flags) {}
    std::uint8_t flags_ = 0;
};

// A line whose activity (practitioner, site, profession, mode, sector, role) an earlier line
// of the extract already had. `earlier_line` is 0 when none had.
enum class LineRepeat : std::uint8_t { first, same_activity, duplicate };
inline LineRepeat repeat_of(std::uint64_t earlier_line, std::int64_t earlier_line_hash, std::int64_t line_hash) {
    if (earlier_line == 0) return LineRepeat::first;
    // The same text again is reported and ignored; another line of the same activity only
    // adds its specialty.
    return earlier_line_hash == line_hash ? LineRepeat::duplicate : LineRepeat::same_activity;
}

// Lines: an import with no data line, or with more than `max_rejected_percent` of its lines
// rejected (and more than kRejectedLinesAlwaysTolerated), stops. Returns why, or nullopt.
inline constexpr std::uint64_t kRejectedLinesAlwaysTolerated = 10;
std::optional<std::string> lines_refusal(std::uint64_t data_lines, std::uint64_t rejected, double max_rejected_percent);

// An import that would archive more than kMassArchiveShare of the public practitioners (of a
// directory of at least kMassArchiveMinimumPublic) stops unless allowed (--allow-mass-archive):
// a file of another territory, or a partial one, would otherwise empty the directory.
// Returns why, or nullopt.
inline constexpr double kMassArchiveShare = 0.25;
inline constexpr std::uint64_t kMassArchiveMinimumPublic = 100;
std::optional<std::string> mass_archive_refusal(std::uint64_t public_before, std::uint64_t archived, bool allowed);

// An owner's correction of an RPPS value, as the database holds it once the import wrote
// its rows.
struct CorrectionBaseline {
    std::int64_t id = 0;
    std::string entity;      // practitioner or site
    std::string entity_key;  // practitioner id or site key
    std::string field;
    std::string value;                                // the owner's
    std::optional<std::string> rpps_value;            // the RPPS value it was made against
    std::optional<std::string> conflict_rpps_value;   // the RPPS value of a conflict already flagged
    std::optional<std::string> current_rpps_value;    // the RPPS value now (nullopt: the row has none)
    bool conflict_flagged = false;                    // a conflict is open (conflict_rpps_value is its value)
};

// A correction whose RPPS value the extract changed: both values are kept for an admin.
struct CorrectionConflict {
    std::int64_t id = 0;
    std::string entity;
    std::string entity_key;
    std::string field;
    std::string value;
    std::optional<std::string> rpps_value;
    std::optional<std::string> new_rpps_value;
};

// The corrections newly in conflict: the RPPS value moved away from the one the correction
// was made against, and is not the one of a conflict already flagged. In the order given.
// A value that appears or disappears is a change like another (the owner corrected a phone
// that the RPPS no longer gives: an admin decides).
std::vector<CorrectionConflict> corrections_in_conflict(const std::vector<CorrectionBaseline>& corrections);

}  // namespace annuaire::model
