"""Helpers for the ``worksheet serve`` tests: the app, a form, a running server, Chromium."""
