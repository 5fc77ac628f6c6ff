// Every text the scripts write, in French, in one place (the page's fixed texts are in
// index.html): labels, messages, the words of the API's codes, Leaflet's control titles,
// what each API error means, and the formatting of numbers, dates and phone numbers.

export const t = {
  title: 'Annuaire des professionnels de santé',
  addressNotFound: "Cette adresse n'a pas été trouvée. Précisez la rue et la commune.",
  locate: 'Autour de moi',
  locating: 'Localisation…',
  suggestionKinds: {
    practitioner: 'Professionnel',
    profession: 'Profession',
    specialty: 'Spécialité',
    commune: 'Commune',
  },
  radius: 'Dans un rayon de',
  filters: 'Filtres',
  filtersActive: n => (n === 0 ? 'aucun filtre actif' : n === 1 ? '1 filtre actif' : `${n} filtres actifs`),
  showResults: n => `Voir ${formatCount(n, 'résultat', 'résultats')}`,
  allFeminine: 'Toutes',
  showMore: 'Afficher plus',
  showLess: 'Afficher moins',
  severalChosen: n => `${n} choisies`,
  facetTitles: {
    profession: 'Profession',
    specialty: 'Spécialité (savoir-faire)',
    commune: 'Commune',
    mode: "Mode d'exercice",
    conventionnement: 'Conventionnement',
    public: 'Publics reçus',
    act: 'Actes pratiqués',
    declared: 'Déclaré par le professionnel',
    open: 'Horaires',
  },
  openAny: 'Peu importe',
  openNow: 'Ouvert maintenant',
  openAt: 'Ouvert le…',
  openDate: 'Jour',
  openTime: 'Heure',
  sorts: { relevance: 'Pertinence', name: 'Nom', distance: 'Distance' },
  loading: 'Recherche en cours…',
  exportTitle: 'Exporter ces résultats',
  exports: {
    csv: 'CSV pour tableur',
    'csv-comma': 'CSV (virgules)',
    geojson: 'GeoJSON',
    gpkg: 'GeoPackage',
  },
  exportTooMany: 'Trop de résultats pour un export : affinez la recherche (200 000 au plus).',
  previous: 'Précédente',
  next: 'Suivante',
  pageOf: (page, pages) => `Page ${page} sur ${pages}`,
  understood: 'Recherche comprise :',
  inArea: 'Dans la zone de la carte',
  atPlace: 'À cette adresse',
  removeChip: label => `Retirer : ${label}`,
  mapLabel: 'Carte des résultats. La liste donne les mêmes résultats.',
  zoomIn: 'Zoomer',
  zoomOut: 'Dézoomer',
  leafletTitle: 'Leaflet, bibliothèque de cartes interactives',
  offlineBaseMap: 'Fond de carte hors ligne : contours des communes (IGN Admin Express)',
  tilesFailed: 'Les tuiles du fond de carte ne répondent pas : fond hors ligne affiché.',
  clusterLabel: n => `${formatCount(n, 'professionnel', 'professionnels')} dans ce secteur : zoomer`,
  placeLabel: n => `${formatCount(n, 'professionnel', 'professionnels')} à cette adresse : afficher la liste`,
  pinLabel: (name, profession) => `${name}, ${profession} : ouvrir la fiche`,
  myPosition: 'Ma position',
  geolocationUnavailable: "Votre navigateur ne donne pas votre position. Saisissez une adresse dans « Près de ».",
  geolocationDenied: "La position n'a pas été autorisée. Saisissez une adresse dans « Près de ».",
  geolocationFailed: "Votre position n'a pas pu être obtenue. Saisissez une adresse dans « Près de ».",
  declaredBadges: 'Déclaré par le professionnel',
  noResult: 'Aucun professionnel ne correspond. Essayez moins de filtres ou un autre mot.',
  fiche: 'Fiche',
  closeFiche: 'Fermer la fiche',
  ficheLoading: 'Chargement de la fiche…',
  identity: 'Identité',
  practice: "Lieu d'exercice",
  otherPractices: "Autres lieux d'exercice",
  showPractice: 'Voir ce lieu',
  practitionerDeclared: 'Informations données par le professionnel',
  openingHours: "Horaires d'ouverture",
  openNowStatus: 'Ouvert maintenant',
  closedNowStatus: 'Fermé maintenant',
  closed: 'Fermé',
  itinerary: 'Itinéraire (OpenStreetMap, nouvel onglet)',
  newTab: '(nouvel onglet)',
  notGiven: 'Non renseigné',
  yes: 'Oui',
  no: 'Non',
  claimTitle: 'Vous êtes ce professionnel ?',
  claimText:
    'Demandez l’attribution de cette fiche pour la corriger et la compléter vous-même (horaires, Carte Vitale, accessibilité…). ' +
    'Une information est fausse ? Signalez-la à la CPTS, ou au professionnel lui-même.',
  claimOpen: 'Je suis ce professionnel',
  claimFormTitle: 'Demande d’attribution de fiche',
  claimHelp:
    'Si une adresse de messagerie sécurisée de santé (MSSanté) est connue pour ce professionnel, le lien d’activation y est envoyé : ' +
    'seul son titulaire peut le lire. Sinon, un administrateur de la CPTS examine la demande.',
  claimId: 'Identifiant RPPS ou ADELI',
  claimIdHelp: '11 chiffres (RPPS) ou 9 chiffres (ADELI), tel qu’il figure sur la fiche',
  claimName: 'Vos nom et prénom',
  claimEmail: 'Votre adresse électronique de contact',
  claimEmailHelp: 'Le suivi de la demande y est envoyé.',
  claimMessage: 'Message pour la CPTS (facultatif)',
  claimSend: 'Envoyer la demande',
  claimCancel: 'Annuler',
  claimSending: 'Envoi en cours…',
  claimSent: {
    awaiting_activation:
      'Demande enregistrée. Un lien d’activation a été envoyé à l’adresse MSSanté de ce professionnel : ouvrez-le pour choisir votre mot de passe.',
    awaiting_review: 'Demande enregistrée. Un administrateur de la CPTS va l’examiner ; vous serez prévenu par courriel.',
  },
  claimFollow: 'Suivre la demande',
  claimWrongId: 'L’identifiant ne correspond pas à cette fiche.',
  required: 'Ce champ est obligatoire.',
  formHasErrors: n => (n === 1 ? '1 champ est à corriger.' : `${n} champs sont à corriger.`),
  mssanteNote: 'Messagerie sécurisée de santé, réservée aux échanges entre professionnels de santé',
  correctedFrom: value => `valeur RPPS : ${value}`,
  fields: {
    civility: 'Civilité',
    exercise_civility: "Civilité d'exercice",
    last_name: 'Nom',
    first_name: 'Prénom',
    profession: 'Profession',
    category: 'Catégorie',
    specialties: 'Savoir-faire (spécialités)',
    id: 'Identifiant',
    site_name: 'Structure',
    address: 'Adresse',
    mode: "Mode d'exercice",
    phone: 'Téléphone',
    email: 'Courriel',
    location: 'Position sur la carte',
    declared_phone: 'Téléphone (déclaré)',
    mssante_email: 'Adresse MSSanté',
    appointment_url: 'Prise de rendez-vous',
    conventionnement: 'Conventionnement',
    carte_vitale: 'Carte Vitale',
    tiers_payant: 'Tiers payant',
    pmr_access: 'Accès personnes à mobilité réduite',
    home_visits: 'Visites à domicile',
    teleconsultation: 'Téléconsultation',
    telesoin: 'Télésoin',
    publics: 'Publics reçus',
    acts: 'Actes pratiqués',
    opening_hours: "Horaires d'ouverture",
    practitioner_phone: 'Téléphone du professionnel',
    practitioner_mssante_email: 'Adresse MSSanté du professionnel',
    website: 'Site web',
    expertise: 'Expertises',
    training: 'Formations',
  },
  badges: {
    carte_vitale: 'Carte Vitale',
    tiers_payant: 'Tiers payant',
    pmr_access: 'Accès PMR',
    home_visits: 'Visites à domicile',
    teleconsultation: 'Téléconsultation',
    telesoin: 'Télésoin',
  },
  precision: {
    pinned: 'placée à la main',
    housenumber: 'au numéro de la rue',
    interpolated: 'entre deux numéros de la rue',
    street: 'au milieu de la rue',
    municipality: 'au centre de la commune',
    none: 'non placée',
  },
};

