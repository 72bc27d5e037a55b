"""Long résumés whose occupation is stated only at the end, to measure chunk-and-pool against truncation.

Each résumé opens with 180 to 330 words of occupation-neutral material (profile, soft skills, languages,
volunteering, interests: the sentences below, written for this test and rotated so no two résumés are the same)
and ends with its one informative section, the latest position: the item's title and description. A French
vacancy (title and description) must find the résumé of its occupation among all the long résumés.
"""

from __future__ import annotations

from collections.abc import Sequence

from embeddings.encoder_eval import Item, by_language

FILLER: dict[str, tuple[str, ...]] = {
    "en": (
        "Reliable and punctual professional who enjoys working in a team and learning new methods.",
        "I adapt quickly to new environments and I am used to following strict safety rules.",
        "Good communication skills with colleagues, supervisors and the public.",
        "Able to work under pressure, on rotating shifts, weekends and holidays when needed.",
        "I hold a valid passport and I am ready to relocate with my family to a smaller town.",
        "Languages: native speaker of my mother tongue, intermediate French, good written English.",
        "Computer skills: email, spreadsheets, word processing and online training platforms.",
        "Volunteer for five years with a community association that organises food drives.",
        "Interests: football, hiking, cooking for friends and reading history books.",
        "I completed a first aid and workplace health and safety course last year.",
        "References from my previous employers are available on request.",
        "I am motivated by the opportunity to build a long-term career and contribute to my new community.",
        "Organised, careful with equipment and respectful of deadlines and procedures.",
        "I like to share my experience with new colleagues and to help train apprentices.",
        "My family supports this project of immigration and we are studying French together every week.",
        "I have a driver's licence and I am used to commuting long distances to work.",
    ),
    "es": (
        "Profesional responsable y puntual a quien le gusta trabajar en equipo y aprender nuevos métodos.",
        "Me adapto rápidamente a nuevos entornos y estoy acostumbrado a seguir normas de seguridad estrictas.",
        "Buenas habilidades de comunicación con compañeros, supervisores y el público.",
        "Capaz de trabajar bajo presión, en turnos rotativos, fines de semana y días festivos si es necesario.",
        "Tengo pasaporte vigente y estoy dispuesto a mudarme con mi familia a una ciudad más pequeña.",
        "Idiomas: español nativo, francés intermedio, buen nivel de inglés escrito.",
        "Informática: correo electrónico, hojas de cálculo, procesador de textos y plataformas de formación.",
        "Voluntario durante cinco años en una asociación comunitaria que organiza colectas de alimentos.",
        "Intereses: fútbol, senderismo, cocinar para los amigos y leer libros de historia.",
        "El año pasado terminé un curso de primeros auxilios y de seguridad en el trabajo.",
        "Referencias de mis empleadores anteriores disponibles a solicitud.",
        "Me motiva la oportunidad de construir una carrera a largo plazo y contribuir a mi nueva comunidad.",
        "Organizado, cuidadoso con el equipo y respetuoso de los plazos y los procedimientos.",
        "Me gusta compartir mi experiencia con los nuevos compañeros y ayudar a formar aprendices.",
        "Mi familia apoya este proyecto de inmigración y estudiamos francés juntos cada semana.",
        "Tengo licencia de conducir y estoy acostumbrado a recorrer largas distancias para ir al trabajo.",
    ),
}
HEADINGS: dict[str, tuple[str, str]] = {
    "en": ("Curriculum vitae. Profile.", "Most recent position:"),
    "es": ("Currículum vitae. Perfil.", "Puesto más reciente:"),
}


def long_resume(item: Item, variant: int, n_filler: int | None = None) -> str:
    """One long résumé: neutral filler first, the occupation last.

    Args:
        item: the occupation, in English or Spanish.
        variant: rotates the filler sentences so résumés differ.
        n_filler: filler sentences before the informative section; by default 14 to 26 (about 180 to 330
            words) depending on ``variant``, so the informative section falls at varied window offsets.

    Returns:
        The résumé text.
    """
    filler = FILLER[item.lang]
    opening, latest = HEADINGS[item.lang]
    count = n_filler if n_filler is not None else 14 + (variant * 7) % 13
    body = [filler[(variant * 5 + k) % len(filler)] for k in range(count)]
    return " ".join([opening, *body, latest, f"{item.title}.", item.description])


def long_pairs(items: Sequence[Item], dst: str) -> tuple[list[str], list[str]]:
    """French vacancies and the long résumés in ``dst`` of the same occupations, aligned by index.

    Args:
        items: the evaluation set.
        dst: "en" or "es".

    Returns:
        (queries, documents).
    """
    fr, docs = by_language(items, "fr"), by_language(items, dst)
    return [it.text("full") for it in fr], [long_resume(it, i) for i, it in enumerate(docs)]
