"""Occupations the demo draws from: trades in demand in Québec's regions, with skill phrases in three languages.

The NOC files carry French and English titles but no Spanish and no French duties, so the Spanish titles and the
short skill phrases below were written for this demo.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoOccupation:
    code: str
    sector: str  # a word for employer names
    title_es: str
    skills_fr: tuple[str, ...]
    skills_en: tuple[str, ...]
    skills_es: tuple[str, ...]


CATALOGUE: tuple[DemoOccupation, ...] = (
    DemoOccupation(
        "72106",
        "Soudures",
        "Soldador",
        ("soudage MIG et TIG", "lecture de plans", "assemblage de structures d'acier"),
        ("MIG and TIG welding", "blueprint reading", "steel structure assembly"),
        ("soldadura MIG y TIG", "lectura de planos", "montaje de estructuras de acero"),
    ),
    DemoOccupation(
        "73300",
        "Transport",
        "Conductor de camión de carga",
        ("conduite de camion lourd classe 1", "arrimage des charges", "inspection avant départ"),
        ("class 1 heavy truck driving", "load securing", "pre-trip inspection"),
        ("manejo de tractocamión", "aseguramiento de la carga", "inspección antes de salir"),
    ),
    DemoOccupation(
        "85101",
        "Fermes",
        "Trabajador agrícola de cosecha",
        ("récolte de fruits et légumes", "tri et emballage", "travail en serre"),
        ("fruit and vegetable harvesting", "sorting and packing", "greenhouse work"),
        ("cosecha de frutas y verduras", "selección y empaque", "trabajo en invernadero"),
    ),
    DemoOccupation(
        "85100",
        "Élevages",
        "Peón de ganadería",
        ("soins aux animaux", "traite des vaches", "nettoyage des bâtiments d'élevage"),
        ("animal care", "milking cows", "cleaning livestock barns"),
        ("cuidado de animales", "ordeña de vacas", "limpieza de establos"),
    ),
    DemoOccupation(
        "84120",
        "Agri",
        "Operador de maquinaria agrícola",
        ("conduite de tracteurs", "entretien de la machinerie agricole", "alimentation du bétail"),
        ("tractor operation", "farm machinery maintenance", "livestock feeding"),
        ("manejo de tractores", "mantenimiento de maquinaria agrícola", "alimentación del ganado"),
    ),
    DemoOccupation(
        "63200",
        "Restaurant",
        "Cocinero",
        ("cuisson et préparation des plats", "respect des normes d'hygiène", "gestion des commandes"),
        ("cooking and dish preparation", "food safety standards", "order management"),
        ("cocción y preparación de platillos", "normas de higiene", "gestión de pedidos"),
    ),
    DemoOccupation(
        "33102",
        "Santé",
        "Auxiliar de enfermería",
        ("soins d'hygiène aux patients", "aide aux déplacements", "prise des signes vitaux"),
        ("patient hygiene care", "helping patients move", "taking vital signs"),
        ("cuidado e higiene de pacientes", "apoyo en la movilidad", "toma de signos vitales"),
    ),
    DemoOccupation(
        "31301",
        "Santé",
        "Enfermera titulada",
        ("évaluation de l'état de santé", "administration des médicaments", "plan de soins"),
        ("health assessment", "medication administration", "care planning"),
        ("valoración del estado de salud", "administración de medicamentos", "plan de cuidados"),
    ),
    DemoOccupation(
        "94141",
        "Viandes",
        "Carnicero industrial",
        ("découpe de carcasses", "désossage", "emballage de la viande"),
        ("carcass cutting", "deboning", "meat packaging"),
        ("corte de canales", "deshuesado", "empaque de carne"),
    ),
    DemoOccupation(
        "72100",
        "Usinage",
        "Maquinista",
        ("usinage sur tour et fraiseuse", "programmation CNC", "contrôle des tolérances"),
        ("lathe and milling machining", "CNC programming", "tolerance inspection"),
        ("maquinado en torno y fresadora", "programación CNC", "control de tolerancias"),
    ),
    DemoOccupation(
        "72200",
        "Électrique",
        "Electricista",
        ("installation de câblage", "lecture de schémas électriques", "mise aux normes"),
        ("wiring installation", "reading electrical diagrams", "code compliance"),
        ("instalación de cableado", "lectura de diagramas eléctricos", "cumplimiento de normas"),
    ),
    DemoOccupation(
        "72201",
        "Électrique",
        "Electricista industrial",
        ("entretien de moteurs électriques", "automates programmables", "dépannage industriel"),
        ("electric motor maintenance", "programmable logic controllers", "industrial troubleshooting"),
        ("mantenimiento de motores eléctricos", "autómatas programables", "solución de fallas industriales"),
    ),
    DemoOccupation(
        "72400",
        "Mécanique",
        "Mecánico industrial",
        ("entretien préventif", "réparation de convoyeurs", "alignement de machines"),
        ("preventive maintenance", "conveyor repair", "machine alignment"),
        ("mantenimiento preventivo", "reparación de transportadores", "alineación de máquinas"),
    ),
    DemoOccupation(
        "72410",
        "Garage",
        "Mecánico automotriz",
        ("diagnostic de véhicules", "réparation de freins et suspensions", "entretien de camions"),
        ("vehicle diagnostics", "brake and suspension repair", "truck maintenance"),
        ("diagnóstico de vehículos", "reparación de frenos y suspensión", "mantenimiento de camiones"),
    ),
    DemoOccupation(
        "21232",
        "Logiciels",
        "Desarrollador de software",
        ("développement Python et Java", "bases de données SQL", "tests automatisés"),
        ("Python and Java development", "SQL databases", "automated testing"),
        ("desarrollo en Python y Java", "bases de datos SQL", "pruebas automatizadas"),
    ),
    DemoOccupation(
        "95106",
        "Aliments",
        "Obrero de procesamiento de alimentos",
        ("travail sur chaîne de production", "emballage alimentaire", "nettoyage des équipements"),
        ("production line work", "food packaging", "equipment cleaning"),
        ("trabajo en línea de producción", "empaque de alimentos", "limpieza de equipos"),
    ),
    DemoOccupation(
        "73400",
        "Excavation",
        "Operador de maquinaria pesada",
        ("conduite de pelle hydraulique", "chargeuse et bouteur", "travaux de terrassement"),
        ("hydraulic excavator operation", "loader and bulldozer", "earthmoving work"),
        ("manejo de excavadora", "cargador y buldócer", "movimiento de tierras"),
    ),
    DemoOccupation(
        "75101",
        "Entrepôts",
        "Manipulador de materiales",
        ("chariot élévateur", "réception et expédition", "inventaire d'entrepôt"),
        ("forklift operation", "shipping and receiving", "warehouse inventory"),
        ("montacargas", "recepción y envío", "inventario de almacén"),
    ),
    DemoOccupation(
        "62020",
        "Restaurant",
        "Supervisor de servicios de alimentos",
        ("supervision d'équipe en cuisine", "horaires du personnel", "contrôle des coûts"),
        ("kitchen team supervision", "staff scheduling", "cost control"),
        ("supervisión del equipo de cocina", "horarios del personal", "control de costos"),
    ),
    DemoOccupation(
        "44101",
        "Soins",
        "Asistente de cuidado a domicilio",
        ("aide aux personnes âgées", "préparation des repas", "entretien du domicile"),
        ("helping elderly people", "meal preparation", "home upkeep"),
        ("apoyo a personas mayores", "preparación de comidas", "mantenimiento del hogar"),
    ),
    DemoOccupation(
        "42202",
        "CPE",
        "Educadora de primera infancia",
        ("animation d'activités éducatives", "soins aux jeunes enfants", "communication avec les parents"),
        ("leading educational activities", "caring for young children", "communication with parents"),
        ("actividades educativas", "cuidado de niños pequeños", "comunicación con los padres"),
    ),
    DemoOccupation(
        "72310",
        "Construction",
        "Carpintero",
        ("charpente de bois", "pose de coffrages", "finition intérieure"),
        ("wood framing", "formwork installation", "interior finishing"),
        ("estructuras de madera", "colocación de cimbras", "acabados interiores"),
    ),
    DemoOccupation(
        "32101",
        "Santé",
        "Enfermera auxiliar",
        ("soins infirmiers de base", "pansements", "suivi des patients"),
        ("basic nursing care", "wound dressing", "patient follow-up"),
        ("cuidados de enfermería básicos", "curaciones", "seguimiento de pacientes"),
    ),
    DemoOccupation(
        "65310",
        "Entretien",
        "Personal de limpieza",
        ("entretien ménager", "désinfection des surfaces", "gestion des produits"),
        ("housekeeping", "surface disinfection", "cleaning supplies handling"),
        ("limpieza general", "desinfección de superficies", "manejo de productos de limpieza"),
    ),
    DemoOccupation(
        "64100",
        "Commerce",
        "Vendedor de tienda",
        ("service à la clientèle", "caisse", "mise en marché"),
        ("customer service", "cash register", "merchandising"),
        ("atención al cliente", "caja", "acomodo de mercancía"),
    ),
    DemoOccupation(
        "13110",
        "Bureau",
        "Asistente administrativo",
        ("gestion d'agenda", "rédaction de courriels", "suivi de dossiers"),
        ("calendar management", "email writing", "file follow-up"),
        ("manejo de agenda", "redacción de correos", "seguimiento de expedientes"),
    ),
    DemoOccupation(
        "14101",
        "Bureau",
        "Recepcionista",
        ("accueil des visiteurs", "standard téléphonique", "prise de rendez-vous"),
        ("greeting visitors", "switchboard", "booking appointments"),
        ("recepción de visitantes", "conmutador telefónico", "agenda de citas"),
    ),
)
