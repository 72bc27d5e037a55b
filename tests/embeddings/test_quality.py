"""Cross-lingual quality with the real multilingual model: French vacancies find the English and Spanish
résumés of their occupation first.

Eight occupations, each with a French vacancy, an English résumé and a Spanish résumé, written for this
test. Some pairs are close on purpose (cook and baker, construction electrician and industrial mechanic) so
that a model must understand the occupation, not just the domain. The same criterion is checked to *fail*
with the hashing fake, which shares no vocabulary across languages: the test can tell a bad model.
"""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.hashing import HashingEmbedder
from embeddings.usem import MultilingualEncoder
from matching.ports import Embedder

# occupation -> (French vacancy, English résumé, Spanish résumé)
CASES: dict[str, tuple[str, str, str]] = {
    "welder": (
        "Soudeur-assembleur. Usine de fabrication de remorques à Saint-Georges. Vous soudez des pièces d'acier "
        "selon les plans et vérifiez la qualité des soudures. Quart de jour.",
        "Welder with six years in a structural steel shop in Manila. I read blueprints, weld beams and frames, "
        "and inspect joints before painting. Available immediately.",
        "Soldador con seis años en un taller de estructuras metálicas en Monterrey. Interpreto planos, "
        "realizo la soldadura de vigas y marcos y reviso las uniones antes de la pintura.",
    ),
    "nurse_aide": (
        "Préposé aux bénéficiaires en CHSLD. Aider les résidents à se laver, à s'habiller et à se déplacer, "
        "servir les repas et signaler tout changement de leur état à l'infirmière.",
        "Nursing aide in a long-term care home for four years. I help elderly residents with bathing, dressing "
        "and moving around, serve meals and report changes in their condition to the nurse.",
        "Auxiliar de enfermería en una residencia de ancianos durante cuatro años. Ayudo a los residentes a "
        "bañarse, vestirse y desplazarse, sirvo las comidas e informo a la enfermera.",
    ),
    "cook": (
        "Cuisinier de ligne pour un restaurant familial à Rimouski. Préparer les plats chauds du menu, "
        "griller les viandes, respecter les normes d'hygiène en cuisine.",
        "Line cook in a busy family restaurant. I prepare hot dishes from the menu, grill meat and fish, "
        "and follow food safety rules in the kitchen.",
        "Cocinero de línea en un restaurante familiar. Preparo los platos calientes del menú, aso carnes y "
        "pescados y respeto las normas de higiene en la cocina.",
    ),
    "baker": (
        "Boulanger de nuit. Pétrir la pâte, façonner et cuire le pain et les viennoiseries pour l'ouverture "
        "de la boulangerie à 7 h.",
        "Night-shift baker. I mix and knead dough, shape loaves and croissants and bake them before the "
        "bakery opens in the morning.",
        "Panadero en turno de noche. Amaso la masa, formo los panes y los cuernitos y los horneo antes de que "
        "abra la panadería.",
    ),
    "truck_driver": (
        "Chauffeur de camion classe 1, transport longue distance entre le Québec et l'Ontario. Inspecter le "
        "véhicule, livrer la marchandise, remplir le carnet de route.",
        "Long-haul truck driver with a class A licence. I inspect the tractor-trailer, deliver freight across "
        "provinces and keep my logbook up to date.",
        "Chofer de tráiler de largo recorrido con licencia federal. Reviso la unidad antes de salir, entrego la "
        "carga entre estados y llevo la bitácora de horas.",
    ),
    "greenhouse": (
        "Ouvrier agricole en serre. Planter, tailler et récolter les tomates et les concombres, arroser les "
        "plants et emballer les légumes. Saison d'avril à novembre.",
        "Greenhouse worker on a vegetable farm. I planted, pruned and harvested tomatoes and cucumbers, "
        "watered the plants and packed the produce.",
        "Trabajador agrícola en invernadero. Planté, podé y coseché jitomates y pepinos, regué las plantas y "
        "empaqué las verduras para la venta.",
    ),
    "electrician": (
        "Électricien en construction résidentielle. Installer le filage, les boîtes et les panneaux électriques "
        "dans des maisons neuves selon le code.",
        "Construction electrician. I install wiring, outlets and breaker panels in new houses and make sure "
        "everything meets the electrical code.",
        "Electricista de obra. Instalo el cableado, los contactos y los tableros de distribución en casas "
        "nuevas conforme a la norma eléctrica.",
    ),
    "childcare": (
        "Éducatrice à la petite enfance en CPE. Animer des jeux et des activités éducatives pour des enfants "
        "de 3 à 5 ans et communiquer avec les parents.",
        "Early childhood educator in a daycare centre. I plan games and learning activities for children aged "
        "three to five and talk with parents every day.",
        "Educadora de preescolar en una guardería. Organizo juegos y actividades de aprendizaje para niños de "
        "tres a cinco años y hablo con los padres a diario.",
    ),
}


def same_occupation_first(embedder: Embedder) -> dict[str, list[str]]:
    """For each French vacancy, the occupations of the two best résumés among all 16 (EN and ES together).

    Exact search: cosine of unit vectors, ties broken by résumé order.
    """
    names = list(CASES)
    vacancies = embedder.encode_queries([CASES[n][0] for n in names])
    resumes = embedder.encode_documents([CASES[n][1] for n in names] + [CASES[n][2] for n in names])
    owners = names + names
    scores = vacancies @ resumes.T
    order = np.argsort(-scores, axis=1, kind="stable")
    return {name: [owners[j] for j in order[i, :2]] for i, name in enumerate(names)}


def failures(top2: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: found for name, found in top2.items() if found != [name, name]}


@pytest.mark.slow
def test_french_vacancies_find_english_and_spanish_resumes_of_their_occupation_first(
    multilingual: MultilingualEncoder,
) -> None:
    assert failures(same_occupation_first(multilingual)) == {}


@pytest.mark.slow
def test_each_language_pair_ranks_the_right_resume_first(multilingual: MultilingualEncoder) -> None:
    names = list(CASES)
    fr = multilingual.encode_queries([CASES[n][0] for n in names])
    for column in (1, 2):
        docs = multilingual.encode_documents([CASES[n][column] for n in names])
        best = np.argmax(fr @ docs.T, axis=1)
        assert best.tolist() == list(range(len(names)))


def test_the_criterion_rejects_an_embedder_that_does_not_cross_languages() -> None:
    broken = failures(same_occupation_first(HashingEmbedder()))
    assert len(broken) >= len(CASES) // 2
