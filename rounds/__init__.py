"""The Dealflow app: models, admin, tasks, and its subsystems as packages (see the README's layout)."""
