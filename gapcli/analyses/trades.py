"""Logrolls that would pay off for both sides: the exchange model of Stokman and Van Oosten
on the scale issues, the trades open now and, over rounds, the trades realised and the
expected outcomes they lead to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gapcli.analyses.records import Cell, Report, Table

if TYPE_CHECKING:
    from gapcli.engine import Compiled
    from gapcli.engine.trades import Realised, Trade
    from gapcli.io.loader import Loaded

#: The most rounds a run may realise: each round costs as much as the first (docs/errors.md).
MAX_ROUNDS = 100
#: How rounds realise trades (docs/model.md, "Trades"): each position once per round, or
#: Decide's procedure.
PROCEDURES = ("once", "decide")


def trades(
    loaded: Loaded,
    *,
    rounds: int = 0,
    top: int = 10,
    procedure: str = "once",
    seed: int | None = None,
    tables: bool = True,
    rows: int | None = None,
) -> Report:
    """The trades open in ``loaded``, the ``top`` largest first (0: all), and with
    ``rounds`` (0 to :data:`MAX_ROUNDS`) the trades realised round by round until none is
    left, and the expected outcomes before and after. ``procedure``: how a round realises
    trades, one of :data:`PROCEDURES`; ``seed``: with ``"decide"``, break exact ties by
    Decide's coin, drawn from this seed (default: the first in Decide's order). ``tables``
    and ``rows``: see
    :mod:`gapcli.analyses`."""
    from gapcli.analyses import compiled
    from gapcli.analyses._rows import first
    from gapcli.analyses.views import num
    from gapcli.engine import trades as model
    from gapcli.engine.decide import decide_rounds
    from gapcli.engine.rounds import realise
    from gapcli.engine.rounds import rounds as run_rounds

    if not 0 <= rounds <= MAX_ROUNDS:
        raise ValueError(f"rounds must be from 0 to {MAX_ROUNDS}, not {rounds}")
    if top < 0:
        raise ValueError(f"top must be 0 (all) or more, not {top}")
    if seed is not None and seed < 0:
        raise ValueError(f"seed must be 0 or more, not {seed}")
    if procedure not in PROCEDURES:
        raise ValueError(f"procedure must be one of {', '.join(PROCEDURES)}, not {procedure!r}")
    c = compiled(loaded)
    scenario = loaded.scenario
    start = model.initial_state(c)
    open_now = model.candidates(start)
    if procedure == "once":  # round 1, worked out once: for the listed trades' marks and rounds
        round_one, end = realise(start, open_now)
        history, end = run_rounds(end, rounds - 1) if rounds and round_one else ([], start)
        history = [round_one, *history] if rounds and round_one else []
    else:  # with no rounds asked, one is still worked out, for the marks
        history, end = decide_rounds(start, max(rounds, 1), seed)
        round_one = history[0] if history else []
        history, end = (history, end) if rounds else ([], start)
    chosen = {(d.trade.i, d.trade.j, d.trade.p, d.trade.q) for d in round_one}
    shown = open_now.trades(start, open_now.ranked(top=None if top == 0 else top))
    listed = [
        _trade_json(c, t, (t.i, t.j, t.p, t.q) in chosen, opened)
        for t, opened in zip(shown, model.opens_all(start, shown), strict=True)
    ]
    before, after = _units(c, start.outcomes()), _units(c, end.outcomes())
    issues = [i.id for i in c.scale.issues]
    result: dict[str, Any] = {
        "count": len(open_now),
        "procedure": procedure,
        "seed": seed,
        "trades": listed,
        "rounds": [[_realised_json(c, done) for done in step] for step in history],
        "outcomes": [
            {"issue": issue, "before": num(b), "after": num(a)}
            for issue, b, a in zip(issues, before, after, strict=True)
        ],
    }
    shown_tables: list[Table] = []
    if tables:
        shown_tables.append(_trades_table("Trades open now, largest gain first", listed, rows))
    if tables and rounds:
        outcomes, total = first(result["outcomes"], rows)
        done_rows = [dict(t, round=n + 1) for n, step in enumerate(result["rounds"]) for t in step]
        title = f"Trades realised in {len(history)} rounds"
        shown_tables.append(_trades_table(title, done_rows, rows))
        shown_tables.append(
            Table(
                "Expected outcomes (weighted mean of positions)",
                ("issue", "before", "after", "change"),
                tuple(
                    (o["issue"], o["before"], o["after"], _change(o["before"], o["after"]))
                    for o in outcomes
                ),
                total=total,
            )
        )
    from gapcli.analyses.views import fmt_num

    best = listed[0] if listed else None
    summary = f"{scenario.title}: {len(open_now)} trades open"
    if best is not None:
        summary += (
            f"; the best: {best['a']['party']} moves on {best['a']['gives']}, "
            f"{best['b']['party']} on {best['b']['gives']} (gain {fmt_num(best['gain'])} each)"
        )
    if rounds:
        summary += f"; {sum(map(len, history))} realised in {len(history)} rounds"
    return Report(
        "trades", result, scenario, summary + ".", tuple(shown_tables), warnings=loaded.warnings
    )


def best(loaded: Loaded, top: int) -> list[dict[str, Any]]:
    """The ``top`` trades open in ``loaded``, largest gain first, as in :func:`trades`'s
    ``trades`` list but without working out which a round would realise (each says
    ``"realised": null``): what the report shows."""
    from gapcli.analyses import compiled
    from gapcli.engine import trades as model

    c = compiled(loaded)
    start = model.initial_state(c)
    found = model.candidates(start)
    shown = found.trades(start, found.ranked(top=top))
    opened = model.opens_all(start, shown)
    return [_trade_json(c, t, None, o) for t, o in zip(shown, opened, strict=True)]


def _units(c: Compiled, shares: Any) -> list[float]:
    """Points given as shares of each scale issue's width, in the issue's own units."""
    b = c.scale
    return [float(i.lo + share * i.width) for i, share in zip(b.issues, shares, strict=True)]


def _realised_json(c: Compiled, done: Realised) -> dict[str, Any]:
    return _trade_json(c, done.trade, True, (done.pairs, done.issues))


def _trade_json(
    c: Compiled,
    t: Trade,
    realised: bool | None,
    opened: tuple[tuple[int, ...], tuple[int, ...]],
) -> dict[str, Any]:
    """A trade as JSON; ``opened``: the party pairs' and the issues' deadlocks it ends
    (``gapcli.engine.trades.opens_all``)."""
    from gapcli.analyses.views import num

    b = c.scale
    issue_p, issue_q = b.issues[t.p], b.issues[t.q]

    def side(party: int, gives: int, gets: int, move: float, share: float) -> dict[str, Any]:
        """One party's part: where it stands on the issue it gives, and where it moves."""
        issue = b.issues[gives]
        return {
            "party": c.party_ids[party],
            "gives": issue.id,
            "from": num(issue.lo + share * issue.width),
            "to": num(issue.lo + (share + move) * issue.width),
            "gets": b.issues[gets].id,
        }

    pairs = [b.issues[k].id for k in opened[0]]
    issues = [b.issues[k].id for k in opened[1]]
    return {
        "gain": num(t.gain),
        "a": side(t.i, t.q, t.p, t.move_iq, t.from_iq),
        "b": side(t.j, t.p, t.q, t.move_jp, t.from_jp),
        "shift": {
            issue_p.id: num(t.shift_p * issue_p.width),
            issue_q.id: num(t.shift_q * issue_q.width),
        },
        "opens": {"pair": pairs, "issue": issues},
        "realised": realised,
    }


