"""The 400 page in the service's layout, saying what was wrong with the address.

Django's own ``bad_request`` view shows no message (a SuspiciousOperation's text may hold
what an attacker sent). A ``BadRequest`` raised by NPMS carries a message we wrote for the
user (``npms.dates.query_date``: "week: Give a date between ..."), so it is shown; any other
400 gets the page without a message."""

from django.core.exceptions import BadRequest
from django.shortcuts import render


def bad_request(request, exception):
    message = str(exception) if type(exception) is BadRequest else ""
    return render(request, "400.html", {"exception": message}, status=400)
