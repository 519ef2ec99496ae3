"""``manage.py demo_logins``: who you can log in as in the demo, and the shared password."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hverdag.access.models import Role, RoleAssignment, User
from hverdag.demo.generate import DEMO_PASSWORD
from hverdag.demo.geography import TEAM_SLUGS
from hverdag.staff.models import Employee, Profession

ROLE_ORDER = [
    Role.SYSTEM_ADMIN,
    Role.TEAM_LEADER,
    Role.PLANNER,
    Role.CASEWORKER,
    Role.PROVIDER_ADMIN,
    Role.FIELD_STAFF,
    Role.CLIENT,
    Role.NEXT_OF_KIN,
]
PROFESSION_ORDER = list(Profession.values)


@dataclass(frozen=True)
class Login:
    username: str
    name: str
    role: str
    where: str
    sort_key: tuple[int, int, int, int, int]
    featured_group: tuple[str, str] | None  # field staff: shown once per (place, profession)


class Command(BaseCommand):
    help = "Print the demo logins (username, role, team) and the shared demo password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="List every login, not one of each kind."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        logins = collect_logins()
        if not logins:
            self.stdout.write("No logins yet: run `python manage.py load_demo` first.")
            return
        shown = logins if options["all"] else featured(logins)
        widths = [
            max(len(header), *(len(getattr(row, field)) for row in shown))
            for header, field in (("username", "username"), ("name", "name"), ("role", "role"))
        ]
        self.stdout.write(f"Demo logins – password for all: {DEMO_PASSWORD}")
        header = ("username", "name", "role", "team / scope")
        self.stdout.write(self._row(header, widths))
        self.stdout.write(self._row(tuple("-" * w for w in [*widths, 12]), widths))
        for login in shown:
            self.stdout.write(
                self._row((login.username, login.name, login.role, login.where), widths)
            )
        hidden = len(logins) - len(shown)
        if hidden:
            self.stdout.write(
                f"… and {hidden} more field staff: python manage.py demo_logins --all"
            )
        if not _password_still_works(shown[0].username):
            self.stdout.write(
                self.style.WARNING(
                    f"Note: {shown[0].username}'s password is no longer {DEMO_PASSWORD}."
                )
            )

    @staticmethod
    def _row(cells: tuple[str, ...], widths: list[int]) -> str:
        padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
        return "  ".join([*padded, *cells[len(widths) :]]).rstrip()


def _password_still_works(username: str) -> bool:
    user = User.objects.filter(username=username).first()
    return bool(user and user.check_password(DEMO_PASSWORD))


def collect_logins() -> list[Login]:
    employees = {e.user_id: e for e in Employee.objects.filter(user__isnull=False).order_by("pk")}
    by_user: dict[int, list[RoleAssignment]] = defaultdict(list)
    rows = RoleAssignment.objects.select_related(
        "user", "municipality", "team", "district", "provider", "client"
    )
    for a in rows.filter(user__is_active=True).order_by("pk"):
        by_user[a.user_id].append(a)
    logins = []
    for user_id, assignments in by_user.items():
        a = min(assignments, key=lambda x: ROLE_ORDER.index(Role(x.role)))
        user = a.user
        employee = employees.get(user_id)
        role = Role(a.role).label
        if employee and a.role == Role.FIELD_STAFF:
            role = f"{role} ({Profession(employee.profession).label.lower()})"
        if a.team:
            where, place = (
                a.team.name,
                1 + TEAM_SLUGS.index(a.team.slug) if a.team.slug in TEAM_SLUGS else 5,
            )
        elif a.provider:
            where, place = a.provider.name, 7
        elif a.client:
            where, place = f"client: {a.client.full_name}", 8
        elif a.district:
            where, place = a.district.name, 6
        else:
            where, place = f"{a.municipality.name} (all)", 0
        profession = PROFESSION_ORDER.index(employee.profession) if employee else 0
        logins.append(
            Login(
                username=user.username,
                name=user.get_full_name(),
                role=str(role),
                where=str(where),
                sort_key=(
                    place,
                    a.provider_id or 0,
                    ROLE_ORDER.index(Role(a.role)),
                    profession,
                    employee.pk if employee else user.pk,
                ),
                featured_group=(where, employee.profession)
                if employee and a.role == Role.FIELD_STAFF
                else None,
            )
        )
    return sorted(logins, key=lambda login: login.sort_key)


def featured(logins: list[Login]) -> list[Login]:
    """Everyone but field staff, and the first field staff member of each kind per place."""
    seen: set[tuple[str, str]] = set()
    result = []
    for login in logins:
        if login.featured_group is not None:
            if login.featured_group in seen:
                continue
            seen.add(login.featured_group)
        result.append(login)
    return result
