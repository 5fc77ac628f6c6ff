// The mails the annuaire sends (into its outbox), in French: who they go to reads them.
#pragma once

#include <string>

namespace annuaire::owner {

struct MailText {
    std::string kind;      // outbox.kind
    std::string subject;
    std::string body;
};

// The links the pages open (phase 2 builds them): the token travels in the fragment, which
// browsers never send to a server nor put in a Referer.
std::string set_password_link(const std::string& public_url, const std::string& token);
std::string claim_status_link(const std::string& public_url, const std::string& token);

MailText admin_invitation(const std::string& link);
// To the MSSanté address: only the professional reads that mailbox.
MailText claim_activation(const std::string& practitioner_name, const std::string& claimant_name, const std::string& link);
MailText claim_received(const std::string& practitioner_name, bool mailed_to_mssante, const std::string& status_link);
MailText claim_approved(const std::string& practitioner_name, const std::string& link);
// An account that is already active gets the fiche at once.
MailText fiche_granted(const std::string& practitioner_name, const std::string& public_url);
MailText claim_rejected(const std::string& practitioner_name, const std::string& reason);
MailText password_reset(const std::string& link);

}  // namespace annuaire::owner
