"""What the admissions app tells the apps above it, which connect to these signals (admissions imports none of
them)."""

from django.dispatch import Signal

# Sent by `workflow.perform`, inside its transaction, when a step changes which admissions count in a year: a
# decision recorded, a decided candidacy withdrawn, a decision undone by a correction. Keyword arguments:
# `candidate` (the candidacy as saved) and `years` (the years of the decision dates counted before or after).
admissions_counted_changed = Signal()
