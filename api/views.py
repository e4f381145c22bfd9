"""The API's views: each finds its rows through the apps' selectors (so another
trainer's ids are a 404, as on the pages) and writes through their services."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.response import Response

from api import serializers as s
from clients.models import Client
from clients.selectors import client_for_user, client_get
from programming import selectors as programming
from programming.models import Program
from programming.services import assignment_progress, assignment_regress
from scheduling.models import Session
from scheduling.selectors import session_get
from training import selectors as training
from training.models import Workout, WorkoutExercise
from training.services import NOT_THIS_DAY, ExerciseDone, SetDone, workout_log

NO_ASSIGNMENT = "This client has no current assignment on this pattern."


def _refused(exc: ValidationError) -> BadRequest:
    """A service's refusal as a 400, with its messages per field."""
    if hasattr(exc, "error_dict"):
        return BadRequest(exc.message_dict)
    return BadRequest({"non_field_errors": exc.messages})


class ClientViewSet(viewsets.ReadOnlyModelViewSet):
    """The trainer's clients."""

    serializer_class = s.ClientSerializer

    def get_queryset(self):
        return Client.objects.for_trainer(self.request.user).order_by("pk")

    def get_object(self):
        return client_get(trainer=self.request.user, pk=self.kwargs["pk"])


class AssignmentViewSet(viewsets.GenericViewSet):
    """A client's current assignments, one per pattern, and the moves up and down
    the ladder."""

    serializer_class = s.AssignmentSerializer
    pagination_class = None

    def _client(self):
        return client_get(trainer=self.request.user, pk=self.kwargs["client_pk"])

    def _assignment(self):
        pattern = programming.pattern_from_slug(self.kwargs["pattern"])
        assignment = programming.assignment_get_current(
            client=self._client(), pattern=pattern
        )
        if assignment is None:
            raise NotFound(NO_ASSIGNMENT)
        return assignment

    def list(self, request, client_pk: int):
        assignments = programming.assignment_list_for_client(client=self._client())
        return Response(self.get_serializer(assignments, many=True).data)

    def retrieve(self, request, client_pk: int, pattern: str):
        return Response(self.get_serializer(self._assignment()).data)

    def _step(self, request, service):
        assignment = self._assignment()
        step = s.StepSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        try:
            service(
                assignment=assignment,
                changed_by=request.user,
                reason=step.validated_data["reason"],
            )
        except ValidationError as exc:
            raise _refused(exc) from exc
        return Response(self.get_serializer(self._assignment()).data)

    @extend_schema(request=s.StepSerializer, responses=s.AssignmentSerializer)
    def progress(self, request, client_pk: int, pattern: str):
        """Move the client one rung up the ladder; refused on the top rung."""
        return self._step(request, assignment_progress)

    @extend_schema(request=s.StepSerializer, responses=s.AssignmentSerializer)
    def regress(self, request, client_pk: int, pattern: str):
        """Move the client one rung down the ladder; refused on the first rung."""
        return self._step(request, assignment_regress)


class ProgramViewSet(viewsets.ReadOnlyModelViewSet):
    """The trainer's programs: their clients' and their templates (no client)."""

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.ProgramDetailSerializer
        return s.ProgramSerializer

    def get_queryset(self):
        return Program.objects.for_trainer(self.request.user).order_by("pk")

    def get_object(self):
        return programming.program_get(trainer=self.request.user, pk=self.kwargs["pk"])


@extend_schema(
    parameters=[OpenApiParameter("client", int, description="Only this client's")]
)
class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    """The trainer's sessions, soonest first."""

    serializer_class = s.SessionSerializer

    def get_queryset(self):
        sessions = Session.objects.for_trainer(self.request.user).order_by(
            "starts_at", "pk"
        )
        client = self.request.query_params.get("client", "")
        if client:
            if not client.isdigit():
                raise BadRequest({"client": ["A client id."]})
            sessions = sessions.filter(client_id=int(client))
        return sessions

    def get_object(self):
        return session_get(trainer=self.request.user, pk=self.kwargs["pk"])


def _with_exercises(workouts):
    return workouts.prefetch_related(
        Prefetch(
            "exercises",
            queryset=WorkoutExercise.objects.select_related(
                "variation"
            ).prefetch_related("sets"),
        )
    ).order_by("-performed_on", "-pk")


def _exercises(day, items: list[dict]) -> list[ExerciseDone]:
    """The exercises sent, each on one of the day's prescriptions."""
    prescriptions = {p.pk: p for p in day.prescriptions.all()}
    done = []
    for item in items:
        prescription = prescriptions.get(item["prescription"])
        if prescription is None:
            raise BadRequest({"exercises": [NOT_THIS_DAY.format(day=day.name)]})
        done.append(
            ExerciseDone(
                prescription=prescription,
                sets=[SetDone(**one) for one in item["sets"]],
                rpe=item.get("rpe"),
                pain=item.get("pain"),
                pain_where=item["pain_where"],
                note=item["note"],
            )
        )
    return done


def _log(request, *, client, data: dict, any_program: bool, session=None):
    day = training.day_for_logging(
        client=client, pk=data["day"], any_program=any_program
    )
    try:
        workout, created = workout_log(
            client=client,
            day=day,
            performed_on=data["performed_on"],
            exercises=_exercises(day, data["exercises"]),
            uid=data["uid"],
            logged_by=request.user,
            session=session,
            notes=data["notes"],
        )
    except ValidationError as exc:
        raise _refused(exc) from exc
    workout = _with_exercises(Workout.objects.filter(pk=workout.pk)).get()
    return Response(
        s.WorkoutSerializer(workout).data,
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


class WorkoutViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Workouts of the trainer's clients, and logging one for a client (as during a
    session). Idempotent by ``uid``: 201 when stored, 200 when it already was."""

    serializer_class = s.WorkoutSerializer

    def get_queryset(self):
        workouts = _with_exercises(Workout.objects.for_trainer(self.request.user))
        client = self.request.query_params.get("client", "")
        if client.isdigit():
            workouts = workouts.filter(client_id=int(client))
        return workouts

    @extend_schema(
        request=s.TrainerWorkoutInputSerializer, responses=s.WorkoutSerializer
    )
    def create(self, request):
        data = s.TrainerWorkoutInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        client = client_get(trainer=request.user, pk=values["client"])
        session = None
        if values.get("session"):
            session = get_object_or_404(
                Session.objects.filter(client=client).exclude(
                    status=Session.Status.CANCELLED
                ),
                pk=values["session"],
            )
        return _log(
            request, client=client, data=values, any_program=True, session=session
        )


class MyWorkoutViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The calling client's own workouts, and logging one of their active program's
    days: what the phone sends, even after a time offline. Idempotent by ``uid``:
    201 when stored, 200 when it already was."""

    serializer_class = s.WorkoutSerializer

    def get_queryset(self):
        client = client_for_user(user=self.request.user)
        return _with_exercises(Workout.objects.filter(client=client))

    def get_object(self):
        client = client_for_user(user=self.request.user)
        return training.workout_get(client=client, pk=self.kwargs["pk"])

    @extend_schema(request=s.WorkoutInputSerializer, responses=s.WorkoutSerializer)
    def create(self, request):
        data = s.WorkoutInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        client = client_for_user(user=request.user)
        return _log(request, client=client, data=data.validated_data, any_program=False)
