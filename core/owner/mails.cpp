#include "owner/mails.hpp"

namespace annuaire::owner {

namespace {

constexpr const char* kSignature = "\n\n-- \nL'annuaire des professionnels de santé de la CPTS\n";

std::string base(const std::string& public_url) {
    return !public_url.empty() && public_url.back() == '/' ? public_url.substr(0, public_url.size() - 1) : public_url;
}

}  // namespace

std::string set_password_link(const std::string& public_url, const std::string& token) {
    return base(public_url) + "/compte/mot-de-passe#jeton=" + token;
}

std::string claim_status_link(const std::string& public_url, const std::string& token) {
    return base(public_url) + "/attribution/suivi#jeton=" + token;
}

MailText admin_invitation(const std::string& link) {
    return {"admin_invitation", "Votre compte d'administration de l'annuaire",
            "Bonjour,\n\nUn compte d'administration de l'annuaire a été créé pour vous. Choisissez votre mot de passe en "
            "ouvrant ce lien (valable 72 heures, une seule fois) :\n\n" + link + kSignature};
}

MailText claim_activation(const std::string& practitioner_name, const std::string& claimant_name, const std::string& link) {
    return {"claim_activation", "Attribution de votre fiche dans l'annuaire",
            "Bonjour,\n\n" + claimant_name + " a demandé à gérer la fiche de " + practitioner_name +
                " dans l'annuaire. Ce message est envoyé à l'adresse MSSanté connue pour ce professionnel.\n\n"
                "Si c'est bien vous, choisissez votre mot de passe en ouvrant ce lien (valable 72 heures, une seule fois) : "
                "la fiche vous sera attribuée.\n\n" + link +
                "\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne sera fait." + kSignature};
}

MailText claim_received(const std::string& practitioner_name, bool mailed_to_mssante, const std::string& status_link) {
    return {"claim_received", "Votre demande d'attribution de fiche",
            "Bonjour,\n\nVotre demande d'attribution de la fiche de " + practitioner_name + " a bien été reçue.\n\n" +
                (mailed_to_mssante
                     ? std::string("Un lien d'activation a été envoyé à l'adresse MSSanté de ce professionnel.")
                     : std::string("Un administrateur de l'annuaire va l'examiner.")) +
                "\n\nSuivez son avancement ici :\n\n" + status_link + kSignature};
}

MailText claim_approved(const std::string& practitioner_name, const std::string& link) {
    return {"claim_approved", "Votre demande d'attribution de fiche est acceptée",
            "Bonjour,\n\nVotre demande d'attribution de la fiche de " + practitioner_name +
                " a été acceptée. Choisissez votre mot de passe en ouvrant ce lien (valable 72 heures, une seule fois) :\n\n" +
                link + kSignature};
}

MailText fiche_granted(const std::string& practitioner_name, const std::string& public_url) {
    return {"fiche_granted", "Une fiche vous a été attribuée",
            "Bonjour,\n\nLa fiche de " + practitioner_name +
                " vous a été attribuée. Connectez-vous à votre compte pour la compléter :\n\n" + base(public_url) +
                "/compte" + kSignature};
}

MailText claim_rejected(const std::string& practitioner_name, const std::string& reason) {
    return {"claim_rejected", "Votre demande d'attribution de fiche",
            "Bonjour,\n\nVotre demande d'attribution de la fiche de " + practitioner_name +
                " n'a pas été acceptée, pour la raison suivante :\n\n" + reason +
                "\n\nVous pouvez répondre à la CPTS pour en savoir plus." + kSignature};
}

MailText password_reset(const std::string& link) {
    return {"password_reset", "Nouveau mot de passe pour l'annuaire",
            "Bonjour,\n\nUne demande de nouveau mot de passe a été faite pour votre compte. Choisissez-le en ouvrant ce lien "
            "(valable 72 heures, une seule fois) :\n\n" + link +
            "\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste le même." +
            kSignature};
}

}  // namespace annuaire::owner