// The words of the API's codes (the same lists as core/owner/owner_fields.hpp).
export const codes = {
  mode: { liberal: 'Libéral', salarie: 'Salarié', benevole: 'Bénévole', indirect: 'Indirect', unknown: 'Non renseigné' },
  conventionnement: {
    secteur_1: 'Conventionné secteur 1',
    secteur_2: 'Conventionné secteur 2',
    secteur_2_optam: 'Conventionné secteur 2 avec OPTAM',
    non_conventionne: 'Non conventionné',
    unknown: 'Non renseigné',
  },
  public: {
    enfants: 'Enfants',
    adolescents: 'Adolescents',
    adultes: 'Adultes',
    personnes_agees: 'Personnes âgées',
    handicap: 'Personnes en situation de handicap',
    precarite: 'Personnes en situation de précarité',
  },
  act: {
    vaccination: 'Vaccination',
    ecg: 'Électrocardiogramme',
    frottis: 'Frottis cervico-utérin',
    spirometrie: 'Spirométrie',
    sutures: 'Sutures',
    petite_chirurgie: 'Petite chirurgie',
    contraception: 'Contraception',
    suivi_grossesse: 'Suivi de grossesse',
    education_therapeutique: 'Éducation thérapeutique',
    soins_palliatifs: 'Soins palliatifs',
    depistage_diabete: 'Dépistage du diabète',
    sevrage_tabagique: 'Aide au sevrage tabagique',
    test_antigenique: 'Test antigénique',
    pansements_complexes: 'Pansements complexes',
    bilan_chute: 'Bilan de risque de chute',
    teleexpertise: 'Téléexpertise',
  },
  flag: {
    carte_vitale: 'Carte Vitale acceptée',
    tiers_payant: 'Tiers payant',
    pmr_access: 'Accès personnes à mobilité réduite',
    home_visits: 'Visites à domicile',
    teleconsultation: 'Téléconsultation',
    telesoin: 'Télésoin',
  },
  civility: { docteur: 'Docteur', professeur: 'Professeur', madame: 'Madame', monsieur: 'Monsieur' },
};

