from django.urls import path

from . import designation_views, review_views, self_views, views

app_name = "evaluations"
urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("mo-dot/", views.campaign_open, name="open"),
    path("<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("<int:campaign_id>/khoa/", views.campaign_lock, name="lock"),
    path("<int:campaign_id>/mo-lai/", views.campaign_reopen, name="reopen"),
    path("<int:campaign_id>/don-vi/<int:org_id>/", views.unit_page, name="unit"),
    path("xep-loai/<int:rating_id>/", views.rating_detail, name="rating"),
    path("xep-loai/<int:rating_id>/buoc/", views.rating_step, name="step"),
    path("xep-loai/<int:rating_id>/dieu-chinh/", views.rating_override, name="override"),
    path("<int:campaign_id>/chi-bo/<int:org_id>/kiem-diem/", review_views.cell_review, name="cell_review"),
    path("cua-toi/", self_views.my_rating, name="mine"),
    path("cua-toi/lich-su/", self_views.my_history, name="mine_history"),
    path("cua-toi/<int:rating_id>/", self_views.my_rating_edit, name="mine_rating"),
    path("danh-hieu/", designation_views.designation_list, name="designations"),
    path("danh-hieu/don-vi/<int:org_id>/cong-nhan/", designation_views.designation_new, name="designate"),
    path("danh-hieu/<int:designation_id>/minh-chung/", designation_views.designation_evidence, name="evidence"),
    path("danh-hieu/<int:designation_id>/thu-hoi/", designation_views.designation_revoke, name="revoke"),
    path("danh-hieu/tieu-chi/", designation_views.checklist_list, name="checklists"),
    path("danh-hieu/tieu-chi/<int:checklist_id>/", designation_views.checklist_edit, name="checklist"),
]
