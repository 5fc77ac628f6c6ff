// `annuaire outbox`: what an SMTP relay (or the database's owner) reads of the mails the
// annuaire has to send, bodies and links whole, and how it marks those it delivered. The
// console's view of the outbox (OwnerService::outbox) masks the links instead.
#pragma once

#include "store/owner_store.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace annuaire::owner {

// Newest first, at most `limit`; opens the database read-only (its schema must be current).
std::vector<store::Mail> mails_to_relay(const std::string& database_path, bool unsent_only, int limit);

// Marks the mails sent now, all or none (one transaction); the database is upgraded first.
void mark_mails_sent(const std::string& database_path, const std::vector<std::int64_t>& ids);

}  // namespace annuaire::owner
