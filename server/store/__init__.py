"""The database: one SQLAlchemy MetaData, Alembic migrations run at start, and one store per subject
(accounts, audit, alerts, booths, directory, handoffs). Stores take and return plain data."""
