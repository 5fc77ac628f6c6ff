#include "owner/declare_job.hpp"

#include "owner/declarations.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"

namespace annuaire::owner {

store::DeclarationSummary record_declarations(const std::string& database_path, std::string_view document,
                                              const std::string& actor) {
    const auto set = parse_declarations(document);
    store::Database db(database_path, store::OpenMode::read_write);
    store::configure_writer(db);
    store::migrate(db);
    try {
        return store::write_declarations(db, set, actor);
    } catch (const store::DatabaseError& error) {
        throw DeclarationsNotWritten(error.what());
    }
}

}  // namespace annuaire::owner
