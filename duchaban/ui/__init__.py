"""The Qt window: models over store queries, views, dialogs, workers. No business rules here."""
