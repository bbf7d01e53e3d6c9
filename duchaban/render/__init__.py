"""Rendering with Qt's GUI classes but no widgets and no database: what both the window and the
command line (through a service) use to turn a record into pages."""
