from django.http import HttpResponse


def warnings_page(request):
    return HttpResponse("")
