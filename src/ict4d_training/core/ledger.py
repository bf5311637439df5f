"""Who offers what and who expects what: the partnership's resource ledger.

The source note asks every partner to be explicit about the resources it will make
available and the benefits it expects; the ledger makes gaps in that visible.
"""

from __future__ import annotations

from dataclasses import dataclass

from ict4d_training.core.model import SECTORS, STAGES, Design


@dataclass(frozen=True)
class LedgerEntry:
    partner_id: str
    name: str
    sector: str
    joins_at: str | None
    offers: tuple[str, ...]
    expects: tuple[str, ...]


@dataclass(frozen=True)
class ResourceLedger:
    entries: tuple[LedgerEntry, ...]
    offers_nothing: tuple[str, ...]
    expects_nothing: tuple[str, ...]
    sectors_present: tuple[str, ...]
    sectors_missing: tuple[str, ...]

    @property
    def findings(self) -> tuple[str, ...]:
        """Plain sentences a group can discuss, one per gap."""
        names = {entry.partner_id: entry.name for entry in self.entries}
        lines = [f"{names[item]} does not say what it will offer." for item in self.offers_nothing]
        lines += [f"{names[item]} does not say what it expects to gain." for item in self.expects_nothing]
        if self.sectors_missing:
            lines.append(f"Sectors not at the table: {', '.join(s.replace('_', ' ') for s in self.sectors_missing)}.")
        return tuple(lines)

    def stage_matrix(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """Sector -> stage -> names of partners of that sector joining at that stage."""
        matrix: dict[str, dict[str, tuple[str, ...]]] = {}
        for sector in SECTORS:
            row = {stage: tuple(e.name for e in self.entries if e.sector == sector and e.joins_at == stage)
                   for stage in (*STAGES, "not stated")}
            row["not stated"] = tuple(e.name for e in self.entries if e.sector == sector and e.joins_at is None)
            matrix[sector] = row
        return matrix


def resource_ledger(design: Design) -> ResourceLedger:
    entries = tuple(
        LedgerEntry(p.id, p.name, p.sector, p.joins_at, p.contributes, p.expects) for p in design.partners
    )
    present = {entry.sector for entry in entries}
    return ResourceLedger(
        entries=entries,
        offers_nothing=tuple(entry.partner_id for entry in entries if not entry.offers),
        expects_nothing=tuple(entry.partner_id for entry in entries if not entry.expects),
        sectors_present=tuple(sector for sector in SECTORS if sector in present),
        sectors_missing=tuple(sector for sector in SECTORS if sector not in present),
    )
