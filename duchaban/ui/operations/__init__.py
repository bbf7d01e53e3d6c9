"""What the user can do from the window's menus: one module per concept, one function per action.

Each action takes an OperationContext (context.py) instead of reaching into the window, after
Anki's aqt/operations: the window builds the context and wires its menus to these functions.
"""
