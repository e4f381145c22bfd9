"""What the API reads and writes. Output serializers show rows that the views found
through the apps' selectors; input serializers only check shapes and ranges, and the
apps' services decide the rest."""

from decimal import Decimal

from rest_framework import serializers

from clients.models import Client
from programming.models import (
    Assignment,
    LoadUnit,
    Prescription,
    Program,
    TrainingDay,
    Variation,
)
from scheduling.models import Session
from training.models import (
    MAX_DISTANCE_M,
    MAX_LOAD,
    MAX_REPS,
    MAX_SECONDS,
    Workout,
    WorkoutExercise,
    WorkoutSet,
)

SET_NEEDS_AMOUNT = "Give the reps, seconds or metres of each set."
LOAD_TOO_HEAVY = "At most {limit} {unit}."
MAX_EXERCISES = 50
MAX_SETS = 50


class VariationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Variation
        fields = ["id", "name", "pattern"]


class ClientSerializer(serializers.ModelSerializer):
    has_login = serializers.SerializerMethodField()

    class Meta:
        model = Client
        fields = [
            "id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "notes",
            "is_active",
            "reminders",
            "has_login",
            "created_at",
            "updated_at",
        ]

    def get_has_login(self, client: Client) -> bool:
        return client.user_id is not None


PRESCRIPTION_FIELDS = [
    "sets",
    "reps",
    "seconds",
    "distance_m",
    "load",
    "load_unit",
    "tempo",
    "rest_seconds",
    "notes",
]


class AssignmentSerializer(serializers.ModelSerializer):
    variation = VariationBriefSerializer()
    ladder = serializers.CharField(source="ladder.name")
    rung = serializers.IntegerField(source="rung_position", allow_null=True)
    rungs = serializers.IntegerField(source="ladder_length", allow_null=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "client",
            "pattern",
            "variation",
            "ladder",
            "rung",
            "rungs",
            *PRESCRIPTION_FIELDS,
            "updated_at",
        ]


class StepSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=500, required=False, default="", allow_blank=True
    )


class PrescriptionSerializer(serializers.ModelSerializer):
    variation = VariationBriefSerializer()

    class Meta:
        model = Prescription
        fields = ["id", "position", "variation", "follows_ladder", *PRESCRIPTION_FIELDS]


class TrainingDaySerializer(serializers.ModelSerializer):
    prescriptions = PrescriptionSerializer(many=True)

    class Meta:
        model = TrainingDay
        fields = ["id", "position", "name", "notes", "prescriptions"]


class ProgramSerializer(serializers.ModelSerializer):
    class Meta:
        model = Program
        fields = [
            "id",
            "client",
            "name",
            "notes",
            "ends_on",
            "is_active",
            "created_at",
            "updated_at",
        ]


class ProgramDetailSerializer(ProgramSerializer):
    days = TrainingDaySerializer(many=True)

    class Meta(ProgramSerializer.Meta):
        fields = [*ProgramSerializer.Meta.fields, "days"]


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = [
            "id",
            "client",
            "starts_at",
            "ends_at",
            "time_zone",
            "location",
            "video_url",
            "focus",
            "notes",
            "status",
            "attendance",
            "series",
        ]


class WorkoutSetSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkoutSet
        fields = ["position", "reps", "seconds", "distance_m", "load", "load_unit"]


class WorkoutExerciseSerializer(serializers.ModelSerializer):
    variation = VariationBriefSerializer()
    sets = WorkoutSetSerializer(many=True)

    class Meta:
        model = WorkoutExercise
        fields = [
            "position",
            "prescription",
            "variation",
            "pattern",
            "target",
            "rpe",
            "pain",
            "pain_where",
            "note",
            "sets",
        ]


class WorkoutSerializer(serializers.ModelSerializer):
    exercises = WorkoutExerciseSerializer(many=True)

    class Meta:
        model = Workout
        fields = [
            "id",
            "uid",
            "client",
            "day",
            "day_name",
            "session",
            "performed_on",
            "notes",
            "exercises",
            "created_at",
        ]


class SetInputSerializer(serializers.Serializer):
    reps = serializers.IntegerField(
        min_value=0, max_value=MAX_REPS, required=False, allow_null=True
    )
    seconds = serializers.IntegerField(
        min_value=0, max_value=MAX_SECONDS, required=False, allow_null=True
    )
    distance_m = serializers.IntegerField(
        min_value=0, max_value=MAX_DISTANCE_M, required=False, allow_null=True
    )
    load = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        min_value=Decimal(0),
        required=False,
        allow_null=True,
    )
    load_unit = serializers.ChoiceField(choices=LoadUnit.choices, default=LoadUnit.KG)

    def validate(self, data):
        if all(data.get(m) is None for m in ("reps", "seconds", "distance_m")):
            raise serializers.ValidationError(SET_NEEDS_AMOUNT)
        limit = MAX_LOAD[data["load_unit"]]
        if data.get("load") is not None and data["load"] > limit:
            raise serializers.ValidationError(
                {"load": LOAD_TOO_HEAVY.format(limit=limit, unit=data["load_unit"])}
            )
        return data


class ExerciseInputSerializer(serializers.Serializer):
    prescription = serializers.IntegerField(
        help_text="An exercise of the day being logged."
    )
    sets = SetInputSerializer(many=True, max_length=MAX_SETS)
    rpe = serializers.IntegerField(
        min_value=1, max_value=10, required=False, allow_null=True
    )
    pain = serializers.IntegerField(
        min_value=0, max_value=10, required=False, allow_null=True
    )
    pain_where = serializers.CharField(
        max_length=100, required=False, default="", allow_blank=True
    )
    note = serializers.CharField(
        max_length=500, required=False, default="", allow_blank=True
    )


class WorkoutInputSerializer(serializers.Serializer):
    """A workout as the phone sends it: ``uid`` is made on the phone, so that sending
    it twice stores it once."""

    uid = serializers.UUIDField()
    day = serializers.IntegerField(help_text="A training day of the client's program.")
    performed_on = serializers.DateField()
    notes = serializers.CharField(
        max_length=2000, required=False, default="", allow_blank=True
    )
    exercises = ExerciseInputSerializer(many=True, max_length=MAX_EXERCISES)


class TrainerWorkoutInputSerializer(WorkoutInputSerializer):
    client = serializers.IntegerField()
    session = serializers.IntegerField(required=False, allow_null=True)
