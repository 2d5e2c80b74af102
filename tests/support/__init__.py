"""Test-only pages: a form built from the shared components, and routes that fail on purpose,
so that the page checks and the axe suite also cover error states and every component."""
