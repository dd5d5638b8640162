from django.conf import settings

from .context import Channel, set_channel


class ChannelMiddleware:
    """Tag each request with the channel it came through, for the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith("/api/"):
            channel = Channel.API
        elif path.startswith("/open311/"):
            channel = Channel.OPEN311
        elif path.startswith("/admin/"):
            channel = Channel.ADMIN
        else:
            channel = Channel.WEB
        set_channel(channel)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """``Content-Security-Policy`` on every answer (等保: protection against injected
    script).  Pages load scripts and styles only from this site (``static/``), never inline;
    the admin and the interactive API docs, whose third-party pages set styles inline, get
    ``style-src 'unsafe-inline'`` and nothing more."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            policy = settings.XIAONENG["CONTENT_SECURITY_POLICY"]
            if request.path.startswith(("/admin/", "/api/docs")):
                policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
            response["Content-Security-Policy"] = policy
        return response
