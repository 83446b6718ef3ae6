from django.urls import path

from . import plan_views, views

app_name = "planning"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ke-hoach/", views.plans, name="plans"),
    path("don-vi/<int:org_id>/", views.unit, name="unit"),
    path("ke-hoach-nhiem-vu/", plan_views.plan_list, name="plan_list"),
    path("ke-hoach-nhiem-vu/moi/", plan_views.plan_new, name="plan_new"),
    path("ke-hoach-nhiem-vu/<int:pk>/", plan_views.plan_detail, name="plan"),
    path("ke-hoach-nhiem-vu/<int:pk>/sua/", plan_views.plan_edit, name="plan_edit"),
    path("ke-hoach-nhiem-vu/<int:pk>/nhiem-vu/moi/", plan_views.task_new, name="task_new"),
    path("nhiem-vu/cua-toi/", plan_views.my_tasks, name="my_tasks"),
    path("nhiem-vu/<int:pk>/", plan_views.task_detail, name="task"),
    path("nhiem-vu/<int:pk>/sua/", plan_views.task_edit, name="task_edit"),
    path("nhiem-vu/<int:pk>/bao-cao/", plan_views.task_report, name="task_report"),
    path("nhiem-vu/tien-do/<int:pk>/tep/", plan_views.progress_file, name="progress_file"),
]
