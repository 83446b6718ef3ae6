"""Task pages under /nhiem-vu/."""

from django.urls import path

from .views import lists, tasks

app_name = "assignments"
urlpatterns = [
    path("", lists.task_list, name="list"),
    path("xuat-excel/", lists.export_tasks, name="export"),
    path("cua-toi/", lists.my_tasks, name="mine"),
    path("giao/", tasks.assign, name="assign"),
    path("<int:pk>/", tasks.task_detail, name="detail"),
    path("<int:pk>/sua/", tasks.task_edit, name="edit"),
    path("<int:pk>/tien-do/", tasks.task_progress, name="progress"),
    path("<int:pk>/ket-qua/", tasks.task_result, name="result"),
    path("<int:pk>/xoa/", tasks.task_remove, name="remove"),
]
