"""Measuring extraction against gold standards: ``sitrep eval``."""

from sitrep.evaluate.gold import GoldDocument, GoldError, load_gold
from sitrep.evaluate.score import Evaluation, evaluate

__all__ = ["Evaluation", "GoldDocument", "GoldError", "evaluate", "load_gold"]
