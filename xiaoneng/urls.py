from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from xiaoneng.api.main import api
from xiaoneng.core.views import bad_request, forbidden, healthz, not_found, server_error
from xiaoneng.domains import domain_modules
from xiaoneng.org import views as accounts

handler400 = bad_request
handler403 = forbidden
handler404 = not_found
handler500 = server_error

admin.site.site_header = "效能平台 管理后台"
admin.site.site_title = "效能平台"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", api.urls),
    # One login page for everybody, with the lockout and the second factor: the admin's
    # own login form would bypass the second factor.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/totp/", accounts.totp_enrol, name="totp_enrol"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("staff/", include("xiaoneng.workbench.urls")),
]
# Each domain's staff pages under /staff/<app>/ and public pages under /<app>/.
for app, module in domain_modules("urls"):
    if app not in ("workbench", "portal"):
        urlpatterns.append(path(f"staff/{app}/", include((module, app))))
for app, module in domain_modules("public_urls"):
    urlpatterns.append(path(f"{app}/", include((module, f"{app}_public"))))
urlpatterns.append(path("", include("xiaoneng.portal.urls")))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
