"""Qt item models over store queries (tested without a window)."""