// What the API's error codes mean for the person using the page.
const errors = {
  empty_query: 'Saisissez au moins une lettre ou un chiffre pour rechercher.',
  invalid_parameter: "Cette recherche n'est pas valide. Vérifiez les critères saisis.",
  unknown_parameter: "Cette adresse de page contient un critère inconnu. Réinitialisez les filtres.",
  too_many_results: 'Trop de résultats pour un export : affinez la recherche.',
  not_found: "Ce professionnel n'est plus dans l'annuaire.",
  too_many_requests: 'Trop de recherches en peu de temps. Patientez quelques secondes puis réessayez.',
  busy: 'Le serveur est très sollicité. Réessayez dans un instant.',
  unavailable: 'Ce service est momentanément indisponible. Réessayez plus tard.',
  starting: 'Le service redémarre : la recherche sera disponible dans quelques secondes.',
  exports_busy: 'Des exports sont déjà en cours. Réessayez dans un instant.',
  network: 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.',
  not_logged_in: 'Votre session a pris fin. Connectez-vous de nouveau.',
  forbidden: 'Cette page est réservée aux administrateurs de l’annuaire.',
  csrf_failed: 'La page a expiré. Rechargez-la puis réessayez.',
  invalid_credentials: 'Adresse électronique ou mot de passe incorrect.',
  account_locked: 'Trop d’essais de connexion : ce compte est bloqué pendant quelques minutes. Réessayez plus tard.',
  account_disabled: 'Ce compte est désactivé. Contactez la CPTS.',
  account_exists: 'Un compte existe déjà avec cette adresse.',
  own_account: 'Vous ne pouvez pas désactiver votre propre compte.',
  no_password: 'Ce compte n’a pas encore de mot de passe : il deviendra actif quand son titulaire l’aura choisi.',
  invalid_link: 'Ce lien n’est plus valable (déjà utilisé, expiré ou remplacé par un plus récent). Demandez-en un nouveau.',
  invalid_email: 'Cette adresse électronique n’est pas valide.',
  invalid_request: 'Certains champs sont à corriger.',
  invalid_declarations: 'Certains champs sont à corriger : voyez le message à côté de chacun.',
  not_your_fiche: 'Cette fiche n’est pas attribuée à votre compte.',
  archived: 'Cette fiche est archivée (absente du dernier extrait RPPS) : elle ne peut pas être modifiée pour l’instant.',
  too_many_claims: 'Cette fiche a déjà plusieurs demandes en attente : la CPTS reviendra vers vous.',
  claim_decided: 'Cette demande a déjà été traitée.',
  proposal_decided: 'Cette correction a déjà été traitée.',
  read_only: 'Le serveur est en lecture seule : aucune modification n’est possible pour le moment.',
  import_running: 'Un import est en cours : les modifications seront possibles à sa fin. Réessayez dans une minute.',
  upload_busy: 'Un autre fichier est en cours d’envoi. Réessayez quand il sera reçu.',
  insufficient_storage: 'Le serveur manque de place pour enregistrer ce fichier.',
  payload_too_large: 'Le contenu envoyé est trop volumineux.',
  http_413: 'Le contenu envoyé est trop volumineux.',
};

