"""The database: opening, schema and migrations, queries, transactions, audit log."""
