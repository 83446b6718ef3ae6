from django.urls import path

from .views import lists, rounds

app_name = "screening"
urlpatterns = [
    path("", lists.screening_list, name="list"),
    path("tinh-lai/", lists.refresh_start, name="refresh"),
    path("dau-hieu/<int:hit_id>/", lists.hit_detail, name="hit"),
    path("chi-bo/<int:org_id>/", rounds.cell_page, name="cell"),
    path("chi-bo/<int:org_id>/mo-dot/", rounds.round_open, name="open"),
    path("dot/<int:round_id>/", rounds.round_page, name="round"),
    path("dot/<int:round_id>/bo-sung/", rounds.round_add, name="add"),
    path("dot/<int:round_id>/ket-thuc/", rounds.round_close, name="close"),
    path("dang-vien/<int:review_id>/", rounds.review_page, name="review"),
    path("dang-vien/<int:review_id>/bieu-quyet/", rounds.review_vote, name="vote"),
    path("dang-vien/<int:review_id>/ket-qua/", rounds.review_outcome, name="outcome"),
]
