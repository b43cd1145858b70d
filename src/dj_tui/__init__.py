"""dj-tui: a terminal dashboard for Chinese party-building work reports."""

__version__ = "0.1.0"
