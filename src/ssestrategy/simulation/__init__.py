"""Subpackage placeholder."""
