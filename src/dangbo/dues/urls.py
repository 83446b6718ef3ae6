from django.urls import path

from . import views

app_name = "dues"
urlpatterns = [
    path("", views.home, name="home"),
    path("cua-toi/", views.mine, name="mine"),
    path("chi-bo/<int:pk>/", views.cell, name="cell"),
    path("chi-bo/<int:pk>/lap-so/", views.cell_open, name="cell_open"),
    path("chi-bo/<int:pk>/ghi/", views.cell_record, name="cell_record"),
    path("don-vi/", views.units, name="units"),
    path("no/", views.arrears, name="arrears"),
    path("no/xuat/", views.arrears_export, name="arrears_export"),
]
