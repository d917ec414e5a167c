"""The import report: what the importer guessed, what it could not place, and why a file could
not be imported at all. Every entry names the source line it is about."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Kind(enum.Enum):
    ERROR = "error"  # the file could not be imported
    UNPLACED = "not placed"  # kept in the body (or left out, said why) instead of in the metadata
    GUESSED = "guessed"  # a value the document does not state outright; review it
    NOTE = "note"  # something done to the text that a reviewer may want to know


@dataclass(frozen=True)
class Note:
    line: int
    kind: Kind
    message: str

    def as_text(self, path: str) -> str:
        return f"{path}:{self.line}: {self.kind.value}: {self.message}"


def error(line: int, message: str) -> Note:
    return Note(line, Kind.ERROR, message)


def unplaced(line: int, message: str) -> Note:
    return Note(line, Kind.UNPLACED, message)


def guessed(line: int, message: str) -> Note:
    return Note(line, Kind.GUESSED, message)


def note(line: int, message: str) -> Note:
    return Note(line, Kind.NOTE, message)


class ImportFailed(Exception):
    """A document that cannot become a proposal file; carries the reason as a note."""

    def __init__(self, failure: Note):
        super().__init__(failure.message)
        self.note = failure
