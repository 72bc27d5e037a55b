"""Persistence: SQLModel tables, engine and sessions, migrations, the repository and the index synchroniser."""
