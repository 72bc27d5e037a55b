"""CNP/NOC 2021 taxonomy (bilingual, with hierarchy, concordance and national outlook) and the classifier of
titles, vacancies and résumés (``classify_document``: see :mod:`occupations.documents`)."""

from occupations.classifier import TitleClassifier, load_classifier, train_classifier
from occupations.config import ClassifierConfig
from occupations.documents import DocumentCodes, DocumentInput, classify_document, classify_documents
from occupations.outlook import Outlook
from occupations.taxonomy import Group, Taxonomy, UnitGroup, load_taxonomy

__all__ = [
    "ClassifierConfig",
    "DocumentCodes",
    "DocumentInput",
    "Group",
    "Outlook",
    "Taxonomy",
    "TitleClassifier",
    "UnitGroup",
    "classify_document",
    "classify_documents",
    "load_classifier",
    "load_taxonomy",
    "train_classifier",
]
