#include "full_text_check.hpp"

#include <map>
#include <set>
#include <sstream>
#include <vector>

namespace annuaire::testing {

namespace {

using Postings = std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>>;  // (column, term)

Postings postings_of(store::Database& db, const std::string& schema, const std::string& table,
                     const std::string& vocabulary) {
    std::set<std::pair<std::string, std::string>> keys;
    auto terms = db.prepare("SELECT col, term FROM temp." + vocabulary);
    while (terms.step()) keys.emplace(terms.column_text(0), terms.column_text(1));
    Postings postings;
    auto match =
        db.prepare("SELECT rowid FROM " + schema + "." + table + " WHERE " + table + " MATCH ?1 ORDER BY rowid");
    for (const auto& [column, term] : keys) {
        std::string quoted = "\"";
        for (const char c : term) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        quoted += "\"";
        match.bind(1, column + " : " + quoted);
        auto& rows = postings[{column, term}];
        while (match.step()) rows.push_back(match.column_int64(0));
        match.reset();
    }
    return postings;
}

}  // namespace

std::string full_text_index_differences(store::Database& db) {
    // The second index: practice_fts's own definition, over a temporary view of practice_text.
    auto definition = db.prepare("SELECT sql FROM main.sqlite_master WHERE name = 'practice_fts'");
    if (!definition.step()) return "no practice_fts table";
    std::string fresh_definition = definition.column_text(0);
    definition.reset();
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"TABLE practice_fts ", "TABLE temp.fresh_fts "},
                                   {"'practice_text'", "'fresh_text'"}}) {
        const auto at = fresh_definition.find(from);
        if (at == std::string::npos) return "unexpected practice_fts definition: " + fresh_definition;
        fresh_definition.replace(at, from.size(), to);
    }
    db.execute(
        "DROP TABLE IF EXISTS temp.live_terms; DROP TABLE IF EXISTS temp.fresh_terms;"
        "DROP TABLE IF EXISTS temp.fresh_fts; DROP VIEW IF EXISTS temp.fresh_text;"
        "CREATE TEMP VIEW fresh_text AS SELECT * FROM main.practice_text;");
    db.execute(fresh_definition);
    db.execute(
        "INSERT INTO temp.fresh_fts(fresh_fts) VALUES('rebuild');"
        "CREATE VIRTUAL TABLE temp.live_terms USING fts5vocab(main, practice_fts, col);"
        "CREATE VIRTUAL TABLE temp.fresh_terms USING fts5vocab(temp, fresh_fts, col);");
    const Postings live = postings_of(db, "main", "practice_fts", "live_terms");
    const Postings fresh = postings_of(db, "temp", "fresh_fts", "fresh_terms");
    std::ostringstream out;
    int shown = 0;
    const auto show = [&](const std::pair<std::string, std::string>& key, const std::vector<std::int64_t>* in_index,
                          const std::vector<std::int64_t>* in_text) {
        if (++shown > 10) return;
        out << key.first << ":'" << key.second << "' indexed for " << (in_index ? in_index->size() : 0)
            << " practices, shown by practice_text for " << (in_text ? in_text->size() : 0) << "\n";
    };
    for (const auto& [key, rows] : live) {
        const auto found = fresh.find(key);
        if (found == fresh.end()) {
            show(key, &rows, nullptr);
        } else if (found->second != rows) {
            show(key, &rows, &found->second);
        }
    }
    for (const auto& [key, rows] : fresh) {
        if (!live.count(key)) show(key, nullptr, &rows);
    }
    // FTS5 keeps the number of practices and of words per column (for ranking) in the record
    // of id 1: text indexed twice, or taken out with other words than it went in with, shows there.
    auto averages = db.prepare(
        "SELECT (SELECT block FROM main.practice_fts_data WHERE id = 1) IS "
        "(SELECT block FROM temp.fresh_fts_data WHERE id = 1)");
    averages.step();
    if (averages.column_int64(0) == 0) out << "the index's practice and word counts differ from practice_text's\n";
    averages.reset();
    db.execute(
        "DROP TABLE temp.live_terms; DROP TABLE temp.fresh_terms; DROP TABLE temp.fresh_fts;"
        "DROP VIEW temp.fresh_text;");
    return out.str();
}

}  // namespace annuaire::testing
