"""Sổ Sáng Kiến: initiative campaigns of Vietnamese trade unions, offline, synced by bundles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sosangkien")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"
