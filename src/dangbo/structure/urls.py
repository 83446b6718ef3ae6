"""The party tree's pages under /to-chuc/: the tree, the organization page, restructuring, committees, oversight.

The pages keep the URL namespace "organizations" they had when the tree's records and pages were one app:
their names (`organizations:tree`, `organizations:detail`, …) are used across the templates, the audit
pages' links and the tests.
"""

from django.urls import path

from .views import organization, restructure, terms, tree

app_name = "organizations"
urlpatterns = [
    path("", tree.tree, name="tree"),
    path("<int:pk>/", organization.detail, name="detail"),
    path("<int:pk>/con/", tree.children, name="children"),
    path("<int:pk>/sap-xep/<str:kind>/", restructure.restructure, name="restructure"),
    path("<int:pk>/nhat-ky/", organization.history, name="history"),
    path("<int:pk>/cap-uy/tao/", organization.committee_create, name="committee_create"),
    path("<int:pk>/cap-uy/<int:committee_id>/sua/", organization.committee_update, name="committee_update"),
    path("<int:pk>/cap-uy/<int:committee_id>/ket-thuc/", terms.committee_end, name="committee_end"),
    path("<int:pk>/cap-uy/<int:committee_id>/khoi-phuc/", terms.committee_restore, name="committee_restore"),
    path("<int:pk>/cap-uy/<int:committee_id>/uy-vien/", organization.seat_add, name="seat_add"),
    path("<int:pk>/uy-vien/<int:seat_id>/ket-thuc/", organization.seat_end, name="seat_end"),
    path("<int:pk>/phu-trach/", organization.oversight_add, name="oversight_add"),
    path("<int:pk>/phu-trach/<int:assignment_id>/ket-thuc/", organization.oversight_end, name="oversight_end"),
]
