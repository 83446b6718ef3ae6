from django.urls import path

from . import transfer_views, views

app_name = "movements"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", transfer_views.detail, name="detail"),
    path("dang-vien/<int:pk>/chuyen-sinh-hoat/", transfer_views.transfer_internal, name="transfer_internal"),
    path("dang-vien/<int:pk>/chuyen-ra-ngoai/", transfer_views.transfer_out, name="transfer_out"),
    path("tiep-nhan/", transfer_views.transfer_in, name="transfer_in"),
    path("<int:pk>/tiep-nhan/", transfer_views.accept, name="accept"),
    path("<int:pk>/tu-choi/", transfer_views.decline, name="decline"),
    path("<int:pk>/huy/", transfer_views.cancel, name="cancel"),
    path("<int:pk>/giay-gioi-thieu/ghi/", transfer_views.letter, name="letter"),
    path("<int:pk>/ban-giao/", transfer_views.hand_over, name="hand_over"),
    path("<int:pk>/giay-gioi-thieu/", transfer_views.letter_pdf, name="letter_pdf"),
    path("<int:pk>/giay-gioi-thieu.docx", transfer_views.letter_docx, name="letter_docx"),
]
