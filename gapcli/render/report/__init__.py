"""The shareable report: one self-contained HTML page (inline CSS and SVG, no script, nothing
fetched from the network) built from the same analyses as the commands.

:func:`context` gathers plain data (numbers already placed in SVG coordinates, text not yet
escaped); the Jinja template, with autoescape on, turns it into markup, so no user text is
ever written into the page unescaped.
"""

from __future__ import annotations

from gapcli.render.report.build import context, render_html, render_markdown

__all__ = ["context", "render_html", "render_markdown"]
