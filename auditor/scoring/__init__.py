"""Fidelity, fluency and overall scores with bands: `Scorer(config).score(segments, findings)`."""

from .model import WEIGHTS_FILE, LinearModel, ScoringWeights, load_weights
from .scorer import Scorer

__all__ = ["WEIGHTS_FILE", "LinearModel", "Scorer", "ScoringWeights", "load_weights"]
