"""A client's progress over time, as plain data for the charts and the tables beside
them: where they stood on each ladder, the load, volume and estimated 1RM they lifted,
the pain they reported, and how their sets spread across the six patterns.

Every series has one value per week (weeks start on Monday) over the last ``WEEKS``
weeks. Sets are aggregated in the database: a handful of queries however long the
log. Loads logged in lb are converted to kg, so kg and lb are never summed together.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Max,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncWeek
from django.utils import timezone, translation
from django.utils.formats import date_format, get_format

from assessments.models import Assessment
from clients.models import Client
from programming.models import AssignmentChange, LoadUnit, Pattern
from training.models import WorkoutExercise, WorkoutSet, pain_threshold_of
from training.progression import hurts

WEEKS = 12
BALANCE_WEEKS = 4  # the week's sets are set against the weeks before it
LB_TO_KG = 0.45359237
EPLEY_MAX_REPS = 12  # past a dozen reps, an estimated 1RM says little

Number = int | float


@dataclass(frozen=True)
class Cell:
    value: Number | None
    note: str = ""
    flagged: bool = False
    text: str = ""  # the value as the table shows it


def number_text(value: Number) -> str:
    """``value`` as ``floatformat:"-1"`` shows it: a whole number without decimals,
    any other to one decimal, rounded half up. Formatted here, once per cell."""
    exact = Decimal(repr(value))
    if exact == exact.to_integral_value():
        return str(int(exact))
    text = str(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))


def day_label(day: date) -> str:
    """A week's or a day's label, "10 Mar", in the language shown: formatted once
    per day and language."""
    return _day_label(day, translation.get_language())


@lru_cache(maxsize=1024)
def _day_label(day: date, language: str | None) -> str:
    return date_format(day, "j M")


@dataclass(frozen=True)
class Series:
    """One line or set of bars of a chart: a value per week (None: nothing to show),
    and a note per week where there is one (the variation, where it hurt)."""

    key: str
    label: str
    values: list[Number | None]
    notes: list[str] = field(default_factory=list)
    flags: list[bool] = field(default_factory=list)  # worth the trainer's attention

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "data": self.values,
            "notes": self.notes or [""] * len(self.values),
            "flags": self.flags or [False] * len(self.values),
        }


@dataclass(frozen=True)
class WeekRow:
    week: date
    cells: list[Cell]
    label: str = ""


@dataclass(frozen=True)
class WeeklyChart:
    """Several series over the same weeks."""

    weeks: list[date]
    series: list[Series]

    @property
    def is_empty(self) -> bool:
        return all(v is None for s in self.series for v in s.values)

    @property
    def rows(self) -> list[WeekRow]:
        """The same numbers a row per week, for the table beside the chart."""
        return [
            WeekRow(
                week=week,
                cells=[
                    Cell(
                        s.values[i],
                        s.notes[i] if s.notes else "",
                        bool(s.flags and s.flags[i]),
                        "" if s.values[i] is None else number_text(s.values[i]),
                    )
                    for s in self.series
                ],
                label=day_label(week),
            )
            for i, week in enumerate(self.weeks)
        ]

    def as_json(self) -> dict:
        return {
            "labels": [day_label(w) for w in self.weeks],
            "series": [s.as_json() for s in self.series],
        }


@dataclass(frozen=True)
class RungEvent:
    """A line of the ladder's history: a move to a rung, or an assessment."""

    on: date
    what: str
    pattern: str = ""
    position: int | None = None
    ladder_length: int | None = None
    variation: str = ""

    @property
    def label(self) -> str:
        return day_label(self.on)


