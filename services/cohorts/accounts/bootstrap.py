"""The first coordinator, from ROSTOK_ADMIN_EMAIL / ROSTOK_ADMIN_PASSWORD or generated once."""
from __future__ import annotations

import os
import secrets

import sqlalchemy as sa

from services.cohorts.accounts import operations
from services.cohorts.accounts.models import Account
from shared.runtime import Runtime


def ensure_first_coordinator(runtime: Runtime) -> str:
    settings = runtime.settings
    with runtime.uow() as uow:
        exists = uow.session.execute(
            sa.select(Account.id).limit(1)
        ).first()
        if exists is not None:
            return "accounts exist: nothing to do"
        email = settings.admin_email or "admin@rostok.local"
        password = settings.admin_password
        generated = password is None
        if generated:
            if not settings.embedded:
                return "no account and ROSTOK_ADMIN_EMAIL/ROSTOK_ADMIN_PASSWORD not set: none created"
            password = secrets.token_urlsafe(12)
        operations.create_account(
            uow, email=email, name="Координатор", roles=["coordinator"], password=password, testing=settings.testing,
            check_strength=False,
        )
        uow.commit()
    if generated:
        path = settings.var_dir / "first-coordinator.txt"
        path.write_text(f"{email}\n{password}\n")
        os.chmod(path, 0o600)
        return f"first coordinator created: {email} / {password} (also in {path})"
    return f"first coordinator created: {email}"
