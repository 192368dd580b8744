"""The UN General Assembly's roll calls as a scenario (data: ../shared/data/unvotes/).

One choice issue per roll call (options yes, no, abstain, declared in issues.csv), one party
per country code, each vote a stance that prefers its option with salience 1 (stances.csv).
Votes of countries with no code (states that no longer exist) are left out, as the data's
README advises. The scenario is written where it is asked for (a temporary folder in the
benchmark), never into the repository.

    python bench/unvotes.py OUT_DIR [--data ../shared/data/unvotes] [--year 1946]
"""

from __future__ import annotations

import argparse
import csv
import gzip
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "unvotes"


def write(out: Path, data: Path = DATA, year: str | None = None) -> Path:
    """Write the scenario into ``out`` (created; must not hold one already): every roll
    call, or those of one ``year``."""
    out.mkdir(parents=True, exist_ok=False)
    with gzip.open(data / "un_roll_calls.csv.gz", "rt", encoding="utf-8", newline="") as f:
        calls = [
            (int(float(r["rcid"])), r["date"], r["short"])
            for r in csv.DictReader(f)
            if year is None or r["date"].startswith(year)
        ]
    wanted = {rcid for rcid, _, _ in calls}
    (out / "scenario.yaml").write_text(
        "title: UN General Assembly roll calls, 1946-2019\nas_of: 2019-12-31\n"
        "description: Voeten's data as published in the unvotes package (one issue a roll "
        "call).\n",
        encoding="utf-8",
    )
    with (out / "issues.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "kind", "title", "options"])
        for rcid, date, short in calls:
            writer.writerow([f"rc{rcid}", "choice", f"{date} {short}".strip(), "yes;no;abstain"])
    with (
        gzip.open(data / "un_votes.csv.gz", "rt", encoding="utf-8", newline="") as f,
        (out / "stances.csv").open("w", encoding="utf-8", newline="") as g,
    ):
        writer = csv.writer(g, lineterminator="\n")
        writer.writerow(["party", "issue", "prefers", "salience"])
        for row in csv.DictReader(f):
            rcid = int(float(row["rcid"]))
            if row["country_code"] and rcid in wanted:
                writer.writerow([row["country_code"].lower(), f"rc{rcid}", row["vote"], "1"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--year", help="only the roll calls of this year (e.g. 1946)")
    args = parser.parse_args()
    write(args.out, args.data, args.year)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
