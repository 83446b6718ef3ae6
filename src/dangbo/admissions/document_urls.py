from django.urls import path

from . import document_views as views

urlpatterns = [
    path("<int:pk>/quyet-dinh-ket-nap.docx", views.decision_docx, name="decision_docx"),
    path("<int:pk>/quyet-dinh-ket-nap/pdf/", views.decision_pdf, name="decision_pdf"),
    path("<int:pk>/quyet-dinh-cong-nhan.docx", views.recognition_docx, name="recognition_docx"),
    path("<int:pk>/quyet-dinh-cong-nhan/pdf/", views.recognition_pdf, name="recognition_pdf"),
    path("danh-sach-quan-chung-uu-tu.xlsx", views.export_candidates, name="export_candidates"),
    path("danh-sach-dang-vien-du-bi.xlsx", views.export_probationary, name="export_probationary"),
]
