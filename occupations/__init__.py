"""CNP/NOC 2021 taxonomy (bilingual, with hierarchy, concordance and national outlook) and title classifier."""

from occupations.classifier import TitleClassifier, load_classifier, train_classifier
from occupations.config import ClassifierConfig
from occupations.outlook import Outlook
from occupations.taxonomy import Group, Taxonomy, UnitGroup, load_taxonomy

__all__ = [
    "ClassifierConfig",
    "Group",
    "Outlook",
    "Taxonomy",
    "TitleClassifier",
    "UnitGroup",
    "load_classifier",
    "load_taxonomy",
    "train_classifier",
]
