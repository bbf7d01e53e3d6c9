"""Widgets that show models and details."""
