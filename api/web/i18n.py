"""Every label of the web console, in French (default) and English.

The server renders page shells with :func:`labels` for the chosen language and hands the same dictionary to
the browser scripts as JSON, so static and dynamic text come from one place.
"""

from __future__ import annotations

from typing import Final

LANGUAGES: Final = ("fr", "en")
DEFAULT_LANGUAGE: Final = "fr"

# key -> (French, English)
_LABELS: Final[dict[str, tuple[str, str]]] = {
    # layout
    "app_name": ("Passerelle", "Passerelle"),
    "skip_to_content": ("Aller au contenu", "Skip to content"),
    "switch_language": ("English", "Français"),
    "switch_language_label": ("Switch to English", "Passer au français"),
    "sign_out": ("Se déconnecter", "Sign out"),
    "signed_in_as": ("Connecté·e :", "Signed in as:"),
    "loading": ("Chargement…", "Loading…"),
    "main_nav": ("Navigation principale", "Main navigation"),
    "error_prefix": ("Erreur :", "Error:"),
    "saved": ("Enregistré.", "Saved."),
    "none": ("aucun", "none"),
    "colon": ("\u00a0:", ":"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "cancel": ("Annuler", "Cancel"),
    # sign-in
    "title_signin": ("Connexion", "Sign in"),
    "signin_intro": (
        "Entrez le jeton d'accès remis par votre administrateur.",
        "Enter the access token your administrator gave you.",
    ),
    "token": ("Jeton d'accès", "Access token"),
    "signin_submit": ("Se connecter", "Sign in"),
    "session_expired": ("Votre session a expiré : reconnectez-vous.", "Your session expired: sign in again."),
    "signed_out": ("Vous êtes déconnecté·e.", "You are signed out."),
    # navigation
    "nav_vacancies": ("Offres", "Vacancies"),
    "nav_indicators": ("Indicateurs", "Indicators"),
    "nav_new_vacancy": ("Publier une offre", "Post a vacancy"),
    "nav_invitations": ("Invitations", "Invitations"),
    "nav_profile": ("Mon profil", "My profile"),
    "nav_matches": ("Offres pour moi", "Matching vacancies"),
    "nav_my_data": ("Mes données", "My data"),
    # advisor
    "title_advisor_home": ("Offres de mes régions", "Vacancies in my regions"),
    "title_shortlist": ("Liste de candidatures", "Shortlist"),
    "title_fairness": ("Équité de la liste", "Shortlist fairness"),
    "title_indicators": ("Indicateurs par région", "Indicators by region"),
    "col_title": ("Titre", "Title"),
    "col_employer": ("Employeur", "Employer"),
    "col_place": ("Lieu", "Place"),
    "col_positions": ("Postes", "Positions"),
    "col_status": ("Statut", "Status"),
    "col_shortlist": ("Liste", "Shortlist"),
    "col_actions": ("Actions", "Actions"),
    "col_region": ("Région", "Region"),
    "col_candidate": ("Candidat·e", "Candidate"),
    "col_vacancy": ("Offre", "Vacancy"),
    "col_date": ("Date", "Date"),
    "no_vacancies": ("Aucune offre pour le moment.", "No vacancies yet."),
    "open_shortlist": ("Voir la liste", "Open shortlist"),
    "filter_vacancies": (
        "Filtrer (titre, employeur, municipalité, région)",
        "Filter (title, employer, municipality, region)",
    ),
    "shortlist_summary": (
        "{count} candidat·e·s · {approved} approuvé·e·s · {invited} invité·e·s",
        "{count} candidates · {approved} approved · {invited} invited",
    ),
    "vacancy_open": ("ouverte", "open"),
    "vacancy_closed": ("fermée", "closed"),
    "rule_set": ("Jeu de règles", "Rule set"),
    "score_total": ("Score", "Score"),
    "score_base": ("score de base", "base score"),
    "weight": ("poids", "weight"),
    "dim_occupation": ("Profession", "Occupation"),
    "dim_text": ("Similarité du texte", "Text similarity"),
    "dim_experience": ("Expérience", "Experience"),
    "dim_french": ("Français", "French"),
    "dim_region": ("Région", "Region"),
    "dim_availability": ("Disponibilité", "Availability"),
    "badge_fast_track": ("Traitement accéléré", "Fast-track"),
    "badge_passerelle": ("Passerelle", "Passerelle"),
    "badge_outside": ("Hors région métropolitaine", "Outside the metropolitan area"),
    "rules_applied": ("Règles appliquées", "Rules applied"),
    "no_rules": ("Aucune règle de priorité appliquée.", "No priority rule applied."),
    "approve": ("Approuver", "Approve"),
    "reject": ("Rejeter", "Reject"),
    "clear_decision": ("Annuler la décision", "Clear decision"),
    "note": ("Note", "Note"),
    "save_note": ("Enregistrer la note", "Save note"),
    "invite": ("Inviter", "Invite"),
    "invite_message": ("Message d'invitation (facultatif)", "Invitation message (optional)"),
    "decision_approved": ("Approuvé·e", "Approved"),
    "decision_rejected": ("Rejeté·e", "Rejected"),
    "decision_none": ("Non évalué·e", "Not reviewed"),
    "reviewed_by": ("par {reviewer}", "by {reviewer}"),
    "invitation_status": ("Invitation : {status}", "Invitation: {status}"),
    "status_pending": ("en attente", "pending"),
    "status_accepted": ("acceptée", "accepted"),
    "status_declined": ("refusée", "declined"),
    "contact": ("Coordonnées", "Contact details"),
    "contact_hidden": (
        "Coordonnées partagées seulement si la personne accepte une invitation.",
        "Contact details are shared only once the person accepts an invitation.",
    ),
    "years_experience": ("Années d'expérience", "Years of experience"),
    "education": ("Scolarité", "Education"),
    "country": ("Pays", "Country"),
    "candidate_status": ("Statut d'immigration", "Immigration status"),
    "occupations": ("Professions", "Occupations"),
    "regions_open": ("Régions envisagées", "Regions considered"),
    "all_regions": ("toutes les régions", "all regions"),
    "empty_shortlist": ("Aucun·e candidat·e pour cette offre.", "No candidate for this vacancy."),
    "fairness_link": ("Voir l'équité de la liste", "View shortlist fairness"),
    "shortlist_link": ("Retour à la liste", "Back to the shortlist"),
    "fairness_intro": (
        "Part de chaque pays d'origine et de chaque statut parmi les {k} premiers, comparée au bassin "
        "de {pool} candidat·e·s retrouvé·e·s.",
        "Share of each country of origin and status in the top {k}, against the pool of {pool} retrieved candidates.",
    ),
    "top_k": ("Taille du haut de liste (k)", "Top of list size (k)"),
    "refresh": ("Mettre à jour", "Update"),
    "by_country": ("Par pays d'origine", "By country of origin"),
    "by_status": ("Par statut", "By status"),
    "share_top_k": ("Haut de liste", "Top of list"),
    "share_pool": ("Bassin", "Pool"),
    "ind_offers_abroad": ("Offres reçues à l'étranger", "Offers received abroad"),
    "ind_fast_track": ("Dossiers en traitement accéléré", "Fast-track files"),
    "ind_filled": ("Postes pourvus en région", "Vacancies filled in the regions"),
    "ind_candidates": ("Candidat·e·s", "Candidates"),
    "ind_vacancies_open": ("Offres ouvertes", "Open vacancies"),
    "ind_table": ("Tableau des indicateurs", "Indicator table"),
    "total": ("Total", "Total"),
    "status_selected_quebec": ("Sélectionné·e par le Québec", "Selected by Québec"),
    "status_temporary_worker": ("Travailleur·euse temporaire", "Temporary worker"),
    "status_other": ("Autre", "Other"),
    # employer
    "title_employer_home": ("Mes offres", "My vacancies"),
    "title_new_vacancy": ("Publier une offre", "Post a vacancy"),
    "title_edit_vacancy": ("Modifier l'offre", "Edit the vacancy"),
    "title_employer_invitations": ("Invitations envoyées", "Invitations sent"),
    "edit": ("Modifier", "Edit"),
    "close_vacancy": ("Fermer l'offre", "Close the vacancy"),
    "vacancy_closed_message": ("L'offre est fermée.", "The vacancy is closed."),
    "vacancy_title": ("Titre du poste", "Job title"),
    "vacancy_description": ("Description", "Description"),
    "municipality": ("Municipalité", "Municipality"),
    "municipality_hint": ("Nom ou code géographique à 5 chiffres.", "Name or 5-digit geographic code."),
    "positions": ("Nombre de postes", "Number of positions"),
    "wage_hourly": ("Salaire horaire ($)", "Hourly wage ($)"),
    "french_required": ("Français exigé", "French required"),
    "experience_required": ("Années d'expérience exigées", "Years of experience required"),
    "education_required": ("Scolarité exigée", "Education required"),
    "start_date": ("Date d'entrée en fonction", "Start date"),
    "suggested_codes": ("Codes CNP suggérés", "Suggested CNP codes"),
    "suggest_hint": (
        "Les suggestions apparaissent pendant la saisie du titre. Cochez les codes qui conviennent.",
        "Suggestions appear while you type the title. Tick the codes that fit.",
    ),
    "no_suggestion": ("Aucune suggestion.", "No suggestion."),
    "diagnostic": ("Diagnostic", "Diagnostic"),
    "publish": ("Publier", "Publish"),
    "save": ("Enregistrer", "Save"),
    "level_NONE": ("aucun", "none"),
    "edu_NONE": ("aucune", "none"),
    "edu_SECONDARY": ("secondaire", "secondary"),
    "edu_VOCATIONAL": ("professionnel (DEP)", "vocational (trade)"),
    "edu_COLLEGE": ("collégial (DEC)", "college"),
    "edu_BACHELOR": ("baccalauréat", "bachelor's"),
    "edu_MASTER": ("maîtrise", "master's"),
    "edu_DOCTORATE": ("doctorat", "doctorate"),
    # candidate
    "title_candidate_home": ("Mon profil", "My profile"),
    "title_matches": ("Offres pour moi", "Matching vacancies"),
    "title_candidate_invitations": ("Mes invitations", "My invitations"),
    "title_my_data": ("Mes données", "My data"),
    "profile_intro": (
        "Créez votre profil, puis déposez votre CV.",
        "Create your profile, then upload your résumé.",
    ),
    "name": ("Nom", "Name"),
    "email": ("Courriel", "Email"),
    "available_from": ("Disponible à partir du", "Available from"),
    "french_level": ("Niveau de français", "French level"),
    "open_to_all_regions": ("Ouvert·e à toutes les régions", "Open to all regions"),
    "resume_text": ("Texte du CV (facultatif)", "Résumé text (optional)"),
    "create_profile": ("Créer mon profil", "Create my profile"),
    "resume": ("CV", "Résumé"),
    "resume_file": ("Fichier du CV (PDF, DOCX ou texte, 5 Mo max.)", "Résumé file (PDF, DOCX or text, 5 MB max)"),
    "upload": ("Téléverser", "Upload"),
    "uploading": ("Analyse du CV…", "Reading the résumé…"),
    "extracted": ("Ce que nous avons compris", "What we understood"),
    "detected_language": ("Langue détectée", "Detected language"),
    "confirm_occupation": (
        "Cochez la ou les professions qui vous correspondent, puis confirmez.",
        "Tick the occupation(s) that describe you, then confirm.",
    ),
    "confirm": ("Confirmer", "Confirm"),
    "no_occupation_found": (
        "Aucune profession reconnue dans ce CV : précisez votre métier dans le texte du CV.",
        "No occupation recognised in this résumé: name your trade in the résumé text.",
    ),
    "confidence": ("confiance", "confidence"),
    "no_matches": ("Aucune offre ne correspond pour le moment.", "No matching vacancy yet."),
    "no_invitations": ("Aucune invitation.", "No invitations."),
    "accept": ("Accepter", "Accept"),
    "decline": ("Refuser", "Decline"),
    "accept_note": (
        "En acceptant, vos nom et courriel sont transmis à l'employeur.",
        "If you accept, your name and email are shared with the employer.",
    ),
    "export_intro": (
        "Téléchargez tout ce que Passerelle conserve à votre sujet (JSON).",
        "Download everything Passerelle holds about you (JSON).",
    ),
    "export": ("Télécharger mes données", "Download my data"),
    "delete_intro": (
        "Supprimer votre profil, votre CV et vos invitations. Cette action est définitive.",
        "Delete your profile, résumé and invitations. This cannot be undone.",
    ),
    "delete": ("Supprimer mes données", "Delete my data"),
    "delete_confirm": (
        "Confirmez-vous la suppression définitive de vos données ?",
        "Do you confirm the permanent deletion of your data?",
    ),
    "delete_yes": ("Oui, supprimer définitivement", "Yes, delete permanently"),
    "deleted": ("Vos données ont été supprimées.", "Your data was deleted."),
    "need_profile": ("Créez d'abord votre profil.", "Create your profile first."),
}


def labels(lang: str) -> dict[str, str]:
    """Return every label in one language.

    Args:
        lang: "fr" or "en"; anything else falls back to French.

    Returns:
        A dictionary from label key to text.
    """
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in _LABELS.items()}


def pick_language(cookie: str | None) -> str:
    """Choose the page language: the ``lang`` cookie set by the toggle, else French.

    Args:
        cookie: value of the ``lang`` cookie, if any.

    Returns:
        "fr" or "en".
    """
    return str(cookie) if cookie in LANGUAGES else DEFAULT_LANGUAGE
