// `annuaire declare`: a declarations document (owner::parse_declarations) recorded as the
// CPTS's, in one transaction, with its audit entry. Owners' own edits go through
// OwnerService::edit_fiche instead.
#pragma once

#include "store/owner_store.hpp"

#include <stdexcept>
#include <string>
#include <string_view>

namespace annuaire::owner {

// The database refused the document (an unknown practitioner or site, ...): nothing written.
class DeclarationsNotWritten : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Checks the whole document first (DeclarationError, listing every problem with its JSON
// path), then opens the database for writing, upgrading its schema, and writes it as `actor`.
// Store errors of the open itself (a missing or read-only file, ...) propagate as they are.
store::DeclarationSummary record_declarations(const std::string& database_path, std::string_view document,
                                              const std::string& actor);

}  // namespace annuaire::owner
