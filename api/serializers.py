"""What the API reads and writes. Output serializers show rows that the views found
through the apps' selectors; input serializers only check shapes (types), and the
apps' services decide the rest, as they do for the pages."""

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
from training.models import Workout, WorkoutExercise, WorkoutSet


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
        required=False,
        default="",
        allow_blank=True,
        help_text="Kept in the history; the service says when it is too long.",
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
    """One set: the amount in the exercise's measure (reps, seconds or metres, as
    prescribed), and the load, in the prescription's unit."""

    reps = serializers.IntegerField(required=False, allow_null=True)
    seconds = serializers.IntegerField(required=False, allow_null=True)
    distance_m = serializers.IntegerField(required=False, allow_null=True)
    load = serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, allow_null=True
    )
    load_unit = serializers.ChoiceField(
        choices=LoadUnit.choices,
        required=False,
        allow_null=True,
        help_text="The prescription's unit when left out; another is refused.",
    )


class ExerciseInputSerializer(serializers.Serializer):
    prescription = serializers.IntegerField(
        help_text="An exercise of the day being logged, each at most once."
    )
    sets = SetInputSerializer(
        many=True, help_text="The sets done: at most as many as prescribed."
    )
    rpe = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="1 to 10."
    )
    pain = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="0 to 10."
    )
    pain_where = serializers.CharField(required=False, default="", allow_blank=True)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class WorkoutInputSerializer(serializers.Serializer):
    """A workout as the phone sends it: ``uid`` is made on the phone, so that sending
    it twice stores it once. Shapes only: what a workout may say is decided by the
    same service as the log form's (a refusal is a 400 naming the field)."""

    uid = serializers.UUIDField()
    day = serializers.IntegerField(help_text="A training day of the client's program.")
    performed_on = serializers.DateField()
    notes = serializers.CharField(required=False, default="", allow_blank=True)
    exercises = ExerciseInputSerializer(many=True)


class TrainerWorkoutInputSerializer(WorkoutInputSerializer):
    client = serializers.IntegerField()
    session = serializers.IntegerField(required=False, allow_null=True)
