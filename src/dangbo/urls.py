from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("dangbo.core.urls")),
    path("tai-khoan/", include("dangbo.accounts.urls")),
    path("to-chuc/", include("dangbo.structure.urls")),
    path("dang-vien/nhap/", include("dangbo.members.import_urls")),
    path("dang-vien/", include("dangbo.members.urls")),
    path("danh-gia/", include("dangbo.evaluations.urls")),
    path("ket-nap/", include("dangbo.admissions.urls")),
    path("sinh-hoat/", include("dangbo.meetings.urls")),
    path("nhiem-vu/", include("dangbo.assignments.urls")),
    path("sang-loc/", include("dangbo.screening.urls")),
    path("bien-dong/", include("dangbo.movements.urls")),
    path("dang-phi/", include("dangbo.dues.urls")),
    path("kiem-tra-ky-luat/", include("dangbo.home.urls")),
    path("kiem-tra/", include("dangbo.inspection.urls")),
    path("khieu-nai-to-cao/", include("dangbo.complaints.urls")),
    path("ky-luat/", include("dangbo.discipline.urls")),
    path("khen-thuong/", include("dangbo.recognition.urls")),
    path("dao-tao/", include("dangbo.training.urls")),
    path("chi-tieu/", include("dangbo.planning.urls")),
    path("bao-cao/", include("dangbo.reporting.urls")),
    path("api/", include("dangbo.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]
