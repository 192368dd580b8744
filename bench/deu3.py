"""DEU III, the standard data set of EU legislative bargaining, as a scenario (data:
../shared/data/deu3/deu3.csv).

One scale issue 0-100 per row of the data (364 issues of legislative proposals; its id the
data's `isnr`, its status quo the reference point `rp` where known), one party per actor
(the Commission `com`, the Parliament `ep` and the member states by their two-letter codes),
and a stance wherever an actor has both a position and a salience (salience / 100). A blank
cell is no stance; the 54 positions without a salience are left out too (gapcli needs a
salience, and none is made up). Capability: the data's second line, the member states'
GDP shares and 4.1 for the Commission and the Parliament (`--capability equal`: 1 for all).
Each issue records the data's outcome (`out`) where it has one, and says that it has none
where it does not (11 issues); its tags give the proposal (`prnr`), the year it was
introduced (`intro`, dd-mm-yy), the act's type, the procedure and the Council's voting rule,
for `gapcli backtest --by` and `--cluster`. Every stance and outcome cites the data set
(CC BY 4.0). The scenario is written where it is asked for (a temporary folder in
the benchmark), never into the repository.

    python bench/deu3.py OUT_DIR [--data ../shared/data/deu3/deu3.csv] [--capability equal]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "deu3" / "deu3.csv"

#: The actors in the data's column order: id (the columns' suffix, `pcom` and `scom`), name
ACTORS = {
    "com": "European Commission",
    "ep": "European Parliament",
    "at": "Austria",
    "be": "Belgium",
    "bu": "Bulgaria",
    "cr": "Croatia",
    "cy": "Cyprus",
    "cz": "Czech Republic",
    "dk": "Denmark",
    "ee": "Estonia",
    "fi": "Finland",
    "fr": "France",
    "de": "Germany",
    "el": "Greece",
    "hu": "Hungary",
    "ie": "Ireland",
    "it": "Italy",
    "lv": "Latvia",
    "lt": "Lithuania",
    "lu": "Luxembourg",
    "mt": "Malta",
    "nl": "Netherlands",
    "pl": "Poland",
    "pt": "Portugal",
    "ro": "Romania",
    "si": "Slovenia",
    "sk": "Slovakia",
    "es": "Spain",
    "se": "Sweden",
    "uk": "United Kingdom",
}
SOURCE = {
    "title": "A new dataset on legislative decision-making in the European Union: the DEU III "
    "dataset",
    "author": "Arregui, J. and Perarnaud, C.",
    "publisher": "Journal of European Public Policy (2021)",
    "url": "https://doi.org/10.34810/data53",
    "note": "CC BY 4.0; GDPs added and invalid outcomes removed by blksv/predictioneers_game "
    "(commit 21b9737)",
}


NO_OUTCOME = "The data set records no outcome for this issue."


def year(intro: str) -> str:
    """The year a proposal was introduced, from the data's `intro` date. The column mixes
    dd-mm-yy, dd-mm-yyyy and dd-mm-yy read as a date with the day as its year (`2014-07-04`,
    `1930-05-05`); in every form the last two digits are the year's (and agree with the
    proposal's number: d04167 is from 2004). The proposals run from 1996 to 2018."""
    yy = int(intro[-2:])
    return str(1900 + yy if yy >= 50 else 2000 + yy)


def tags(row: dict[str, str]) -> str:
    """The issue's tags as issues.csv writes them: key=value;key=value."""
    found = {
        "proposal": row["prnr"],
        "year": year(row["intro"]),
        "type": row["type"],
        "procedure": row["proc"],
        "vote": row["counvte"],
    }
    return ";".join(f"{k}={v}" for k, v in found.items() if v)


class DataMissing(FileNotFoundError):
    """The data set is not where it was looked for."""


def write(out: Path, data: Path = DATA, capability: str = "weights") -> Path:
    """Write the scenario into ``out`` (created; must not hold one already). ``capability``:
    ``weights`` (the data's second line) or ``equal`` (1 for every actor)."""
    if not data.is_file():
        raise DataMissing(f"DEU III data not found: {data} (pass --data PATH/deu3.csv)")
    if capability not in ("weights", "equal"):
        raise ValueError(f"capability must be weights or equal, not {capability!r}")
    with data.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        header = next(reader)
        weights = dict(zip(header, next(reader), strict=True))
        rows = [dict(zip(header, row, strict=True)) for row in reader]
    out.mkdir(parents=True, exist_ok=False)
    source = "".join(f"    {key}: {json.dumps(text)}\n" for key, text in SOURCE.items())
    parties = "".join(
        f"  {a}: {{name: {json.dumps(name)}, capability: "
        f"{weights['p' + a] if capability == 'weights' else '1'}}}\n"
        for a, name in ACTORS.items()
    )
    description = (
        "Arregui and Perarnaud's DEU III data set: one scale issue a row of deu3.csv, "
        f"positions 0-100, salience / 100, capability {capability}."
    )
    (out / "scenario.yaml").write_text(  # texts as JSON strings, which YAML reads as they are
        f"title: {json.dumps('DEU III, EU legislative decision-making')}\n"
        f"description: {json.dumps(description)}\n"
        f"sources:\n  deu3:\n{source}parties:\n{parties}",
        encoding="utf-8",
    )
    with (out / "issues.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(
            ["id", "kind", "title", "lo", "hi", "status_quo"]
            + ["outcome", "outcome_source", "outcome_note", "tags"]
        )
        for row in rows:
            number = row["isnr"].rsplit("i", 1)[1]  # d00032i2: the proposal's issue 2
            title = f"{row['prname']} ({row['type']} {row['prnr']}), issue {number}"
            known = bool(row["out"])
            writer.writerow(
                [row["isnr"], "scale", title, 0, 100, row["rp"]]
                + [row["out"], "deu3" if known else "", "" if known else NO_OUTCOME, tags(row)]
            )
    with (out / "stances.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["party", "issue", "position", "salience", "source"])
        for row in rows:
            for a in ACTORS:
                position, salience = row["p" + a], row["s" + a]
                if position and salience:
                    writer.writerow(
                        [a, row["isnr"], position, f"{float(salience) / 100:g}", "deu3"]
                    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=DATA, help="deu3.csv (default: %(default)s)")
    parser.add_argument(
        "--capability",
        choices=("weights", "equal"),
        default="weights",
        help="the data's GDP weights (default) or 1 for every actor",
    )
    args = parser.parse_args()
    try:
        write(args.out, args.data, args.capability)
    except DataMissing as exc:
        sys.exit(str(exc))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
