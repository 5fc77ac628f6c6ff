// An oracle for tests: does practice_fts hold exactly the text that practice_text
// shows now? practice_fts keeps no copy of its text, so an import that forgets to
// take old text out of it leaves words that no query can see are stale.
#pragma once

#include "store/database.hpp"

#include <string>

namespace annuaire::testing {

// Builds a second index from practice_text in a temporary table and compares both,
// word by word and column by column: the same practices must contain each word.
// Returns "" when they agree, else the first differences found.
std::string full_text_index_differences(store::Database& db);

}  // namespace annuaire::testing
