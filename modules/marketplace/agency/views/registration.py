"""Registration of a new agency (/marketplace/agency/register/), open to anyone.

Rules:
- one form: the organisation, its service categories, qualifications (at least one) and staff,
  the licence and the account; every part is checked before anything is written;
- bad input shows the form again with each error in Chinese at its field, and writes nothing:
  the account, the agency, its rows and its files are created in one transaction, and files
  stored by a write that fails are deleted (``files.discard_new_files``);
- on success the new account is signed in and sees that the registration is under review, with
  the due date (2 working days, ``services.agencies.register_agency``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ...services.agencies import register_agency
from ...services.errors import MarketplaceError
from ..decorators import agency_of, agency_required
from ..files import discard_new_files
from ..forms import RegistrationForm, qualification_formset, staff_formset
from . import add_service_errors, render


def register(request: HttpRequest) -> HttpResponse:
    if agency_of(request.user) is not None:
        messages.info(request, "本账号已经提交过入驻申请。")
        return redirect("marketplace:agency:dashboard")
    if request.method == "POST":
        form = RegistrationForm(request.POST, request.FILES)
        qualifications = qualification_formset(request.POST, request.FILES)
        staff = staff_formset(request.POST)
        valid = [form.is_valid(), qualifications.is_valid(), staff.is_valid()]  # all checked, all errors shown
        if all(valid):
            user = _register(form, qualifications, staff)
            if user is not None:
                login(request, user)
                return redirect("marketplace:agency:registered")
    else:
        form, qualifications, staff = RegistrationForm(), qualification_formset(), staff_formset()
    return render(request, "register.html", "机构入驻申请", form=form, qualifications=qualifications, staff=staff,
                  has_errors=request.method == "POST")


def _register(form: RegistrationForm, qualifications, staff):
    """Create the account and the agency; None (with the errors on ``form``) when that fails."""
    username, password = form.account()
    cleaned = form.cleaned_data
    try:
        with discard_new_files(), transaction.atomic():
            user = get_user_model().objects.create_user(username=username, password=password,
                                                        email=cleaned["contact_email"])
            register_agency(
                user=user, data=form.details(), categories=cleaned["categories"], licence=cleaned["licence"],
                qualifications=[{**data, "certificate": certificate} for data, certificate in qualifications.rows()],
                staff=staff.rows(),
            )
    except ValidationError as exc:
        add_service_errors(form, exc)
    except MarketplaceError as exc:
        form.add_error(None, str(exc))
    except IntegrityError:
        # Another registration took the code or the account name between the check and the write.
        form.add_error(None, "统一社会信用代码或登录账号刚刚已被注册，请核对后重新提交。")
    else:
        return user
    return None


@agency_required
def registered(request: HttpRequest) -> HttpResponse:
    return render(request, "registered.html", "入驻申请已提交", "dashboard")
