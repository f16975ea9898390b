from django.core.management.base import BaseCommand

from config.env import VARIABLES, describe_default, value


class Command(BaseCommand):
    help = "Print every environment variable Zhirao reads: its meaning, its local default, its current value."

    def add_arguments(self, parser):
        parser.add_argument("--markdown", action="store_true", help="Print the table README.md carries.")

    def handle(self, *args, markdown=False, **options):
        if markdown:
            self.stdout.write("| variable | default (local) | production | meaning |")
            self.stdout.write("|---|---|---|---|")
            for variable in VARIABLES:
                self.stdout.write(
                    f"| `{variable.name}` | `{describe_default(variable)}` | `{variable.production}` | {variable.help} |"
                )
            return
        for variable in VARIABLES:
            current = value(variable.name)
            # Secrets and keys are never printed: this output ends up in terminals and support chats.
            shown = "(set)" if ("SECRET" in variable.name or variable.name.endswith("_KEYS")) and current else current
            self.stdout.write(f"{variable.name}  [{variable.kind.__name__}, default {describe_default(variable)!r}]")
            self.stdout.write(f"    {variable.help}")
            self.stdout.write(f"    now: {shown!r}")
