"""API routes: /api/v1/ endpoints, the OpenAPI schema and its browsable docs (served without a CDN)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import (
    admissions,
    assignments,
    complaints,
    designations,
    disciplines,
    dues,
    dues_money,
    inspection,
    library,
    meetings,
    movements,
    my_meetings,
    notifications,
    plan_reviews,
    plan_tasks,
    portal,
    questions,
    ratings,
    recognition,
    report_requests,
    screening,
    statforms,
    study,
    targets,
    tokens,
    training,
    views,
)

router = SimpleRouter()
router.register("organizations", views.OrganizationViewSet, basename="api-organization")
router.register("committees", views.CommitteeViewSet, basename="api-committee")
router.register("members", views.MemberViewSet, basename="api-member")
router.register("rating-campaigns", ratings.CampaignViewSet, basename="api-rating-campaign")
router.register("ratings", ratings.RatingViewSet, basename="api-rating")
router.register("designations", designations.DesignationViewSet, basename="api-designation")
router.register("plans", targets.PlanViewSet, basename="api-plan")
router.register("targets", targets.TargetViewSet, basename="api-target")
router.register("kpi-values", targets.KpiValueViewSet, basename="api-kpi-value")
router.register("plan-tasks", plan_tasks.PlanTaskViewSet, basename="api-plan-task")
router.register("plan-progress", plan_tasks.TaskProgressViewSet, basename="api-plan-progress")
router.register("candidates", admissions.CandidateViewSet, basename="api-candidate")
router.register("admission-quotas", admissions.QuotaViewSet, basename="api-admission-quota")
router.register("admission-deadlines", admissions.DeadlineViewSet, basename="api-admission-deadline")
router.register("meetings", meetings.MeetingViewSet, basename="api-meeting")
router.register("my-meetings", my_meetings.MyMeetingViewSet, basename="api-my-meeting")
router.register("cell-quarters", meetings.CellQuarterViewSet, basename="api-cell-quarter")
router.register("tasks", assignments.TaskViewSet, basename="api-task")
router.register("screening-signals", screening.SignalViewSet, basename="api-screening-signal")
router.register("screening-rounds", screening.RoundViewSet, basename="api-screening-round")
router.register("dues-remittances", dues_money.RemittanceViewSet, basename="api-dues-remittance")
router.register("dues-reconciliations", dues_money.ReconciliationViewSet, basename="api-dues-reconciliation")
router.register("dues-statements", dues_money.StatementViewSet, basename="api-dues-statement")
router.register("screening-reviews", screening.ReviewViewSet, basename="api-screening-review")
router.register("movements", movements.MovementViewSet, basename="api-movement")
router.register("residence-introductions", movements.IntroductionViewSet, basename="api-residence-introduction")
router.register("residence-feedback", movements.FeedbackViewSet, basename="api-residence-feedback")
router.register("dues-rule-sets", dues.DuesRuleSetViewSet, basename="api-dues-rule-set")
router.register("dues-bases", dues.DuesBaseViewSet, basename="api-dues-base")
router.register("dues-reliefs", dues.DuesReliefViewSet, basename="api-dues-relief")
router.register("dues-months", dues.DuesMonthViewSet, basename="api-dues-month")
router.register("disciplines", disciplines.DisciplineViewSet, basename="api-discipline")
router.register("complaints", complaints.ComplaintViewSet, basename="api-complaint")
router.register("complaint-notices", complaints.NoticeViewSet, basename="api-complaint-notice")
router.register("inspection/programmes", inspection.ProgrammeViewSet, basename="api-inspection-programme")
router.register("inspection/cases", inspection.CaseViewSet, basename="api-inspection-case")
router.register("badges", recognition.BadgeViewSet, basename="api-badge")
router.register("commendations", recognition.CommendationViewSet, basename="api-commendation")
router.register("training/courses", training.CourseViewSet, basename="api-training-course")
router.register("training/enrollments", training.EnrollmentViewSet, basename="api-training-enrollment")
router.register("training/qualifications", training.QualificationViewSet, basename="api-training-qualification")
router.register("report-requests", report_requests.ReportRequestViewSet, basename="api-report-request")
router.register("report-recipients", report_requests.ReportRecipientViewSet, basename="api-report-recipient")
router.register("report-submissions", report_requests.ReportSubmissionViewSet, basename="api-report-submission")
router.register("documents", library.DocumentViewSet, basename="api-document")
router.register("bookmarks", study.BookmarkViewSet, basename="api-bookmark")
router.register("study-marks", study.StudyMarkViewSet, basename="api-study-mark")
router.register("my-questions", questions.MyQuestionViewSet, basename="api-my-question")
router.register("questions", questions.QuestionViewSet, basename="api-question")
router.register("notifications", notifications.NotificationViewSet, basename="api-notification")
router.register("statistical-forms", statforms.StatFormViewSet, basename="api-statistical-form")
router.register("plan-reviews", plan_reviews.PlanReviewViewSet, basename="api-plan-review")

# No app namespace: "schema" and "api-docs" keep the names other templates may already use.
urlpatterns = [
    path("v1/token/", tokens.TokenView.as_view(), name="api-token"),
    path("v1/me/", portal.HandbookView.as_view(), name="api-me"),
    path("v1/notification-preferences/", notifications.PreferencesView.as_view(), name="api-notification-preferences"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script from a URL: the Content-Security-Policy allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]
