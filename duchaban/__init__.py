"""督查办 (duchaban): follow a district's work-report tasks from notice to close-out."""

__version__ = "0.1.0"
