from django.shortcuts import render

from xiaoneng.core import clock
from xiaoneng.workdays import selectors as workdays


def home(request):
    today = clock.today()
    return render(request, "portal/home.html", {"today": today, "today_working": workdays.calendar().is_working_day(today)})
