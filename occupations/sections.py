"""Where the occupation is said in a document: a vacancy's title, a résumé's headline and job titles.

A vacancy is coded from its title first (the given one, else its first short line) and its description as
support. A résumé is coded from its headline (its first head lines without contact details, personal fields,
places and years, or the words before the first section heading in a résumé flattened to one line), the job
titles next to the date ranges of its experience (recent and long jobs first; a date line that holds only notes
or an employer takes its title from the job lines above or below it), then the whole text. Each part becomes a
weighted :class:`Segment`; the classifier mixes the parts' distributions with these weights
(:mod:`occupations.documents`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

CURRENT_YEAR = 2026
MAX_JOBS = 6
MAX_TITLE_WORDS = 12
# How many of an untitled vacancy's first lines may be its title, and the role they have until one is chosen.
TITLE_CANDIDATES = 3
CANDIDATE = "title candidate"
BODY_CHARS = 2000

# Weights of the parts; a missing part's weight is shared by the others (they are renormalised).
VACANCY_WEIGHTS = {"title": 0.7, "body": 0.3}
RESUME_WEIGHTS = {"headline": 0.35, "job": 0.4, "body": 0.25}

_MONTH = (
    r"(?:jan(?:uary|vier)?|feb(?:ruary)?|f[ée]v(?:rier)?|mar(?:ch|s)?|apr(?:il)?|avr(?:il)?|may|mai|june?|juin|"
    r"july?|juil(?:let)?|aug(?:ust)?|ao[uû]t|sept?(?:ember|embre)?|oct(?:ober|obre)?|nov(?:ember|embre)?|"
    r"d[ée]c(?:ember|embre)?|ene(?:ro)?|febrero|marzo|abr(?:il)?|mayo|junio|julio|ago(?:sto)?|sep(?:tiembre)?|"
    r"octubre|noviembre|dic(?:iembre)?)\.?"
)
_DATE = rf"(?:(?:\d{{1,2}}[/.-])?(?:{_MONTH}\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d\d)"
_NOW = (
    r"(?:present|current|now|today|aujourd['’]hui|pr[ée]sent|actuel(?:lement)?|maintenant|ce jour|"
    r"actualidad|presente|la fecha|hoy|actual)"
)
DATE_RANGE = re.compile(
    rf"(?P<start>{_DATE})\s*(?:to|-|–|—|à|au|a|al|hasta|until|through|\bal\b)\s*(?P<end>{_DATE}|{_NOW})",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_HEADINGS = (
    r"summary|professional summary|profile|professional profile|executive profile|career overview|objective|"
    r"experience|work experience|professional experience|work history|employment history|skills|highlights|"
    r"qualifications|accomplishments|education|core qualifications|"
    r"profil|sommaire|objectif|exp[ée]riences?(?: professionnelles?)?|comp[ée]tences|formation|[ée]tudes|"
    r"perfil|resumen|objetivo|experiencia(?: laboral| profesional)?|habilidades|formaci[óo]n|estudios|"
    r"datos personales|formaci[óo]n acad[ée]mica|escolaridad|educaci[óo]n|idiomas|referencias|"
    r"formation acad[ée]mique|langues|r[ée]f[ée]rences|languages|references|certifications?|certificaciones"
)
_PROFILE = re.compile(
    r"(?:professional |executive )?(?:summary|profile|objective|career overview)|profil|sommaire|objectif|perfil|"
    r"resumen|objetivo|datos personales",
    re.IGNORECASE,
)
HEADING = re.compile(rf"(?<![\w-])(?:{_HEADINGS})(?![\w-])", re.IGNORECASE)
EXPERIENCE = re.compile(
    r"(?<![\w-])(?:work |professional )?(?:experience|work history|employment history|exp[ée]riences? "
    r"professionnelles?|exp[ée]rience|experiencia(?: laboral| profesional)?|historial laboral)(?![\w-])",
    re.IGNORECASE,
)
_LEADING_HEADING = re.compile(rf"^(?:(?:{_HEADINGS})\s+)+", re.IGNORECASE)
_CONTACT = re.compile(r"@|https?://|www\.|\w\.(?:com|ca|org|net|io|mx|gt)\b|\+?\d[\d .()-]{6,}\d")
_STOP = re.compile(r"[.;:•|·]|\bcompany name\b|\bcity\b|\bstate\b", re.IGNORECASE)
# What a line's ends may carry around its words: spaces, dashes, bullets and bars.
_LINE_MARKS = " \t-–—•*|"
_BULLET = re.compile(r"^\s*[-–—•*·▪►✓]\s")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)")
# The head of a résumé: the document's own name, personal fields, title fields, ages and places.
HEAD_LINES = 8
_DOC_WORD = re.compile(
    r"^(?:curr[ií]cul(?:um|o)(?:\s+vitae)?|c\.?v\.?|r[ée]sum[ée]|hoja de vida)(?![\w-])\s*[-–—:|.]?\s*", re.IGNORECASE
)
_PERSONAL_LABEL = re.compile(
    r"^(?:nom|pr[ée]nom|name|nombre(?: completo)?|apellidos?|edad|[âa]ge|date of birth|date de naissance|"
    r"fecha de nacimiento|lugar(?: de nacimiento| de residencia)?|lieu de naissance|ciudad|ville|city|"
    r"domicilio|direcci[óo]n|adresse|address|nacionalidad|nationalit[ée]|nationality|estado civil|"
    r"[ée]tat civil|marital status|t[ée]l[ée]fono|t[ée]l[ée]phone|phone|cell(?:ulaire)?|celular|courriel|"
    r"e-?mail|correo(?: electr[óo]nico)?|curp|dpi|sexo|sexe|datos personales)\b[^:]{0,20}:",
    re.IGNORECASE,
)
_TITLE_LABEL = re.compile(
    r"^(?:profesi[óo]n|oficio|puesto(?: deseado| solicitado)?|cargo|ocupaci[óo]n|poste(?: recherch[ée]| vis[ée])?|"
    r"m[ée]tier|profession|titre|position|objective|objectif|objetivo)\s*:\s*",
    re.IGNORECASE,
)
_PIECES = re.compile(r"\s+[—–|·•/]\s+|\s+-\s+|\s*[,;]\s*|\s{2,}")
_AGE = re.compile(r"(?:edad\s*:?\s*)?\d{1,2}\s*(?:ans|años|anos|years?(?: old)?|yrs)", re.IGNORECASE)
_PLACE = re.compile(
    r"\(on\)|(?<!\w)qu[ée]bec(?!\w)|(?<![\w-])(?:qc|ontario|alberta|manitoba|"
    r"saskatchewan|colombie-britannique|british columbia|nouveau-brunswick|new brunswick|nova scotia|"
    r"nouvelle-[ée]cosse|canada|m[ée]xico|mexique|guatemala|honduras|el salvador|nicaragua|colombi[ae]|"
    r"per[úu]|p[ée]rou|ecuador|[ée]quateur|rep[úu]blica dominicana|cuba|ha[ïi]ti|maroc|morocco|marruecos|"
    r"alg[ée]rie|algeria|tunisie|tunisia|s[ée]n[ée]gal|cameroun|cameroon|nigeria|philippines|filipinas|"
    r"india|inde|france|francia|cdmx|edo\.? de m[ée]xico|nuevo le[óo]n|jalisco|chiapas|oaxaca|puebla|"
    r"michoac[áa]n|yucat[áa]n|sinaloa|sonora|veracruz|guerrero|quetzaltenango|chimaltenango|totonicap[áa]n|"
    r"huehuetenango|escuintla|pet[ée]n)(?![\w-])|(?<!\w)[a-z]\d[a-z]\s?\d[a-z]\d(?!\w)",
    re.IGNORECASE,
)
_PROVINCE_CODE = re.compile(r"(?<![\w-])(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|PEI|QC|SK|YT)(?![\w-])")
# What a date line may say besides the job: notes on the schedule or the season, not a title.
_NOTE = re.compile(
    r"^(?:\d+\s+)?(?:temps (?:plein|partiel)|saisonni(?:er|ère)|saisons?|[ée]t[ée]s?|hivers?|contrat|quarts?|"
    r"nuit|soir|jour|remplacements?|sur appel|par agence|stage|full[- ]time|part[- ]time|seasonal|seasons?|"
    r"summers?|winters?|contract|casual|permanent|tiempo (?:completo|parcial)|temporadas?|zafras?|medio tiempo|"
    r"por temporada|(?:de |d')?(?:jan|f[ée]v|mar|avr|mai|juin|juil|ao[uû]t|sept|oct|nov|d[ée]c|ene|feb|abr|may|"
    r"jun|jul|ago|sep|dic)\w*\.?\s+(?:à|a|au|to)\s+\w+)(?![\w-])",
    re.IGNORECASE,
)
_NOTE_PIECES = re.compile(r"[,;()]+")
# How far around a date line its title is looked for: a bound, so that a long text with many dates stays linear.
_BESIDE_CHARS = 1000
_QUEBEC = re.compile(r"\(?\s*(?<!\w)(?:qu[ée]bec|qc)(?!\w)\s*\)?", re.IGNORECASE)
# A date line that names only an employer, maybe with its town ("Excavation Boréale inc.", "Maquila S.A. de
# C.V.", "Groupe Roy inc., Lévis").
_EMPLOYER_ONLY = re.compile(
    r"[^,–—-]{2,60}\b(?:inc|lt[ée]e|ltd|llc|corp|s\.?\s?a\.?(?:\s?de\s?c\.?\s?v\.?)?|s\.?a\.?s|s\.?a\.?p\.?i|"
    r"senc|sarl|s\.?e\.?n\.?c)\.?(?:\s*[,–—-]\s*[^,–—-]{2,40})?",
    re.IGNORECASE,
)


# An untitled posting often names its job only in a sentence of its first lines ("Nous recherchons des ouvriers
# agricoles pour la saison", "Se solicita mecánico de equipo pesado para taller", "X Inc. is hiring a line cook for
# the season"): what follows a hiring verb, up to the first word that starts a complement, is one more candidate.
HIRING_LINES = 6
HIRING_CHARS = 400
MAX_HIRED_WORDS = 8
_HIRING = re.compile(
    r"(?<!\w)(?:(?:nous\s+)?(?:re)?cherch(?:ons|e|ent)|(?:est|sommes|sont)\s+(?:activement\s+)?[àa]\s+la\s+recherche"
    r"|recrut(?:ons|e|ent)|embauch(?:ons|e|ent)|engag(?:eons|e|ent)|(?:avons|a|ont)\s+besoin|"
    r"busca(?:mos|n)?|solicita(?:mos|n)?|contrata(?:mos|n)?|estamos\s+contratando|necesita(?:mos|n)?|"
    r"requiere(?:n)?|(?:plazas|vacantes?|puestos?)\s+(?:de|para)|postes?\s+de|"
    r"(?:is|are|now|we'?re|currently)\s+hiring|hiring|looking\s+for|seeking|recruiting|in\s+need\s+of|"
    r"openings?\s+for)(?!\w)|(?<!\w)postes?\s+d'",
    re.IGNORECASE,
)
# Words between the verb and the job: articles, numbers, "de", adverbs of the sentence ("activement", "currently").
_HIRED_FILLER = re.compile(
    r"^(?:d'une?|l'une?|un\(e\)|une?|des|de|du|les?|la|aux?|à|a|an|the|some|our|two|three|several|plusieurs|"
    r"uno?s?|unas?|los|las|el|con|urgencia|activement|actuellement|currently|now|urgently|urgentemente|"
    r"\(?\d+\)?|:|!)$",
    re.IGNORECASE,
)
# Who is addressed, not hired: "on a besoin de toi", "we need you".
_ADDRESSED = re.compile(r"^(?:toi|vous|tu|te|you|yourself|ti|usted(?:es)?|nosotros)$", re.IGNORECASE)
# What a hiring verb is also said of, that is no job: "Looking for a job?", "Se requiere experiencia", "cherche à
# offrir des services", "Hiring process", "Embauche immédiate", "On cherche du monde", "personne dynamique".
_NO_JOB = re.compile(
    r"^(?:emplois?|empleos?|jobs?|work|travail|trabajos?|experiencias?|exp[ée]riences?|personnes?|personas?|"
    r"monde|someone|somebody|gente|gens|people|candidat(?:e|s|es)?|candidat[oa]s?|candidates?|process|processus|"
    r"imm[ée]diate(?:ment)?|immediately|licencias?|permis|licen[cs]es?|offrir|respecter|excellence|talents?|"
    r"individuals?|challenges?|d[ée]fis?|careers?|carri[èe]res?|carreras?|seasons?|saisons?|temporadas?|"
    r"opportunit(?:y|ies|[ée]s?)|oportunidad(?:es)?|team|[ée]quipe|equipo|you|new|nouveaux?|nuevos?)$",
    re.IGNORECASE,
)
# A word that starts what is said of the job, not the job ("pour la saison", "para nuestro taller", "to join").
_HIRED_STOP = re.compile(
    r"^(?:pour|afin|qui|que|dans|avec|chez|sur|durant|pendant|dès|para|con|durante|desde|cerca|"
    r"for|to|who|that|in|at|with|on|during|across|from|starting|near)$",
    re.IGNORECASE,
)
# Prepositions that end the job before a place ("soudeurs au Québec", "préposé à Québec"); "en" also before a
# determiner ("en nuestra planta"), not in a title ("técnico en refrigeración", "TÉCNICO EN REFRIGERACIÓN").
_BEFORE_PLACE = frozenset({"en", "à", "au", "a"})
_DETERMINER = re.compile(r"^(?:la|el|los|las|le|les|nuestr[oa]s?|notre|nos|su|sus|un|une|una?)$", re.IGNORECASE)
# Gender endings written inside a word ("un(e) cuisinier(ère)", "ouvriers(ères)", "opérateur(trice)", "un·e
# cuisinier·ère"), read as the word alone.
_GENDER_PARENS = re.compile(
    r"(?<=\w)(?:\((?:e|ne|le|se|ère|euse|trice|rice|a|o)s?\)|·(?:e|ne|le|se|ère|euse|trice|rice)s?(?!\w))",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(r"^(?:de|del|des|du|d'|y|et|and|or|ou|o|of|from|à|au|aux|a|en|/)$", re.IGNORECASE)
_LEADING_COLON = re.compile(r"^\s*:")  # "We are hiring: cook"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_COUNT = re.compile(r"\(\s*\d+\s*\)")  # "two (2) Millwrights"


def _hired_words(rest: str) -> list[str]:
    """The job's words at the start of what follows a hiring verb (see :func:`hired_job`); none when the words
    are no job, or run into another hiring verb ("Le Centre de recherche du CHUM est à la recherche d'…")."""
    rest = _COUNT.sub(" ", _GENDER_PARENS.sub("", rest.translate(_INVISIBLE)))
    rest = re.split(r"[.,;:!?¡¿()\[\]«»\"“”]|\s[-–—|]\s", _LEADING_COLON.sub(" ", rest), maxsplit=1)[0]
    words = [w for w in rest.split() if w == "/" or any(c.isalnum() for c in w)]  # emoji out: "chauffeurs 🚛"
    while words and (_HIRED_FILLER.match(words[0]) or words[0].lower().startswith(("d'", "l'"))):
        if _HIRED_FILLER.match(words[0]):
            words.pop(0)
        else:
            words[0] = words[0][2:]
    if not words or _ADDRESSED.match(words[0]) or _NO_JOB.match(words[0]):
        return []
    kept: list[str] = []
    for i, word in enumerate(words[:MAX_HIRED_WORDS]):
        if _HIRING.match(word):
            return []
        after = words[i + 1 : i + 4]
        before_place = word.lower() in _BEFORE_PLACE and bool(after) and _names_place(" ".join(after))
        if (
            _HIRED_STOP.match(word)
            or before_place
            or (word.lower() == "en" and (not after or _DETERMINER.match(after[0])))
        ):
            break
        kept.append(word)
    place = next((i for i, w in enumerate(kept) if _names_place(w)), len(kept))  # "cocineros México"
    kept = kept[:place]
    while kept and _CONNECTOR.match(kept[-1]):  # "trabajadores agrícolas de [México y Guatemala]"
        kept.pop()
    return kept


def hired_job(line: str) -> str:
    """What a hiring sentence says is wanted: "Nous sommes à la recherche de chauffeurs classe 1 pour des voyages"
    → "chauffeurs classe 1"; "" when the line has no hiring verb with a job after it.

    Up to :data:`MAX_HIRED_WORDS` words after the verb and its articles or numbers, ending at punctuation or at a
    word that starts a complement ("pour", "para", "for", "with"...) or a place ("au Québec"). Titles that carry a
    preposition of their own ("préposé aux bénéficiaires", "mecánico de equipo pesado", "técnico en refrigeración")
    keep it. The first hiring verb followed by a job counts ("On engage ! Nous recherchons un soudeur" →
    "soudeur"; "Looking for a job? We're hiring cashiers!" → "cashiers"); places and the word Québec are left out
    ("VACANTES PARA QUEBEC" names no job, "Se solicitan cocineros México" → "cocineros").
    """
    line = line[:HIRING_CHARS].replace("’", "'")  # bounded: a hostile line of "hiring hiring…" costs little
    for found in _HIRING.finditer(line):
        job = _without_places(" ".join(_hired_words(line[found.end() : found.end() + 200])))
        if re.search(r"[^\W\d_]{3}", job):
            return job
    return ""


@dataclass(frozen=True)
class Segment:
    """A part of a document, its role ("title", "headline", "job", "body") and its weight (all sum to 1)."""

    role: str
    text: str
    weight: float


def _words(text: str) -> list[str]:
    return text.split()


def _short(line: str) -> bool:
    words = _words(line)
    return 0 < len(words) <= MAX_TITLE_WORDS and not _CONTACT.search(line)


def _lines(text: str) -> list[str]:
    return [line.strip(_LINE_MARKS) for line in text.splitlines() if line.strip(_LINE_MARKS)]


def _normalised(parts: list[Segment]) -> list[Segment]:
    total = sum(p.weight for p in parts)
    return [Segment(p.role, p.text, p.weight / total) for p in parts] if total > 0 else []


def vacancy_segments(text: str, title: str | None = None) -> list[Segment]:
    """The title (given, else candidates for it among the description's first lines) and the description.

    A posting pasted without its title often starts with the employer or the place ("CISSS de la Côte-Nord —
    Installation de Sept-Îles", "Ferme Lavoie — Saint-Rémi") and gives the job a line or two below. So when no
    title is given, each of the first :data:`TITLE_CANDIDATES` lines that is short, and not only places, contact
    details or a heading (as a résumé's head lines), is a ``"title candidate"``; the document classifier keeps
    the one whose codes agree best with the whole text's (:func:`choose_title`).

    Args:
        text: the vacancy's description (may start with its title).
        title: the vacancy's title when the form has one.

    Returns:
        Weighted segments; the weights sum to 1 once one candidate is kept. Empty when there is no text at all.
    """
    head = (title or "").strip()
    body = text.strip()
    if head:
        parts = [Segment("title", head, VACANCY_WEIGHTS["title"])]
    else:
        lines = _lines(text)
        firsts = lines[:TITLE_CANDIDATES] if len(lines) > 1 else []
        hired = [job for job in (hired_job(line) for line in lines[:HIRING_LINES]) if job]
        shorts = [line for line in firsts if _short(line) and headline_part(line)]
        candidates = list(dict.fromkeys(shorts + hired[:2]))
        parts = [Segment(CANDIDATE, c, VACANCY_WEIGHTS["title"]) for c in candidates]
    if body and body != head:
        parts.append(Segment("body", body[:BODY_CHARS], VACANCY_WEIGHTS["body"]))
    roles = {p.role for p in parts}
    total = sum(VACANCY_WEIGHTS["title" if role == CANDIDATE else role] for role in roles)
    return [Segment(p.role, p.text, p.weight / total) for p in parts]


def choose_title(parts: Sequence[Segment], score: Sequence[float]) -> list[tuple[int, Segment]]:
    """The segments to mix, with their position in ``parts``: of the title candidates, only the one of highest
    ``score`` (the first on a tie), renamed ``"title"``.

    Args:
        parts: a document's segments, as :func:`vacancy_segments` gives them.
        score: one value per segment, only the candidates' are read (the document classifier gives how well a
            candidate's codes agree with the body's, 0 when it found no evidence in it).
    """
    candidates = [i for i, p in enumerate(parts) if p.role == CANDIDATE]
    best = max(candidates, key=lambda i: (score[i], -i)) if candidates else -1
    kept = [(i, p) for i, p in enumerate(parts) if p.role != CANDIDATE or i == best]
    total = sum(p.weight for _, p in kept)
    return [(i, Segment("title" if i == best else p.role, p.text, p.weight / total)) for i, p in kept]


def _names_place(piece: str) -> bool:
    """Whether a piece of a line names a place of ``_PLACE`` or a Canadian province code."""
    return bool(_PLACE.search(piece) or _PROVINCE_CODE.search(piece))


def _personal(piece: str) -> bool:
    """Contact details, an age or a place: a part of a résumé's head that says nothing of the occupation."""
    return bool(_CONTACT.search(piece) or _AGE.fullmatch(piece) or _names_place(piece))


def headline_part(line: str) -> str:
    """One head line without what is not the occupation: the "CV" word, personal fields ("Nombre:", "Edad:",
    "Lugar de nacimiento:"...), contact details, ages, places ("Lévis (Québec)", "Choluteca, Honduras") and
    headings."""
    line = _DOC_WORD.sub("", line).strip()
    if _PERSONAL_LABEL.match(line):
        return ""
    line = _TITLE_LABEL.sub("", line)
    pieces = [p.strip() for p in _PIECES.split(line)]
    kept = [p for p in pieces if p and not _personal(p) and not HEADING.fullmatch(p.strip(" :"))]
    return ", ".join(kept)


def _without_places(title: str) -> str:
    """A job title without its pieces that only name a place ("Soudeur, Atelier Roy, Lévis (Québec)" → "Soudeur,
    Atelier Roy"; "Finca El Rosario, Chimaltenango, Guatemala" → "Finca El Rosario": the places of ``_PLACE``, not
    every town) and without the word "Québec": it is a word of one group's titles (41101, Québec notaries) and
    must not vote for it."""
    pieces = [p.strip() for p in _PIECES.split(title.strip())]
    kept = [p for p in pieces if p and not (len(_words(p)) <= 3 and _names_place(p))]
    return " ".join(_QUEBEC.sub(" ", ", ".join(kept)).split()).strip(" ,-–—")


def resume_headline(text: str) -> str:
    """The résumé's headline: the short ones of its first three head lines once contact details, personal
    fields, places and lines with a year are taken out (two at most; a name costs little: it carries no known
    word), or the words before the first section heading of a one-line résumé; "" when neither is found.

    The head ends at the first date range (the experience has begun) and at the first section heading other
    than a profile or an objective."""
    lines = _lines(text)
    if len(lines) > 1:
        kept: list[str] = []
        seen = 0
        for line in lines[:HEAD_LINES]:
            bare = line.strip(" :")
            heading = HEADING.fullmatch(bare) is not None
            if DATE_RANGE.search(line) or (heading and not _PROFILE.fullmatch(bare)):
                break
            part = "" if heading or _YEAR.search(line) else headline_part(line)
            if not part:
                continue  # contact details, personal fields, a profile heading: not one of the head lines
            seen += 1
            if _short(part):
                kept.append(part)
            if len(kept) == 2 or seen == 3:
                break
        return " — ".join(kept)
    first = HEADING.search(text)
    lead = text[: first.start()] if first else text
    words = _words(lead)
    return " ".join(words) if 0 < len(words) <= MAX_TITLE_WORDS and not _CONTACT.search(lead) else ""


def _year(date: str) -> int:
    found = _YEAR.search(date)
    return int(found.group()) if found else CURRENT_YEAR


def _side_title(words: list[str]) -> str:
    """The title-like run of words: capitalised words, stopping at the first lower-case word after three."""
    kept: list[str] = []
    for word in words[:MAX_TITLE_WORDS]:
        if kept and len(kept) >= 3 and word[:1].islower():
            break
        kept.append(word)
    return " ".join(kept).strip(" ,-–—()")


def _job_line(raw: str) -> bool:
    """A line that can hold a job's title or employer: short, not a duty bullet, a heading or another date."""
    line = raw.strip()
    return (
        _short(line.strip(_LINE_MARKS))
        and not _BULLET.match(line)
        and not HEADING.fullmatch(line.strip(" :"))
        and not DATE_RANGE.search(line)
        and not line.endswith(".")
    )


def _only_notes(text: str) -> bool:
    """Whether a date line's other words are only notes on the schedule or the season ("temps plein, nuit",
    "(saisonnier)"), not a title ("Seasonal Agricultural Worker Program" is one)."""
    pieces = [p.strip() for p in _NOTE_PIECES.split(text) if p.strip()]

    def note(piece: str) -> bool:
        words = _words(piece)
        return bool(_NOTE.match(piece)) and (len(words) <= 3 or not any(w[:1].isupper() for w in words[1:]))

    return bool(pieces) and all(note(p) for p in pieces)


def _lines_beside(text: str, line_start: int, line_end: int) -> str:
    """The title of a job whose date range stands alone (or with notes) on its line: the one or two job lines
    just above it ("Préposée aux bénéficiaires" / "CHSLD de la Colline — Chicoutimi" / "Mars 2019 à
    aujourd'hui"), else the job line just below it."""
    above = text[max(0, line_start - _BESIDE_CHARS) : line_start].splitlines()
    while above and not above[-1].strip():
        above.pop()
    kept: list[str] = []
    for raw in reversed(above[-2:]):
        if not _job_line(raw):
            break
        kept.insert(0, raw.strip(_LINE_MARKS))
    if kept:
        return " ".join(_words(" — ".join(kept))[:MAX_TITLE_WORDS])
    below = [raw for raw in text[line_end : line_end + _BESIDE_CHARS].splitlines() if raw.strip()]
    return below[0].strip(_LINE_MARKS) if below and _job_line(below[0]) else ""


def _after_experience_heading(text: str) -> str:
    """What follows the last capitalised experience heading of a flattened text, else all of it: in "... Forklift
    certified Experience Sales Associate 06/2015 to Current" the skills list ends where "Experience" begins."""
    cut = 0
    for found in EXPERIENCE.finditer(text):
        if found.group()[:1].isupper():
            cut = found.end()
    return text[cut:]


def _title_around(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if "\n" in text:
        same = _EMPTY_BRACKETS.sub(" ", text[line_start:start] + " " + text[end:line_end]).strip(" ,-–—()|:")
        employer = _EMPLOYER_ONLY.fullmatch(same) is not None
        if _words(same) and not employer and not _only_notes(same):
            return " ".join(_words(same)[:MAX_TITLE_WORDS])
        beside = _lines_beside(text, line_start, line_end)
        return beside or (" ".join(_words(same)[:MAX_TITLE_WORDS]) if employer else "")
    before = _STOP.split(_after_experience_heading(text[max(0, start - 120) : start]))[-1]
    after = _STOP.split(text[end : end + 120])[0]
    candidates = [_side_title(_words(after)), _side_title(_words(before)[-7:])]
    capitalised = [sum(w[:1].isupper() for w in _words(c)) / max(len(_words(c)), 1) for c in candidates]
    return candidates[0] if capitalised[0] >= capitalised[1] else candidates[1]


def experience_titles(text: str) -> list[tuple[str, int, int]]:
    """Job titles found next to date ranges in the experience part: (title, start year, end year), in text order."""
    section = EXPERIENCE.search(text)
    scope = text[section.end() :] if section else text
    jobs = []
    for match in DATE_RANGE.finditer(scope):
        title = _without_places(_LEADING_HEADING.sub("", _title_around(scope, match.start(), match.end())))
        if title and len(_words(title)) <= MAX_TITLE_WORDS:
            jobs.append((title, _year(match.group("start")), _year(match.group("end"))))
    return jobs


def _job_weights(jobs: list[tuple[str, int, int]]) -> list[tuple[str, float]]:
    """Recent jobs first; each weighs 0.6^rank x (0.5 + duration in years / 10, capped at 1.5)."""
    ranked = sorted(enumerate(jobs), key=lambda j: (-j[1][2], j[0]))[:MAX_JOBS]
    out = []
    for rank, (_, (title, start, end)) in enumerate(ranked):
        duration = max(0, min(end, CURRENT_YEAR) - start)
        out.append((title, (0.6**rank) * min(1.5, 0.5 + duration / 10)))
    return out


def resume_segments(text: str) -> list[Segment]:
    """Headline, experience job titles (recent and long first) and the whole text, weighted.

    Args:
        text: the résumé's text (lines kept, or flattened to one line).

    Returns:
        Weighted segments (weights sum to 1); empty when there is no text at all.
    """
    body = text.strip()
    if not body:
        return []
    parts = []
    headline = resume_headline(body)
    if headline:
        parts.append(Segment("headline", headline, RESUME_WEIGHTS["headline"]))
    jobs = _job_weights(experience_titles(body))
    total = sum(w for _, w in jobs)
    parts += [Segment("job", title, RESUME_WEIGHTS["job"] * w / total) for title, w in jobs]
    parts.append(Segment("body", body[:BODY_CHARS], RESUME_WEIGHTS["body"]))
    return _normalised(parts)
