from django.urls import path

from . import account_views, money_views, profile_views, views

app_name = "dues"
urlpatterns = [
    path("", views.home, name="home"),
    path("cua-toi/", views.mine, name="mine"),
    path("chi-bo/<int:pk>/", views.cell, name="cell"),
    path("chi-bo/<int:pk>/lap-so/", views.cell_open, name="cell_open"),
    path("chi-bo/<int:pk>/ghi/", views.cell_record, name="cell_record"),
    path("chi-bo/<int:pk>/xuat/", views.cell_export, name="cell_export"),
    path("dang-vien/<int:member_pk>/", profile_views.member, name="member"),
    path("dang-vien/<int:member_pk>/can-cu/", profile_views.member_base, name="member_base"),
    path("dang-vien/<int:member_pk>/mien-giam/", profile_views.member_relief, name="member_relief"),
    path(
        "dang-vien/<int:member_pk>/mien-giam/<int:relief_pk>/xoa/",
        profile_views.member_relief_remove,
        name="member_relief_remove",
    ),
    path("don-vi/", views.units, name="units"),
    path("no/", views.arrears, name="arrears"),
    path("no/xuat/", views.arrears_export, name="arrears_export"),
    path("bao-cao-thu-nop/", money_views.statement_page, name="statement"),
    path("bao-cao-thu-nop/excel/", money_views.statement_xlsx, name="statement_xlsx"),
    path("bao-cao-thu-nop/word/", money_views.statement_docx, name="statement_docx"),
    path("bao-cao-thu-nop/pdf/", money_views.statement_pdf, name="statement_pdf"),
    path("nop-cap-tren/", money_views.remittances, name="remittances"),
    path("ty-le-giu-lai/", money_views.retention, name="retention"),
    path("tai-khoan-thu/", account_views.collection_account, name="collection_account"),
    path("chi-bo/<int:pk>/ma-qr/<int:member_pk>/", account_views.member_payment_code, name="payment_code"),
    path("doi-soat/", money_views.reconciliations, name="reconciliations"),
    path("doi-soat/<int:pk>/", money_views.reconciliation_review, name="reconciliation"),
    path("doi-soat/<int:pk>/ghi-so/", money_views.reconciliation_apply, name="reconciliation_apply"),
]
