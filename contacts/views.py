from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    """The public integration page: what the county board does for integration."""
    return render(request, "contacts/home.html")


@require_safe
def contact(request):
    return render(request, "contacts/contact.html")


@require_safe
def accessibility(request):
    """The accessibility statement (tillgänglighetsredogörelse) required by the DOS law."""
    return render(request, "contacts/accessibility.html")