def _trades_table(title: str, listed: list[dict[str, Any]], rows: int | None) -> Table:
    """A table of trades (with a round column when they carry one): the first ``rows``."""
    from gapcli.analyses._rows import first

    kept, total = first(listed, rows)
    built: list[tuple[Cell, ...]] = []
    for t in kept:
        a, b = t["a"], t["b"]
        opens = [f"{a['party']}-{b['party']} on {i}" for i in t["opens"]["pair"]]
        opens += [f"issue {i}" for i in t["opens"]["issue"]]
        built.append(
            (
                *((t["round"],) if "round" in t else ()),
                t["gain"],
                a["party"],
                f"{a['gives']} {_pt(a['from'])} -> {_pt(a['to'])}",
                b["party"],
                f"{b['gives']} {_pt(b['from'])} -> {_pt(b['to'])}",
                "; ".join(opens) or "-",
            )
        )
    columns: tuple[str, ...] = ("gain", "party", "moves on", "party", "moves on", "opens")
    if listed and "round" in listed[0]:
        columns = ("round", *columns)
    return Table(
        title,
        columns,
        tuple(built),
        note="each party moves on the issue it cares relatively less about than the other "
        "party does, toward the other; no move carries an expected outcome past the party that "
        "gains from it. gain = salience-weighted shift of the expected outcomes, the same for "
        "both.",
        total=total,
    )


def _change(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return "-"
    return f"{after - before:+.3f}"


def _pt(value: float) -> str:
    from gapcli.analyses.views import fmt_pt

    return fmt_pt(value)
