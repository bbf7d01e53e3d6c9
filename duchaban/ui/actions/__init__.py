"""The main window's actions, one mixin per concept (plans, ledgers, directory, databases)."""
