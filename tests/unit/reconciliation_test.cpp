// The import's reconciliation rules (core/model/reconciliation.hpp), without a database: what
// a row of the extract makes the store write, how it is counted, and when an import stops.
#include "model/reconciliation.hpp"

#include <doctest/doctest.h>

using namespace annuaire::model;

namespace {

constexpr std::int64_t kHash = 41;
constexpr std::int64_t kOtherHash = 42;

RowState public_row() { return RowState::stored(false); }
RowState archived_row() { return RowState::stored(true); }

}  // namespace

TEST_CASE("a row the database does not hold is inserted and counted as added") {
    RowState row;
    CHECK(row.see(0, kHash) == RowWrite::insert);
    CHECK(row.outcome() == RowOutcome::added);
    CHECK_FALSE(row.to_archive());
}

TEST_CASE("a public row whose fields are the same is not written and counted as unchanged") {
    RowState row = public_row();
    CHECK(row.see(kHash, kHash) == RowWrite::none);
    CHECK(row.outcome() == RowOutcome::unchanged);
    CHECK_FALSE(row.changed());
}

TEST_CASE("a public row whose fields changed is updated") {
    RowState row = public_row();
    CHECK(row.see(kHash, kOtherHash) == RowWrite::update);
    CHECK(row.changed());
    CHECK(row.outcome() == RowOutcome::updated);
}

TEST_CASE("a practitioner absent from the extract is archived") {
    RowState row = public_row();
    CHECK(row.to_archive());
    CHECK(row.outcome() == RowOutcome::archived);
}

TEST_CASE("a row archived before and still absent is neither archived again nor counted") {
    RowState row = archived_row();
    CHECK_FALSE(row.to_archive());
    CHECK(row.outcome() == RowOutcome::absent);
    EntityCounts counts;
    counts.count(row.outcome());
    CHECK(counts.added + counts.updated + counts.restored + counts.archived + counts.unchanged == 0);
}

TEST_CASE("one that comes back is restored, written back even when its fields are the same") {
    RowState same = archived_row();
    CHECK(same.see(kHash, kHash) == RowWrite::update);
    CHECK(same.outcome() == RowOutcome::restored);
    CHECK_FALSE(same.to_archive());

    RowState changed = archived_row();
    CHECK(changed.see(kHash, kOtherHash) == RowWrite::update);
    CHECK(changed.outcome() == RowOutcome::restored);  // restored, not updated
}

TEST_CASE("a practitioner whose activity or specialty changed counts as updated, their own fields unchanged") {
    RowState row = public_row();
    CHECK(row.see(kHash, kHash) == RowWrite::none);
    row.related_changed();
    CHECK(row.outcome() == RowOutcome::updated);
    CHECK_FALSE(row.changed());
    CHECK(row.practitioner_practices_may_change());
}

TEST_CASE("the same file twice: every row unchanged, nothing written, no practice to refresh") {
    for (RowState row : {public_row(), public_row()}) {
        CHECK(row.see(kHash, kHash) == RowWrite::none);
        CHECK(row.outcome() == RowOutcome::unchanged);
        CHECK_FALSE(row.practitioner_practices_may_change());
        CHECK_FALSE(row.site_practices_may_change());
    }
}

TEST_CASE("the practices of a practitioner added, archived or restored are made or refreshed") {
    RowState added;
    added.see(0, kHash);
    CHECK(added.practitioner_practices_may_change());
    RowState archived = public_row();
    CHECK(archived.practitioner_practices_may_change());
    RowState restored = archived_row();
    restored.see(kHash, kHash);
    CHECK(restored.practitioner_practices_may_change());
    CHECK_FALSE(archived_row().practitioner_practices_may_change());  // gone before, still gone
}

TEST_CASE("the practices at a site archived, restored or changed are refreshed, not those of a new site") {
    RowState changed = public_row();
    changed.see(kHash, kOtherHash);
    CHECK(changed.site_practices_may_change());
    CHECK(public_row().site_practices_may_change());  // archived
    RowState restored = archived_row();
    restored.see(kHash, kHash);
    CHECK(restored.site_practices_may_change());
    RowState added;
    added.see(0, kHash);
    CHECK_FALSE(added.site_practices_may_change());  // its practitioners' new activities bring them
}

TEST_CASE("counts add up per outcome") {
    EntityCounts counts;
    for (const RowOutcome outcome : {RowOutcome::added, RowOutcome::added, RowOutcome::updated, RowOutcome::restored,
                                     RowOutcome::archived, RowOutcome::unchanged, RowOutcome::unchanged,
                                     RowOutcome::unchanged, RowOutcome::absent}) {
        counts.count(outcome);
    }
    CHECK(counts.added == 2);
    CHECK(counts.updated == 1);
    CHECK(counts.restored == 1);
    CHECK(counts.archived == 1);
    CHECK(counts.unchanged == 3);
}

