"""The API's views: each finds its rows through the apps' selectors (so another
trainer's ids are a 404, as on the pages) and writes through their services."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.response import Response

from api import serializers as s
from clients.models import Client
from clients.selectors import client_for_user, client_get
from core.http import refusal_detail, service_call
from programming import selectors as programming
from programming.models import Program
from programming.services import assignment_progress, assignment_regress
from scheduling.selectors import (
    session_get,
    session_get_for_client,
    session_list_for_trainer,
)
from training import selectors as training
from training.services import ExerciseDone, SetDone, workout_log

NO_ASSIGNMENT = "This client has no current assignment on this pattern."
CLIENT_ID = "A client id."


def _refused(exc: ValidationError) -> BadRequest:
    """A service's refusal as a 400, shaped as DRF shapes its own (see
    ``core.http.refusal_detail``)."""
    return BadRequest(refusal_detail(exc))


def _client_filter(request) -> int | None:
    """The ``?client=`` a list is narrowed to, if any."""
    client = request.query_params.get("client", "")
    if not client:
        return None
    if not client.isdigit() or len(client) > 18:
        raise BadRequest({"client": [CLIENT_ID]})
    return int(client)


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
        with service_call() as call:
            service(
                assignment=assignment,
                changed_by=request.user,
                reason=step.validated_data["reason"],
            )
            return Response(self.get_serializer(self._assignment()).data)
        raise _refused(call.error)

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


CLIENT_PARAMETER = OpenApiParameter("client", int, description="Only this client's")


@extend_schema(parameters=[CLIENT_PARAMETER])
class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    """The trainer's sessions, soonest first."""

    serializer_class = s.SessionSerializer

    def get_queryset(self):
        return session_list_for_trainer(
            trainer=self.request.user, client_id=_client_filter(self.request)
        )

    def get_object(self):
        return session_get(trainer=self.request.user, pk=self.kwargs["pk"])


def _exercises(items: list[dict]) -> list[ExerciseDone]:
    """The exercises as sent, for ``workout_log`` to judge."""
    return [
        ExerciseDone(
            prescription=item["prescription"],
            sets=[SetDone(**one) for one in item["sets"]],
            rpe=item["rpe"],
            pain=item["pain"],
            pain_where=item["pain_where"],
            note=item["note"],
        )
        for item in items
    ]


def _log(request, *, client, data: dict, any_program: bool, session=None):
    day = training.day_for_logging(
        client=client, pk=data["day"], any_program=any_program
    )
    with service_call() as call:
        workout, created = workout_log(
            client=client,
            day=day,
            performed_on=data["performed_on"],
            exercises=_exercises(data["exercises"]),
            uid=data["uid"],
            logged_by=request.user,
            session=session,
            notes=data["notes"],
        )
        if not created:  # as stored, which may differ from what was sent again
            workout = training.workout_get(client=client, pk=workout.pk)
        return Response(
            s.WorkoutSerializer(workout).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
    raise _refused(call.error)


@extend_schema(parameters=[CLIENT_PARAMETER])
class WorkoutViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Workouts of the trainer's clients, and logging one for a client (as during a
    session). Idempotent by ``uid``: 201 when stored, 200 when it already was."""

    serializer_class = s.WorkoutSerializer

    def get_queryset(self):
        return training.workout_list_for_trainer(
            trainer=self.request.user, client_id=_client_filter(self.request)
        )

    def get_object(self):
        return training.workout_get_for_trainer(
            trainer=self.request.user, pk=self.kwargs["pk"]
        )

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
            session = session_get_for_client(client=client, pk=values["session"])
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
        return training.workout_list_with_exercises(client=client)

    def get_object(self):
        client = client_for_user(user=self.request.user)
        return training.workout_get(client=client, pk=self.kwargs["pk"])

    @extend_schema(request=s.WorkoutInputSerializer, responses=s.WorkoutSerializer)
    def create(self, request):
        data = s.WorkoutInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        client = client_for_user(user=request.user)
        return _log(request, client=client, data=data.validated_data, any_program=False)
