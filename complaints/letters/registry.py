"""The letter kinds: reviewed data in guidance/letters/<kind>/<version>.yaml, loaded and checked by
guidance.letter_data (texts, citations, conditions, required fields)."""

from guidance.letter_data import KIND_ORDER, InputSpec, LetterDataError, LetterKind, all_kinds

__all__ = ["KIND_ORDER", "InputSpec", "LetterDataError", "LetterKind", "all_kinds", "get_kind"]


def get_kind(kind: str) -> LetterKind:
    kinds = all_kinds()
    if kind not in kinds:
        raise KeyError(kind)
    return kinds[kind]
