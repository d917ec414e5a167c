"""Diagnostics: every problem the archive reports, with its file, line and column."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"  # worth knowing, nothing to fix: shown by `check --verbose`


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def as_text(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message} [{self.code}]"

    def as_github(self) -> str:
        # GitHub Actions workflow command; data must escape %, CR and LF, properties also : and ,
        def prop(value: str) -> str:
            return (
                value.replace("%", "%25")
                .replace("\r", "%0D")
                .replace("\n", "%0A")
                .replace(":", "%3A")
                .replace(",", "%2C")
            )

        def data(value: str) -> str:
            return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        kind = {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(self.severity, "notice")
        return (
            f"::{kind} file={prop(self.path)},line={self.line},col={self.column},"
            f"title={prop(self.code)}::{data(self.message)}"
        )

    def as_json(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }

    def promoted(self) -> Diagnostic:
        """The same diagnostic as an error (for --strict)."""
        return Diagnostic(
            self.path, self.line, self.column, Severity.ERROR, self.code, self.message
        )


def error(path: str | Path, line: int, column: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(str(path), line, column, Severity.ERROR, code, message)


def warning(path: str | Path, line: int, column: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(str(path), line, column, Severity.WARNING, code, message)


def info(path: str | Path, line: int, column: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(str(path), line, column, Severity.INFO, code, message)


def shown(diagnostics: list[Diagnostic], verbose: bool) -> list[Diagnostic]:
    """What a command prints: information only when asked for (--verbose)."""
    return [d for d in diagnostics if verbose or d.severity is not Severity.INFO]


def sort_key(d: Diagnostic) -> tuple:
    return (d.path, d.line, d.column, d.code, d.message)


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    infos = len(diagnostics) - errors - warnings
    text = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    return text + (f", {infos} note{'s' if infos != 1 else ''}" if infos else "")


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def to_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([d.as_json() for d in diagnostics], ensure_ascii=False, indent=2)


class ArchiveError(Exception):
    """A problem that stops a command; carries diagnostics to print instead of a traceback."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(summary(diagnostics))
        self.diagnostics = diagnostics

    def __reduce__(self):  # from a worker process back to the parent, diagnostics and all
        return (type(self), (self.diagnostics,))
