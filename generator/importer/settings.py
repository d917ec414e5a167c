"""What the importer recognises, read from config/import.yml (section headings, field labels,
kind markers, total words, unit spellings): a new family of documents is a change there."""

from __future__ import annotations

from dataclasses import dataclass

from ..configuration import Configuration
from ..diagnostics import ArchiveError, error


def fold(text: str) -> str:
    """The form in which labels are compared: case and spacing do not matter."""
    return " ".join(str(text).split()).casefold()


def _labels(value: list) -> tuple[str, ...]:
    return tuple(fold(v) for v in value)


def _groups(data: dict, key: str) -> dict[str, tuple[str, ...]]:
    return {k: _labels(v) for k, v in data[key].items()}


@dataclass(frozen=True)
class Settings:
    headings: tuple[str, ...]
    heading_prefixes: tuple[str, ...]
    subheadings: dict[str, tuple[str, ...]]  # parent heading → headings one level below it
    district_headings: tuple[str, ...]
    district_grid_labels: tuple[str, ...]
    header_fields: dict[str, tuple[str, ...]]  # field → labels
    form_fields: dict[str, tuple[str, ...]]
    meeting_fields: dict[str, tuple[str, ...]]
    kind_markers: dict[str, tuple[str, ...]]  # kind id → whole lines naming it
    contents_headings: tuple[str, ...]
    total_words: tuple[str, ...]
    detail_words: tuple[str, ...]
    total_column_headings: tuple[str, ...]
    units: dict[str, tuple[str, ...]]  # unit id → spellings
    decisions: dict[str, tuple[str, ...]]  # status id → first words of a decision
    agenda_lists: tuple[str, ...] = ()  # the label of an exported meeting's list of items
    closed_markers: tuple[str, ...] = ()  # what a closed item's title starts with, longest first

    def field_of(self, group: dict[str, tuple[str, ...]], label: str) -> str | None:
        """The field a printed label stands for ('Sagsnr.' → 'case_number'), if any."""
        folded = fold(label).rstrip(":").strip()
        return next((name for name, labels in group.items() if folded in labels), None)

    def is_heading(self, text: str) -> bool:
        folded = fold(text)
        return folded in self.headings or any(
            folded == p or folded.startswith(p + " ") for p in self.heading_prefixes
        )

    def unit(self, text: str) -> str | None:
        folded = fold(text)
        return next((unit for unit, spellings in self.units.items() if folded in spellings), None)


def load_settings(configuration: Configuration) -> Settings:
    """The settings of config/import.yml, which load_configuration() has checked."""
    data = configuration.importing
    if data is None:
        raise ArchiveError(
            [
                error(
                    "config/import.yml",
                    1,
                    1,
                    "missing-file",
                    "config/import.yml is missing: the importer reads what it recognises from it",
                )
            ]
        )
    return Settings(
        headings=_labels(data["headings"]),
        heading_prefixes=_labels(data["heading_prefixes"]),
        subheadings={fold(k): _labels(v) for k, v in data["subheadings"].items()},
        district_headings=_labels(data["district_headings"]),
        district_grid_labels=_labels(data["district_grid_labels"]),
        header_fields=_groups(data, "header_fields"),
        form_fields=_groups(data, "form_fields"),
        meeting_fields=_groups(data, "meeting_fields"),
        kind_markers=_groups(data, "kind_markers"),
        contents_headings=_labels(data["contents_headings"]),
        total_words=_labels(data["total_words"]),
        detail_words=_labels(data["detail_words"]),
        total_column_headings=_labels(data["total_column_headings"]),
        units=_groups(data, "units"),
        decisions=_groups(data, "decisions"),
        agenda_lists=_labels(data["agenda_lists"]),
        closed_markers=tuple(sorted(_labels(data["closed_markers"]), key=len, reverse=True)),
    )
