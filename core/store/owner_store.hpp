// Every SQL statement of owner data: what professionals declare (declared_* tables),
// corrections of RPPS values (field_override), and, with them, the accounts, sessions,
// claims, audit log and outbox of owner editing. The owner module (core/owner/) is the
// only caller besides the import, which keeps declarations across re-imports.
#pragma once

#include "store/database.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace annuaire::store {

// What a declaration says of one field: nothing (the stored value stays as it is), that
// the field is cleared (JSON null), or its new value. A declaration changes what it names
// and nothing else: declaring a practice again does not touch the fields it leaves out.
template <typename T>
class Change {
public:
    Change() = default;   // names nothing
    static Change cleared() {
        Change change;
        change.state_ = State::clear;
        return change;
    }
    static Change to(T value) {
        Change change;
        change.state_ = State::set;
        change.value_ = std::move(value);
        return change;
    }
    bool named() const { return state_ != State::keep; }
    bool clears() const { return state_ == State::clear; }
    // The new value; nullptr unless the change sets one.
    const T* value() const { return state_ == State::set ? &value_ : nullptr; }
    bool operator==(const T& other) const { return state_ == State::set && value_ == other; }

private:
    enum class State : std::uint8_t { keep, clear, set };
    State state_ = State::keep;
    T value_{};
};

// Owner declarations, validated by the caller (owner::parse_declarations).
struct OpeningInterval {
    int weekday = 1, opens = 0, closes = 0;
    bool operator==(const OpeningInterval&) const = default;
};
struct PracticeDeclaration {
    std::string practitioner_id;
    std::optional<std::int64_t> site_id;
    std::optional<std::string> site_key;
    Change<std::string> phone, mssante_email, appointment_url, conventionnement;
    std::array<Change<bool>, 6> booleans;   // order of owner::kBooleanFields
    // Lists replace the stored list when named; an empty list clears it, as null does.
    Change<std::vector<std::string>> publics, acts;
    Change<std::vector<OpeningInterval>> hours;
    std::string declared_at;
    std::optional<std::string> declared_by;
};
struct PractitionerDeclaration {
    std::string practitioner_id;
    Change<std::string> phone, mssante_email, expertise, training, website;
    std::string declared_at;
    std::optional<std::string> declared_by;
};
// A correction of one RPPS value (field_override), of a practitioner or of a site;
// a cleared value removes the correction (the RPPS value shows again).
struct FieldCorrection {
    std::optional<std::string> practitioner_id;               // exactly one of the three
    std::optional<std::string> site_key;
    std::optional<std::int64_t> site_id;
    std::string field;                                        // owner::kCorrectable*Fields
    Change<std::string> value;
    std::string declared_at;
    std::optional<std::string> declared_by;
};
struct DeclarationSet {
    std::vector<PractitionerDeclaration> practitioners;
    std::vector<PracticeDeclaration> practices;
    std::vector<FieldCorrection> corrections;
};
struct DeclarationSummary {
    std::size_t practitioners = 0, practices = 0, corrections = 0;
};

// Writes every declaration in one transaction, or nothing: throws DatabaseError naming
// the first unknown practitioner or site. Each field a declaration names replaces the
// stored one (null clears it); the fields it leaves out stay as they were. Bumps meta
// 'declarations_version'.
DeclarationSummary write_declarations(Database& db, const DeclarationSet& set);


}  // namespace annuaire::store
