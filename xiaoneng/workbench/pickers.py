"""Pickers: people choose a case, a person or a department by what they read (a business
number, a name, the department tree), never by typing an id or a login name.

Each picker is a plain form control that works without script — a text box with a
``<datalist>`` for cases (the typed business number is resolved on the server), a ``<select>``
for people — that htmx refreshes from the small endpoints here as the person types or picks
a department."""

from __future__ import annotations

from django.shortcuts import render

from xiaoneng.clocks import registry as clock_registry
from xiaoneng.org.access import people_in
from xiaoneng.web import params
from xiaoneng.web.pages import attempt, staff_required

LIMIT = 10


@staff_required
def pick_cases(request):
    """``<option>``s of the cases matching what was typed that the user may see: ``q``, or
    the picker's own field (htmx sends the input under its name, given as ``field``)."""
    typed = request.GET.get("q") or request.GET.get(request.GET.get("field", ""), "")
    entries = clock_registry.search_subjects(request.user, typed, limit=LIMIT)
    return render(request, "workbench/_case_options.html", {"entries": entries})


@staff_required
def pick_people(request):
    """``<option>``s of the people of the chosen department."""
    department = attempt(request, lambda: params.department(request.GET.get("department")))
    return render(request, "workbench/_people_options.html", {"people": people_in(request.user, department), "empty": request.GET.get("empty", "")})
