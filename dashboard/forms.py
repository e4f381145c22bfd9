"""The dashboard's filters: a GET form, so that every view of the list is a URL."""

from django import forms

from programming.models import Ladder, Pattern

IDLE_DAYS_MAX = 365
FILTERS = ["search", "needs_attention", "no_program", "idle_days", "pattern", "tag"]
NOT_ASSIGNED = "none"


SORTS = [
    ("name", "Name"),
    ("attention", "Needs attention"),
    ("idle", "Idle longest"),
    ("recent", "Trained latest"),
    ("newest", "Newest clients"),
]


class TagField(forms.ChoiceField):
    """One of the trainer's tags, whatever its case: a link from a client's row
    names their tag as they spelled it."""

    def valid_value(self, value) -> bool:
        return any(str(k).casefold() == str(value).casefold() for k, _ in self.choices)


def ladder_rungs(ladders: dict[str, Ladder]) -> dict[str, list[tuple[int, str]]]:
    """Each pattern's rungs, by position and variation name, on the ladder the
    trainer's clients move on (``ladders_with_rungs``): plain data, to keep."""
    return {
        pattern: [(rung.position, rung.variation.name) for rung in ladder.rungs.all()]
        for pattern, ladder in ladders.items()
    }


def rung_choices(rungs: dict[str, list[tuple[int, str]]]) -> list:
    """The rungs to filter on (``ladder_rungs``), grouped by pattern in the coach's
    order, each pattern's with "not assigned"."""
    groups = []
    for pattern in Pattern:
        choices = [
            (
                f"{pattern.value}-{position}",
                f"{pattern.label} {position} · {name}",
            )
            for position, name in rungs.get(pattern.value, [])
        ]
        choices.append(
            (f"{pattern.value}-{NOT_ASSIGNED}", f"{pattern.label} · not assigned")
        )
        groups.append((pattern.label, choices))
    return [("", "Any rung"), *groups]


class ClientFilterForm(forms.Form):
    """Search, filters and sort of the trainer's client list. A value that does not
    clean is left out of the filters and said on the form."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Name or email"}
        ),
    )
    attention = forms.BooleanField(label="Needs attention", required=False)
    no_program = forms.BooleanField(label="No active program", required=False)
    idle = forms.IntegerField(
        label="No workout in",
        required=False,
        min_value=1,
        max_value=IDLE_DAYS_MAX,
        widget=forms.NumberInput(attrs={"placeholder": "days", "inputmode": "numeric"}),
    )
    rung = forms.ChoiceField(label="Rung", required=False)
    tag = TagField(label="Tag", required=False)
    sort = forms.ChoiceField(label="Sort", required=False, choices=SORTS)

    def __init__(
        self,
        *args,
        rungs: dict[str, list[tuple[int, str]]],
        tags: list[str],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["rung"].choices = rung_choices(rungs)
        self.fields["tag"].choices = [("", "Any tag"), *((t, t) for t in tags)]
        for name, field in self.fields.items():
            css = {
                forms.BooleanField: "form-check-input",
                forms.ChoiceField: "form-select form-select-sm",
            }
            kind = next((c for c in css if isinstance(field, c)), None)
            field.widget.attrs["class"] = css.get(kind, "form-control form-control-sm")
            if name in self.errors:
                field.widget.attrs["class"] += " is-invalid"

    def filters(self) -> dict:
        """The filters that cleaned, as ``client_list_for_dashboard`` takes them."""
        self.is_valid()
        data = self.cleaned_data
        rung = data.get("rung") or ""
        pattern, _, position = rung.partition("-")
        return {
            "search": data.get("q") or "",
            "needs_attention": bool(data.get("attention")),
            "no_program": bool(data.get("no_program")),
            "idle_days": data.get("idle"),
            "pattern": pattern,
            "position": None if position in ("", NOT_ASSIGNED) else int(position),
            "tag": data.get("tag") or "",
            "sort": data.get("sort") or "name",
        }

    @property
    def is_filtered(self) -> bool:
        """Whether the list is narrowed by a search or a filter."""
        filters = self.filters()
        return any(filters[name] for name in FILTERS)
