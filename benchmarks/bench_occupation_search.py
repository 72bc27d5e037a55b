"""Speed of the occupation search box: ``python -m benchmarks.bench_occupation_search``.

Types, letter by letter from the second one (as the console asks), 30 real titles in French, English and Spanish,
and times every prefix query against the packaged index (best of 5 rounds per query, so the shared machine's
pre-emptions are not counted), and each query's first call apart. Writes
``benchmarks/results/occupation_search.json``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from occupations.search import build_search

OUT = Path(__file__).resolve().parent / "results" / "occupation_search.json"
TITLES = (
    ("fr", "soudeur-assembleur"), ("fr", "infirmière auxiliaire"), ("fr", "préposé aux bénéficiaires"),
    ("fr", "cuisinier"), ("fr", "chauffeur de camion"), ("fr", "ouvrier agricole"), ("fr", "charpentier-menuisier"),
    ("fr", "électricien en construction"), ("fr", "boucher industriel"), ("fr", "mécanicien d'équipement lourd"),
    ("en", "welder"), ("en", "registered nurse"), ("en", "patient care attendant"), ("en", "line cook"),
    ("en", "long-haul truck driver"), ("en", "farm worker"), ("en", "carpenter"), ("en", "electrician"),
    ("en", "software developer"), ("en", "help desk technician"),
    ("es", "soldador"), ("es", "enfermera"), ("es", "auxiliar de enfermería"), ("es", "cocinera"),
    ("es", "chofer de camión"), ("es", "jornalero agrícola"), ("es", "carpintero"), ("es", "electricista"),
    ("es", "carnicero"), ("es", "mecánico diesel"),
)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    started = time.perf_counter()
    search = build_search()
    build_s = time.perf_counter() - started
    timings, first = [], []
    for lang, title in TITLES:
        for end in range(2, len(title) + 1):
            query = title[:end]
            best = float("inf")
            for round_ in range(5):
                t0 = time.perf_counter()
                search.search(query, lang, 8)
                took = time.perf_counter() - t0
                if round_ == 0:
                    first.append(took * 1000)  # before the short-prefix cache knows this prefix
                best = min(best, took)
            timings.append(best * 1000)
    ms, cold = np.asarray(timings), np.asarray(first)
    result = {
        "titles": len(search),
        "unit_groups": len(search.codes),
        "unit_groups_with_spanish_titles": sum(1 for c in search.codes if "es" in search.languages_of(c)),
        "build_seconds": round(build_s, 2),
        "queries": len(timings),
        "p50_ms": round(float(np.percentile(ms, 50)), 3),
        "p95_ms": round(float(np.percentile(ms, 95)), 3),
        "p99_ms": round(float(np.percentile(ms, 99)), 3),
        "max_ms": round(float(ms.max()), 3),
        "first_call_p50_ms": round(float(np.percentile(cold, 50)), 3),
        "first_call_p99_ms": round(float(np.percentile(cold, 99)), 3),
        "first_call_max_ms": round(float(cold.max()), 3),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