@dataclass(frozen=True)
class Rungs:
    """The rung held on each pattern at the end of each week, the finished
    assessments, and the moves behind them."""

    chart: WeeklyChart
    assessed: list[date]
    events: list[RungEvent]

    @property
    def top(self) -> int:
        """The highest rung held in these weeks."""
        return max(
            (v for s in self.chart.series for v in s.values if v is not None),
            default=1,
        )

    @property
    def is_empty(self) -> bool:
        return self.chart.is_empty

    def as_json(self) -> dict:
        weeks = self.chart.weeks
        marks = [
            [d for d in self.assessed if week <= d < week + timedelta(weeks=1)]
            for week in weeks
        ]
        return {
            **self.chart.as_json(),
            "top": self.top,
            "markers": {
                "label": "Assessment",
                "data": [0 if m else None for m in marks],
                "notes": [
                    ", ".join(f"assessed {day_label(d)}" for d in m) for m in marks
                ],
            },
        }


@dataclass(frozen=True)
class BalanceRow:
    pattern: Pattern
    this_week: int
    before: int

    @property
    def per_week_before(self) -> float:
        return round(self.before / BALANCE_WEEKS, 1)

    @property
    def per_week_before_text(self) -> str:
        return number_text(self.per_week_before)


@dataclass(frozen=True)
class Progress:
    """Everything the progress charts of one client draw."""

    weeks: list[date]
    rungs: Rungs
    top_load: WeeklyChart
    volume: WeeklyChart
    e1rm: WeeklyChart
    pain: WeeklyChart  # flagged at or above the trainer's pain threshold
    pain_threshold: int | None  # None: no pain logged in these weeks
    balance: list[BalanceRow]
    sets: int  # logged in the window

    balance_weeks = BALANCE_WEEKS
    epley_max_reps = EPLEY_MAX_REPS

    @property
    def first_week(self) -> date:
        return self.weeks[0]

    @property
    def this_week(self) -> date:
        return self.weeks[-1]

    @property
    def has_workouts(self) -> bool:
        return bool(self.sets)

    def as_json(self) -> dict:
        """The data of every chart, for ``json_script``."""
        return {
            "rungs": self.rungs.as_json(),
            "load": self.top_load.as_json(),
            "volume": self.volume.as_json(),
            "e1rm": self.e1rm.as_json(),
            "pain": self.pain.as_json(),
            "balance": {
                "labels": [row.pattern.label for row in self.balance],
                "series": [
                    {
                        "key": "this-week",
                        "label": "This week",
                        "data": [row.this_week for row in self.balance],
                    },
                    {
                        "key": "before",
                        "label": f"Average of the {BALANCE_WEEKS} weeks before",
                        "data": [row.per_week_before for row in self.balance],
                    },
                ],
            },
        }


def _weeks_ending(today: date, weeks: int) -> list[date]:
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def _load_kg():
    """A set's load in kg, as a float: lb converted."""
    return Cast("load", FloatField()) * Case(
        When(load_unit=LoadUnit.LB, then=Value(LB_TO_KG)),
        default=Value(1.0),
        output_field=FloatField(),
    )


