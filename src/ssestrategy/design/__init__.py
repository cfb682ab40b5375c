"""Design strategies: a robust search over mixes of the lever menu (issue 13)."""
