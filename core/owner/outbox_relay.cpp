#include "owner/outbox_relay.hpp"

#include "store/database.hpp"
#include "store/schema.hpp"
#include "util/clock.hpp"

namespace annuaire::owner {

std::vector<store::Mail> mails_to_relay(const std::string& database_path, bool unsent_only, int limit) {
    store::Database db(database_path, store::OpenMode::read_only);
    store::require_current_schema(db);
    return store::list_mail(db, unsent_only, limit);
}

void mark_mails_sent(const std::string& database_path, const std::vector<std::int64_t>& ids) {
    store::Database db(database_path, store::OpenMode::read_write);
    store::configure_writer(db);
    store::migrate(db);
    store::Transaction transaction(db);
    const auto now = util::utc_now();
    for (const auto id : ids) store::mark_mail_sent(db, id, now);
    transaction.commit();
}

}  // namespace annuaire::owner