def _kg(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _as_date(value) -> date:
    # TruncWeek of a date is a date; some backends hand back a datetime.
    return value.date() if isinstance(value, datetime) else value


def _per_pattern(
    weeks: list[date], found: dict[tuple[date, str], Number], *, default=None
) -> list[Series]:
    """A series for each pattern with anything found, in the coach's order."""
    patterns = {pattern for _, pattern in found}
    return [
        Series(
            key=pattern.value,
            label=pattern.label,
            values=[found.get((w, pattern.value), default) for w in weeks],
        )
        for pattern in Pattern
        if pattern.value in patterns
    ]


def _rungs(client: Client, weeks: list[date]) -> Rungs:
    """Two queries: the assignment changes (a few per pattern, however long the log)
    and the finished assessments of the window."""
    end = weeks[-1] + timedelta(weeks=1)
    end_at = timezone.make_aware(datetime.combine(end, time.min))
    changes = (
        AssignmentChange.objects.filter(
            assignment__client=client, created_at__lt=end_at
        )
        .order_by("created_at", "pk")
        .values_list(
            "assignment__pattern",
            "kind",
            "from_position",
            "to_position",
            "ladder_length",
            "to_variation__name",
            "created_at",
        )
    )
    assessed = list(
        Assessment.objects.filter(
            client=client,
            status=Assessment.Status.DONE,
            assessed_on__range=(weeks[0], end - timedelta(days=1)),
        )
        .order_by("assessed_on")
        .values_list("assessed_on", flat=True)
        .distinct()
    )
    by_pattern: dict[str, list[tuple[date, int | None, int | None, str]]] = {}
    events: list[RungEvent] = []
    standing: dict[str, RungEvent] = {}
    for pattern, kind, was, to, length, name, at in changes:
        on = timezone.localtime(at).date()
        by_pattern.setdefault(pattern, []).append((on, to, length, name))
        if kind == AssignmentChange.Kind.PRESCRIPTION and was == to:
            continue  # the same rung, a new dose
        event = RungEvent(
            on=on,
            what=AssignmentChange.Kind(kind).label,
            pattern=Pattern(pattern).label,
            position=to,
            ladder_length=length,
            variation=name,
        )
        if on < weeks[0]:
            standing[pattern] = event
        else:
            events.append(event)
    # Where each pattern stood when the window opens.
    events[:0] = [
        RungEvent(
            on=weeks[0],
            what="Standing",
            pattern=e.pattern,
            position=e.position,
            ladder_length=e.ladder_length,
            variation=e.variation,
        )
        for pattern in Pattern
        if (e := standing.get(pattern.value))
    ]
    events += [RungEvent(on=d, what="Assessment finished") for d in assessed]
    events.sort(key=lambda e: e.on)  # stable: standings first, then the day's moves

    series = []
    for pattern in Pattern:
        steps = by_pattern.get(pattern.value)
        if not steps:
            continue
        values: list[Number | None] = []
        notes: list[str] = []
        for week in weeks:
            sunday = week + timedelta(days=6)
            held = [s for s in steps if s[0] <= sunday]
            if held and held[-1][1] is not None:
                _, to, length, name = held[-1]
                values.append(to)
                notes.append(f"rung {to} of {length}: {name}" if length else name)
            else:
                values.append(None)
                notes.append("")
        series.append(
            Series(key=pattern.value, label=pattern.label, values=values, notes=notes)
        )
    return Rungs(
        chart=WeeklyChart(weeks=weeks, series=series),
        assessed=assessed,
        events=events,
    )


def _sets_by_week(client: Client, weeks: list[date]):
    """One query: per week and variation, the heaviest set, the volume, the number
    of sets and the best estimated 1RM; summed up per pattern here, over a few rows
    a week however many sets."""
    load = _load_kg()
    # Epley, from loaded sets of 1 to EPLEY_MAX_REPS reps; a single counts as it is.
    estimate = Case(
        When(reps=1, load__gt=0, then=load),
        When(
            reps__gt=1,
            reps__lte=EPLEY_MAX_REPS,
            load__gt=0,
            then=load * (Value(1.0) + Cast("reps", FloatField()) / Value(30.0)),
        ),
        default=None,
        output_field=FloatField(),
    )
    rows = (
        WorkoutSet.objects.filter(
            exercise__workout__client=client,
            exercise__workout__performed_on__range=(
                weeks[0],
                weeks[-1] + timedelta(days=6),
            ),
        )
        .annotate(week=TruncWeek("exercise__workout__performed_on"))
        .values(
            "week",
            lift=F("exercise__variation_id"),
            name=F("exercise__variation__name"),
            pattern=F("exercise__pattern"),
        )
        .annotate(
            top=Max(load),
            volume=Sum(Cast("reps", FloatField()) * load),
            sets=Count("pk"),
            e1rm=Max(estimate),
        )
        .order_by()
        .values_list("week", "lift", "name", "pattern", "top", "volume", "sets", "e1rm")
    )
    top: dict[tuple[date, str], float] = {}
    volume: dict[tuple[date, str], float] = {}
    sets: dict[tuple[date, str], int] = {}
    e1rm: dict[tuple[date, int], float] = {}
    lifts: dict[int, tuple[str, str]] = {}
    for week, lift, name, pattern, heaviest, lifted, done, estimated in rows:
        week = _as_date(week)
        key = (week, pattern)
        if heaviest:
            top[key] = max(top.get(key, 0.0), heaviest)
        if lifted:
            volume[key] = volume.get(key, 0.0) + lifted
        sets[key] = sets.get(key, 0) + done
        if estimated:
            e1rm[(week, lift)] = _kg(estimated)
            lifts[lift] = (name, pattern)
    order = [p.value for p in Pattern]
    e1rm_series = [
        Series(key=pattern, label=name, values=[e1rm.get((w, lift)) for w in weeks])
        for lift, (name, pattern) in sorted(
            lifts.items(), key=lambda i: (order.index(i[1][1]), i[1][0], i[0])
        )
    ]
    return (
        {k: _kg(v) for k, v in top.items()},
        {k: round(v) for k, v in volume.items()},
        sets,
        WeeklyChart(weeks=weeks, series=e1rm_series),
    )


def _pain(client: Client, weeks: list[date]) -> tuple[WeeklyChart, int | None]:
    """One query: per week and pattern, the most pain reported, and where, flagged
    at or above the trainer's threshold. A week logged pain-free shows 0; a week
    with nothing logged, no point."""
    rows = (
        WorkoutExercise.objects.filter(
            workout__client=client,
            workout__performed_on__range=(weeks[0], weeks[-1] + timedelta(days=6)),
            pain__isnull=False,
        )
        .annotate(week=TruncWeek("workout__performed_on"))
        .values(
            "week",
            "pattern",
            "pain_where",
            threshold=pain_threshold_of("workout__client__trainer"),
        )
        .annotate(most=Max("pain"))
        .order_by()
        .values_list("week", "pattern", "pain_where", "threshold", "most")
    )
    most: dict[tuple[date, str], int] = {}
    where: dict[tuple[date, str], list[str]] = {}
    threshold = None  # the same on every row: the client's trainer's
    for week, pattern, pain_where, trainers, worst in rows:
        threshold = trainers
        key = (_as_date(week), pattern)
        if worst > most.get(key, -1):
            most[key] = worst
            where[key] = []
        if worst == most[key] and worst and pain_where:
            where[key].append(pain_where)
    series = [
        Series(
            key=s.key,
            label=s.label,
            values=s.values,
            notes=[", ".join(sorted(where.get((w, s.key), []))) for w in weeks],
            flags=[hurts(value, threshold) for value in s.values],
        )
        for s in _per_pattern(weeks, most)
    ]
    return WeeklyChart(weeks=weeks, series=series), threshold


def progress_for_client(
    *, client: Client, weeks: int = WEEKS, today: date | None = None
) -> Progress:
    """The client's progress over the last ``weeks`` weeks, to this week included.
    Four queries, however many workouts and sets."""
    weeks = max(weeks, BALANCE_WEEKS + 1)
    week_starts = _weeks_ending(today or timezone.localdate(), weeks)
    top, volume, sets, e1rm = _sets_by_week(client, week_starts)
    pain, pain_threshold = _pain(client, week_starts)
    this_week = week_starts[-1]
    before = week_starts[-1 - BALANCE_WEEKS : -1]
    return Progress(
        weeks=week_starts,
        rungs=_rungs(client, week_starts),
        top_load=WeeklyChart(weeks=week_starts, series=_per_pattern(week_starts, top)),
        volume=WeeklyChart(
            weeks=week_starts, series=_per_pattern(week_starts, volume, default=0)
        ),
        e1rm=e1rm,
        pain=pain,
        pain_threshold=pain_threshold,
        balance=[
            BalanceRow(
                pattern=pattern,
                this_week=sets.get((this_week, pattern.value), 0),
                before=sum(sets.get((w, pattern.value), 0) for w in before),
            )
            for pattern in Pattern
        ],
        sets=sum(sets.values()),
    )
