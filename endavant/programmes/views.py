"""Choosing a programme (public) and managing programmes (back-office)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from endavant.accounts.permissions import require_perm
from endavant.core.services import ApplicationError
from endavant.programmes import context, forms, services
from endavant.programmes.models import Programme


def choose(request: HttpRequest) -> HttpResponse:
    """The programmes this installation serves; choosing one is remembered (no JavaScript)."""
    if request.method == "POST":
        programme = Programme.objects.filter(slug=request.POST.get("programme", "")[:80]).first()
        target = request.POST.get("next", "/")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
            target = "/"
        if programme is None:
            messages.error(request, _("Choose one of the listed programmes."))
            return redirect(request.path)
        return context.remember(redirect(target), programme.slug)
    return render(
        request,
        "programmes/choose.html",
        {
            "programmes": list(Programme.objects.active()),
            "next": request.GET.get("next", "/"),
            "current": context.programme_for(request),
        },
    )


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme's own address: choose it and go to the home page."""
    programme = get_object_or_404(Programme, slug=slug)
    return context.remember(redirect("core:home"), programme.slug)


@require_safe
@require_perm("programmes.manage_programmes")
def manage(request: HttpRequest) -> HttpResponse:
    """Every programme, active and archived."""
    return render(
        request,
        "programmes/manage.html",
        {"programmes": list(Programme.objects.select_related("territory"))},
    )


@require_perm("programmes.manage_programmes")
def manage_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or edit a programme."""
    instance = get_object_or_404(Programme, pk=pk) if pk is not None else None
    form = forms.ProgrammeForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_save(actor=request.user, programme=instance, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes:manage")
    return render(
        request,
        "programmes/edit.html",
        {"form": form, "instance": instance},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@require_perm("programmes.manage_programmes")
def manage_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Archive an active programme, or restore an archived one."""
    programme = get_object_or_404(Programme, pk=pk)
    form = forms.ArchiveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        if programme.is_archived:
            services.programme_restore(actor=request.user, programme=programme, reason=reason)
            messages.success(request, _("The programme is active again."))
        else:
            services.programme_archive(actor=request.user, programme=programme, reason=reason)
            messages.success(request, _("The programme is archived."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("programmes:manage")
