"""manage.py demo_logins: print the demo usernames, roles, scopes and the password."""

from django.core.management.base import BaseCommand

from demo.logins import demo_login_rows, format_login_table


class Command(BaseCommand):
    help = "Print the demo logins (one per role) and their password."

    def handle(self, *args, **opts):
        rows = demo_login_rows()
        if not rows:
            self.stdout.write(
                "There are no demo logins in this database. Build the demo force with "
                "`python manage.py seed_demo` (or `make run`, which does it when the database "
                "is empty)."
            )
            return
        self.stdout.write("Demo logins (sign in at /accounts/login/):")
        self.stdout.write("")
        self.stdout.write(format_login_table(rows))
