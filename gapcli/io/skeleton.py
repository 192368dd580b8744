"""A new scenario to edit: ``gapcli init``'s files, written without replacing any file."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from gapcli.errors import Diagnostic, InputError, Location
from gapcli.io.files import write_files

SCHEMA_DIR = ".schema"

_SCENARIO = """\
# yaml-language-server: $schema={schema_dir}/scenario.schema.json
title: {title}
description: >-
  Describe the talks here. Saliences, capabilities, positions and accepted ranges are
  analyst estimates from the sources below.
as_of: {as_of}
sources:
  example-source: {{title: Where the positions come from, published: {as_of}}}
defaults:
  tolerance: 0      # scale points accepted either side of a position without `accepts`
issues:
  budget-share:
    title: Share of the joint budget paid by the first party
    kind: scale
    range: [0, 100]
    status_quo: 50
    labels:
      0: Second party pays everything
      100: First party pays everything
  venue:
    title: Where talks are held
    kind: choice
    options: {{geneva: Geneva, vienna: Vienna, online: Online}}
  monitors:
    title: Who monitors the agreement
    kind: set
    options: {{un: United Nations, eu: European Union, au: African Union}}
"""

_PARTY = """\
# yaml-language-server: $schema=../{schema_dir}/party.schema.json
name: {name}
capability: 1.0     # relative clout, > 0
stances:
  budget-share:
    position: {position}
    accepts: [{lo}, {hi}]
    salience: 0.9
    source: example-source
    note: Why you read the party this way.
  venue: {{prefers: {venue}, accepts: [{venue}, online], salience: 0.3, source: example-source}}
  monitors: {{require: [{require}], reject: [{reject}], salience: 0.5, source: example-source}}
"""


def create_skeleton(directory: Path, title: str, as_of: str) -> list[Path]:
    """Write ``scenario.yaml`` (with ``title`` and ``as_of``, a date YYYY-MM-DD, also the
    example source's date), two party files and the editors' schemas into ``directory``;
    the files written, in order. If any of them exists, nothing is written (an
    :class:`InputError` names each); on a failure, the folders made are removed again."""
    from gapcli.io.schemas import party_schema, scenario_schema, schema_text

    parties = directory / "parties"
    files = {
        directory / "scenario.yaml": _SCENARIO.format(
            schema_dir=SCHEMA_DIR, title=json.dumps(title, ensure_ascii=False), as_of=as_of
        ),
        parties / "first-party.yaml": _PARTY.format(
            schema_dir=SCHEMA_DIR,
            name="First party",
            position=20,
            lo=10,
            hi=40,
            venue="geneva",
            require="un",
            reject="au",
        ),
        parties / "second-party.yaml": _PARTY.format(
            schema_dir=SCHEMA_DIR,
            name="Second party",
            position=70,
            lo=45,
            hi=80,
            venue="vienna",
            require="au",
            reject="eu",
        ),
        directory / SCHEMA_DIR / "scenario.schema.json": schema_text(scenario_schema()),
        directory / SCHEMA_DIR / "party.schema.json": schema_text(party_schema()),
    }
    existing = [path for path in files if path.exists() or path.is_symlink()]
    if existing:
        raise InputError(
            Diagnostic(
                Location(p.as_posix()),
                "already exists; init never overwrites a file (choose a new folder)",
            )
            for p in existing
        )
    made: list[Path] = []
    try:
        for folder in (parties, directory / SCHEMA_DIR):
            make_folder(folder, made)
        write_files(files, force=False)
    except BaseException:
        for folder in reversed(made):  # leave nothing behind: the folders made, if still empty
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return list(files)


def make_folder(folder: Path, made: list[Path]) -> None:
    """``mkdir -p``, with a located message where a file stands in the way or the folder
    may not be made; adds the folders it made to ``made``, outermost first."""
    for part in (*reversed(folder.parents), folder):
        if part.is_dir():
            continue
        if part.exists() or part.is_symlink():
            raise InputError.at(Location(part.as_posix()), "is a file, not a folder")
        try:
            part.mkdir()
        except OSError as exc:
            raise InputError.at(
                Location(part.as_posix()), f"cannot create the folder: {exc.strerror or exc}"
            ) from None
        made.append(part)
