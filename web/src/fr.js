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
  claimTitle: 'Vous êtes ce professionnel, ou une information est fausse ?',
  claimText:
    'Bientôt, chaque professionnel pourra mettre à jour sa fiche lui-même et chacun pourra signaler une erreur depuis cette page. ' +
    'En attendant, les informations déclarées sont recueillies par la CPTS.',
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

// The words of the API's codes (the same lists as core/search/owner_fields.hpp).
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
  exports_busy: 'Des exports sont déjà en cours. Réessayez dans un instant.',
  network: 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.',
};

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
