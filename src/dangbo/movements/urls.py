from django.urls import path

from . import report_views, residence_views, standing_views, transfer_views, views

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
    path("noi-cu-tru/", residence_views.residence_list, name="residence"),
    path("noi-cu-tru/gioi-thieu/<int:member_id>/", residence_views.introduce, name="residence_introduce"),
    path("noi-cu-tru/ket-thuc/<int:pk>/", residence_views.end_introduction, name="residence_end"),
    path("noi-cu-tru/nhan-xet/<int:member_id>/", residence_views.record_feedback, name="residence_feedback"),
    path("noi-cu-tru/sua-nhan-xet/<int:pk>/", residence_views.correct_feedback, name="residence_correct"),
    path("bao-cao/", report_views.report, name="report"),
    path("bao-cao/xuat-excel/", report_views.export_report, name="report_export"),
    path("sinh-hoat-tam-thoi-mien-dinh-chi/", standing_views.standing_home, name="standing"),
    path("sinh-hoat-tam-thoi-mien-dinh-chi/moi/<slug:kind>/", standing_views.standing_new, name="standing_new"),
    path("sinh-hoat-tam-thoi-mien-dinh-chi/<int:pk>/", standing_views.standing_detail, name="standing_detail"),
    path("sinh-hoat-tam-thoi-mien-dinh-chi/<int:pk>/<slug:step>/", standing_views.standing_step, name="standing_step"),
]
