"""Sổ Sáng Kiến: initiative campaigns of Vietnamese trade unions, offline, synced by bundles."""

# The one place the version is written, besides pyproject.toml (a test keeps the two equal).
# Read from the installed package's metadata, it cost importlib.metadata and the e-mail
# parser at every start, and a frozen build carries no metadata to read.
__version__ = "0.1.0"
