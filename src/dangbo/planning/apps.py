from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "dangbo.planning"
    verbose_name = _("Kế hoạch, mục tiêu")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from dangbo.admissions.signals import admissions_counted_changed
        from dangbo.assignments.models import TaskAssignment
        from dangbo.library.models import PartyDocument
        from dangbo.meetings.compliance import quarters_changed

        from . import plans, tasks  # tasks registers the job kind "planning.kpi.recompute"

        admissions_counted_changed.connect(tasks.refresh_admission_rate, dispatch_uid="planning.refresh_admission_rate")
        # The current year's stored cell-life figures follow the compliance rows and the tasks.
        quarters_changed.connect(tasks.refresh_cell_life_soon, dispatch_uid="planning.cell_life.quarters")
        post_save.connect(tasks.refresh_cell_life_soon, sender=TaskAssignment, dispatch_uid="planning.cell_life.saved")
        post_delete.connect(tasks.refresh_cell_life_soon, sender=TaskAssignment, dispatch_uid="planning.cell_life.gone")
        # A plan recorded before its entry in the documents library is linked when the entry is saved.
        post_save.connect(plans.on_library_saved, sender=PartyDocument, dispatch_uid="planning.plan.library_entry")
