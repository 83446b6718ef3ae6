"""Restructuring of the party tree: rename, re-parent, merge, absorb, split, dissolve.

Each operation is one service and one transaction. It takes the effective date and the decision that
ordered it, records a `Restructuring` row, keeps `OrganizationPeriod` history (the open period of every
organization whose name or parent changes is closed on the effective date and a new one is opened), keeps
the materialized `path`/`depth` of every moved subtree in step (one UPDATE per subtree, by prefix
replacement), moves members through `members.services.move_to_cell` (so their dated cell membership is
kept too) and writes one audit entry per organization involved, with the action code
``organizations.restructured.<kind>``.

Everything is checked before anything is written; a `DomainError` leaves the database untouched.

Modules: `checks` (validation shared by the operations, nothing written), `steps` (the writes they
share), `simple` (rename, re-parent: the organization stays), `combine` (merge, absorb: several become
one), `divide` (split, dissolve: one ends and hands over its units and members).
"""

from .combine import absorb, merge
from .divide import SplitPart, dissolve, split
from .simple import rename, reparent
from .steps import Decision

__all__ = ["Decision", "SplitPart", "absorb", "dissolve", "merge", "rename", "reparent", "split"]
