"""The office hub: a PostgreSQL database that the office's laptops sync their records through.

No server program of ours runs there; the laptops connect with psycopg when they are on the office
network, push what changed since their last sync and pull everyone else's changes. Each laptop's
SQLite file stays complete for its user and works offline (SPEC §10).
"""
