"""One function per user action, shared by the window and the command line."""
