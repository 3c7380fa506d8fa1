"""The wres-xl test suite."""
