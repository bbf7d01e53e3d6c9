"""Dialogs: collect input, call one store or service function, show what happened."""
