"""The Qt window: models over store queries, views, dialogs, jobs. No business rules here."""
