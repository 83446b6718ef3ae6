from django.urls import path

from . import views

app_name = "questions"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("gui/", views.ask, name="ask"),
    path("hop-thu/", views.inbox, name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tep/", views.attachment, name="attachment"),
    path("<int:pk>/tra-loi/", views.answer, name="answer"),
    path("<int:pk>/dong/", views.close, name="close"),
]
