"""BounceBack: a calm terminal dashboard for a job hunt."""

__version__ = "0.1.0"