// What the server says of one field at fault (in English, for programs), said in French
// for the person filling the form. `path` is the field's JSON path (practices[0].phone).
export function problemText(path, fault) {
  const f = String(fault || '');
  const last = String(path || '').replace(/\[\d+\]$/, '').split('.').pop();
  let found;
  if (/^required/.test(f)) return t.required;
  if (/unknown field/.test(f)) return 'Champ inconnu.';
  if ((found = /(\d+) characters, fewer than the (\d+)/.exec(f))) return `Au moins ${found[2]} caractères (${found[1]} saisis).`;
  if ((found = /(\d+) (characters|bytes), more than the (\d+)/.exec(f))) return `Trop long : ${formatNumber(Number(found[3]))} ${found[2] === 'bytes' ? 'octets' : 'caractères'} au plus (${formatNumber(Number(found[1]))} saisis).`;
  if (/not valid UTF-8/.test(f)) return 'Ce texte contient des caractères illisibles.';
  if (/line break|tab/.test(f) && /contains/.test(f)) return 'Une seule ligne, sans tabulation.';
  if (/control character|bidirectional|invisible|zero-width/.test(f)) return 'Ce texte contient un caractère invisible ou de contrôle : retirez-le.';
  if (/overlap/.test(f)) return 'Ce créneau chevauche un autre créneau du même jour.';
  if (/must be before closes/.test(f)) return 'L’heure de fin doit être après l’heure de début.';
  if (/intervals on weekday/.test(f)) return 'Trop de créneaux pour ce jour.';
  if (/listed twice|given twice|declared twice/.test(f)) return 'Cette valeur est donnée deux fois.';
  if (/MSSant/.test(f)) return 'Adresse MSSanté attendue (elle se termine par .mssante.fr).';
  if (/e-mail/.test(f) || /email/.test(last)) return 'Adresse électronique attendue, par exemple nom@exemple.fr.';
  if (/phone/.test(last)) return 'Numéro de téléphone français attendu, par exemple 03 89 12 34 56.';
  if (/url|website/.test(last)) return 'Adresse web complète attendue, commençant par https://';
  if (/postcode/.test(f) || last === 'postcode') return 'Code postal attendu : 5 chiffres, par exemple 68100.';
  if (/is not a site of this fiche/.test(f)) return 'Ce lieu n’est pas un lieu d’exercice de cette fiche.';
  if (/unknown value|not one of|expected '/.test(f)) return 'Valeur inconnue.';
  if (/RPPS|ADELI/.test(f)) return 'Identifiant RPPS (11 chiffres) ou ADELI (9 chiffres) attendu.';
  if (/expected (a|an) /.test(f)) return 'Valeur d’un type inattendu.';
  return 'Valeur refusée : vérifiez ce champ.';
}

export function errorMessage(code) {
  return errors[code] || 'Une erreur est survenue. Réessayez dans un instant.';
}

const numbers = new Intl.NumberFormat('fr-FR');

export function formatNumber(n) {
  return numbers.format(n);
}

export function formatCount(n, one, many) {
  return `${formatNumber(n)} ${n > 1 ? many : one}`;
}

export function formatDistance(metres) {
  if (metres < 1000) return `à ${Math.round(metres / 10) * 10} m`;
  return `à ${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(metres / 1000)} km`;
}

const longDate = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });

// "2025-01-15T09:00:00Z" or "2025-01-15" → "15 janvier 2025"; null when not a date.
export function formatDate(text) {
  if (typeof text !== 'string') return null;
  const only = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = only ? new Date(Date.UTC(+only[1], +only[2] - 1, +only[3], 12)) : new Date(text.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? null : longDate.format(date);
}

// The date of an RPPS extract from its file name (PS_LibreAcces_202611010000.zip), if it holds one.
export function extractDate(fileName) {
  const found = /(20\d{2})(\d{2})(\d{2})\d{4}/.exec(fileName || '');
  return found ? formatDate(`${found[1]}-${found[2]}-${found[3]}`) : null;
}

// A French phone number as the extract stores it (10 digits) → "03 89 12 34 56".
export function formatPhone(digits) {
  const plain = String(digits || '').replace(/\D/g, '');
  if (plain.length !== 10) return String(digits || '');
  return plain.replace(/(\d{2})(?=\d)/g, '$1 ');
}

export const weekdays = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

export function formatMinute(minute) {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${h} h ${String(m).padStart(2, '0')}`;
}

// "Dr Jeanne MARTIN" from what an item or a suggestion gives.
export function displayName({ civility, first_name: first, last_name: last }) {
  const short = { Docteur: 'Dr', Professeur: 'Pr' }[civility];
  return [short, first, last].filter(Boolean).join(' ');
}

// Leaflet takes HTML for its attributions: text from the configuration goes in escaped.
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