TEST_CASE("a line identical to an earlier one is a duplicate of it, another line of the same activity is not") {
    CHECK(repeat_of(0, 0, kHash) == LineRepeat::first);
    CHECK(repeat_of(7, kHash, kHash) == LineRepeat::duplicate);
    CHECK(repeat_of(7, kHash, kOtherHash) == LineRepeat::same_activity);  // e.g. another specialty
}

TEST_CASE("an extract with a header but no data line is refused") {
    const auto refusal = lines_refusal(0, 0, 1.0);
    REQUIRE(refusal);
    CHECK(refusal->find("no data line") != std::string::npos);
}

TEST_CASE("rejected lines stop the import above the threshold, and never when ten or fewer") {
    CHECK_FALSE(lines_refusal(20, 10, 1.0));  // 50 %, but only 10 lines
    CHECK_FALSE(lines_refusal(10000, 100, 1.0));  // exactly 1 %
    const auto refusal = lines_refusal(10000, 101, 1.0);
    REQUIRE(refusal);
    CHECK(*refusal == "101 of 10000 lines rejected (1.01 %, above the 1 % threshold): import aborted, database unchanged");
    CHECK_FALSE(lines_refusal(10000, 101, 2.0));  // --max-rejected-percent 2
}

TEST_CASE("more than 25 % of the public practitioners archived is refused without the override") {
    const auto refusal = mass_archive_refusal(1000, 251, false);
    REQUIRE(refusal);
    CHECK(refusal->find("would archive 251 of 1000 public practitioners") != std::string::npos);
    CHECK(refusal->find("--allow-mass-archive") != std::string::npos);
    CHECK_FALSE(mass_archive_refusal(1000, 250, false));  // exactly 25 %
    CHECK_FALSE(mass_archive_refusal(1000, 1000, true));  // --allow-mass-archive
    CHECK_FALSE(mass_archive_refusal(99, 99, false));     // a directory too small to judge
}

TEST_CASE("a correction whose RPPS value changed becomes a conflict, with both values") {
    const std::vector<CorrectionBaseline> corrections = {
        {1, "practitioner", "10000000012", "last_name", "Roche-Martin", "ROCHE", std::nullopt, "ROCHE-MARTIN"},
        {2, "site", "R1", "phone", "0389000000", "0389111111", std::nullopt, "0389111111"},  // unchanged
    };
    const auto conflicts = corrections_in_conflict(corrections);
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].id == 1);
    CHECK(conflicts[0].value == "Roche-Martin");
    CHECK(conflicts[0].rpps_value == "ROCHE");
    CHECK(conflicts[0].new_rpps_value == "ROCHE-MARTIN");
}

TEST_CASE("a conflict already flagged for the same new RPPS value is not flagged again but a newer value is") {
    CorrectionBaseline c{1, "site", "R1", "email", "a@example.fr", "old@example.fr", "new@example.fr", "new@example.fr", true};
    CHECK(corrections_in_conflict({c}).empty());
    c.current_rpps_value = "newer@example.fr";
    const auto conflicts = corrections_in_conflict({c});
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].new_rpps_value == "newer@example.fr");
}

TEST_CASE("an RPPS value that appears or disappears under a correction is a conflict, flagged once") {
    const CorrectionBaseline appeared{1, "site", "R1", "phone", "0389000000", std::nullopt, std::nullopt, "0389111111"};
    CorrectionBaseline removed{2, "site", "R2", "email", "a@example.fr", "old@example.fr", std::nullopt, std::nullopt};
    const CorrectionBaseline still_none{3, "site", "R3", "email", "a@example.fr", std::nullopt, std::nullopt, std::nullopt};
    const auto conflicts = corrections_in_conflict({appeared, removed, still_none});
    REQUIRE(conflicts.size() == 2);
    CHECK(conflicts[0].id == 1);
    CHECK_FALSE(conflicts[0].rpps_value);
    CHECK(conflicts[0].new_rpps_value == "0389111111");
    CHECK(conflicts[1].id == 2);
    CHECK(conflicts[1].rpps_value == "old@example.fr");
    CHECK_FALSE(conflicts[1].new_rpps_value);
    // The next import finds the conflict open with "no value": not flagged again.
    removed.conflict_flagged = true;
    CHECK(corrections_in_conflict({removed}).empty());
}
