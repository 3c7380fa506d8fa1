"""wres-xl: NHS Workforce Race Equality Standard analysis for Excel."""

__version__ = "0.1.0"
