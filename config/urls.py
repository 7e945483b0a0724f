from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path, reverse_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from config.health import health
from council import seat_views, two_factor_views
from council import views as council_views
from council.notices import views as notice_views
from facilities import finder_views, survey_views
from facilities.access import for_children_councils
from portal import views as portal_views

# Korean error pages (config/errors.py); 405 through its middleware.
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
# The language switch of the public finder. CSRF-exempt on purpose: the finder's
# pages are shared, cached copies without a CSRF cookie, and all a forged post
# could do is change the visitor's interface language (`next` is checked by Django).
language_switch = login_not_required(csrf_exempt(require_POST(set_language)))

# The admin signs in through the portal's own login (address throttling, then the
# second factor), never through a login form of its own.
admin.site.login = login_not_required(
    lambda request, extra_context=None: redirect_to_login(
        request.get_full_path(), reverse_lazy("login")
    )
)

urlpatterns = [
    path("", council_views.home, name="home"),
    path("no-role/", council_views.no_role, name="no_role"),
    path("councils/", portal_views.council_list, name="council_list"),
    path("my/councils/", seat_views.my_councils, name="my_councils"),
    path("my/councils/switch/<int:account>/", seat_views.switch_seat, name="switch_seat"),
    path("councils/new/", portal_views.council_create, name="council_create"),
    path(
        "councils/<slug:council>/staff-seats/new/",
        seat_views.staff_seat_add,
        name="staff_seat_add",
    ),
    path("accounts/login/", council_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", two_factor_views.setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", two_factor_views.verify, name="two_factor_verify"),
    path(
        "accounts/two-factor/backup-codes/",
        two_factor_views.backup_codes,
        name="two_factor_backup_codes",
    ),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        council_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        council_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        council_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        council_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("health/", health, name="health"),
    # The opt-out link in every 문자 (short: it counts against 90 bytes) and the
    # provider's delivery reports (council.notices.views).
    path("n/<str:token>/", notice_views.opt_out, name="notice_opt_out"),
    path("notices/report/<str:secret>/", notice_views.delivery_report, name="notice_report"),
    path("admin/", admin.site.urls),
    path("archive/", include("reports.public_urls")),
    path("i18n/setlang/", language_switch, name="set_language"),
    path("f/<slug:council>/<int:dong>/", finder_views.short_link, name="finder_short"),
    # A facility's personal 현황 조사 link (no account; facilities.surveys).
    path("s/<str:token>/", survey_views.survey_form, name="survey_form"),
    path("s/<str:token>/done/", survey_views.survey_done, name="survey_done"),
    path("c/<slug:council>/find/", for_children_councils("facilities.public_urls")),
    # Before the registry's <code>/ pages (facilities.forms.RESERVED_CODES keeps "finder").
    path(
        "c/<slug:council>/facilities/finder/",
        for_children_councils("facilities.finder_staff_urls"),
    ),
    path("c/<slug:council>/facilities/", for_children_councils("facilities.urls")),
    path("c/<slug:council>/", include("proposals.urls")),
    path("c/<slug:council>/", include("reports.urls")),
    path("c/<slug:council>/", include("council.urls")),
    path("c/<slug:council>/", include("portal.urls")),
]
