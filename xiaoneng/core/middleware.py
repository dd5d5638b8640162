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
