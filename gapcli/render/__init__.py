"""Rendering for people and pipes: tables, Markdown, CSV, one JSON document, the HTML
report, the watch loop. Imports the analyses below it, never a command
(docs/architecture.md)."""
