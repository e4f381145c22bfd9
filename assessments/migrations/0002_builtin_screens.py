"""The built-in movement screens: the coach's hinge screen, a short screen for each of
the other five patterns, and a full screen with every test.

Each test has a ``key``: the name the recommendation rules (``assessments.rules``) read
its result by. The data lives here, not in the models' code, so this migration gives
the same result whenever it runs. Built-in rows have no owner; trainers copy a
protocol to change it.
"""

from django.db import migrations

SCORE_GUIDE = "Score 3 when it looks good, 2 with minor faults, 1 with major faults, 0 when the client cannot do it."
PAIN_GUIDE = "Ask while they move: 0 is no pain at all, 10 the worst imaginable. Any pain is recorded."

# key -> (name, pattern, kind, unit, min, max, options, instructions)
TESTS = {
    "training_age": (
        "Training age",
        "general",
        "choice",
        "",
        None,
        None,
        [
            ["none", "Never trained with weights"],
            ["under_1", "Less than a year"],
            ["1_3", "One to three years"],
            ["over_3", "More than three years"],
        ],
        "How long has the client trained with weights, regularly?",
    ),
    "goal": (
        "Goal",
        "general",
        "choice",
        "",
        None,
        None,
        [
            ["strength", "Strength"],
            ["power", "Power"],
            ["muscle", "Muscle"],
            ["everyday", "Everyday life"],
        ],
        "What the client trains for, in their own words. Not everyone should end at the floor deadlift: the goal decides the destination.",
    ),
    "overhead_reach": (
        "Overhead reach",
        "general",
        "pass_fail",
        "",
        None,
        None,
        [],
        "Back and head against a wall, feet a step away, ribs down. Raise straight arms overhead. Pass when the thumbs touch the wall without the ribs flaring or the low back arching.",
    ),
    "hinge_dowel": (
        "Dowel-rod hinge: three points of contact",
        "hinge",
        "choice",
        "",
        None,
        None,
        [
            ["kept", "Kept all three points"],
            ["head", "Lost contact at the head"],
            ["upper_back", "Lost contact at the upper back"],
            ["tailbone", "Lost contact at the tailbone"],
        ],
        "A dowel rod along the spine, touching the back of the head, the upper back and the tailbone. Start standing tall; butt back, chest up, knees out. Which point, if any, lost contact?",
    ),
    "toe_touch": (
        "Toe touch",
        "hinge",
        "number",
        "cm",
        0,
        100,
        [],
        "Feet together, knees straight, reach down slowly. Measure from the fingertips to the floor: 0 when they touch it.",
    ),
    "aslr": (
        "Active straight-leg raise",
        "hinge",
        "number",
        "deg",
        0,
        120,
        [],
        "Lying on the back, the other leg flat on the floor: raise one straight leg as high as it goes. Record the angle from the floor, on the lower side.",
    ),
    "hinge_quality": (
        "Hinge pattern quality",
        "hinge",
        "quality",
        "",
        None,
        None,
        [],
        "Hands on the hips, hinge to a wall behind: butt back, chest up, knees out. "
        + SCORE_GUIDE,
    ),
    "hinge_pain": (
        "Pain while hinging",
        "hinge",
        "pain",
        "",
        None,
        None,
        [],
        PAIN_GUIDE,
    ),
    "back_injury": (
        "History of back injury",
        "hinge",
        "choice",
        "",
        None,
        None,
        [
            ["none", "None"],
            ["past", "More than a year ago"],
            ["recent", "Within the last year"],
        ],
        "Any injury to the back, and when. A recent one is addressed before loading.",
    ),
    "squat_quality": (
        "Bodyweight squat quality",
        "squat",
        "quality",
        "",
        None,
        None,
        [],
        "Squat to a box at knee height, arms in front: chest up, knees out, heels down. "
        + SCORE_GUIDE,
    ),
    "knee_to_wall": (
        "Knee-to-wall ankle test",
        "squat",
        "number",
        "cm",
        0,
        25,
        [],
        "Half-kneeling facing a wall, heel down: push the front knee to the wall. Record the greatest distance from the big toe to the wall, on the stiffer side.",
    ),
    "squat_pain": (
        "Pain while squatting",
        "squat",
        "pain",
        "",
        None,
        None,
        [],
        PAIN_GUIDE,
    ),
    "pushup_reps": (
        "Push-ups with good form",
        "push",
        "number",
        "reps",
        0,
        100,
        [],
        "From the floor, body in one straight line, chest to a fist's height. Count the reps until the form breaks.",
    ),
    "push_pain": (
        "Pain while pressing",
        "push",
        "pain",
        "",
        None,
        None,
        [],
        PAIN_GUIDE,
    ),
    "row_quality": (
        "Suspension row quality",
        "pull",
        "quality",
        "",
        None,
        None,
        [],
        "Rings or straps, body at 45 degrees: pull the elbows to the ribs with the body in one line. "
        + SCORE_GUIDE,
    ),
    "dead_hang": (
        "Dead hang",
        "pull",
        "number",
        "s",
        0,
        300,
        [],
        "Hang from a bar, arms straight, shoulders down. Time it until the grip gives.",
    ),
    "pull_pain": (
        "Pain while pulling",
        "pull",
        "pain",
        "",
        None,
        None,
        [],
        PAIN_GUIDE,
    ),
    "split_squat_quality": (
        "Split squat quality",
        "lunge",
        "quality",
        "",
        None,
        None,
        [],
        "Feet hip-width apart like on train tracks, back knee straight down toward the floor. "
        + SCORE_GUIDE,
    ),
    "balance": (
        "Single-leg balance",
        "lunge",
        "number",
        "s",
        0,
        120,
        [],
        "Eyes open, hands on the hips, one foot lifted. Time it on the weaker side, up to two minutes.",
    ),
    "knee_injury": (
        "Knee injury or surgery in the last year",
        "lunge",
        "yes_no",
        "",
        None,
        None,
        [],
        "Any injury or operation on either knee in the past twelve months.",
    ),
    "lunge_pain": (
        "Pain while lunging",
        "lunge",
        "pain",
        "",
        None,
        None,
        [],
        PAIN_GUIDE,
    ),
    "carry_quality": (
        "Carry posture",
        "carry",
        "quality",
        "",
        None,
        None,
        [],
        "A goblet carry for 20 metres with a light bell: standing tall, ribs down, short steady steps. "
        + SCORE_GUIDE,
    ),
    "carry_pain": (
        "Pain while carrying",
        "carry",
        "pain",
        "",
        None,
        None,
        [],
        PAIN_GUIDE,
    ),
}

HINGE = [
    "hinge_dowel",
    "toe_touch",
    "aslr",
    "hinge_quality",
    "hinge_pain",
    "back_injury",
]
SQUAT = ["squat_quality", "knee_to_wall", "squat_pain"]
PUSH = ["pushup_reps", "overhead_reach", "push_pain"]
PULL = ["row_quality", "dead_hang", "pull_pain"]
LUNGE = ["split_squat_quality", "balance", "knee_injury", "lunge_pain"]
CARRY = ["carry_quality", "overhead_reach", "carry_pain"]

# name -> (description, [test keys, in order])
PROTOCOLS = {
    "Hinge screen": (
        "The coach's screen for the hip hinge: the history and goal first, then the "
        "dowel rod, mobility and the pattern itself. Decides where the client starts "
        "on the hinge ladder.",
        ["training_age", "goal", *HINGE],
    ),
    "Squat screen": (
        "A short screen for the squat: the pattern to a box, ankle mobility and pain.",
        ["training_age", *SQUAT],
    ),
    "Push screen": (
        "A short screen for pushing: push-ups, reaching overhead and pain.",
        ["training_age", *PUSH],
    ),
    "Pull screen": (
        "A short screen for pulling: a row, a dead hang and pain.",
        ["training_age", *PULL],
    ),
    "Lunge screen": (
        "A short screen for the lunge: the split squat, balance, the knees and pain.",
        ["training_age", *LUNGE],
    ),
    "Carry screen": (
        "A short screen for carries: posture under a load, reaching overhead and pain.",
        ["training_age", *CARRY],
    ),
    "Full movement screen": (
        "Every test, for a new client's first assessment: a starting rung on all six "
        "patterns in one sitting.",
        list(
            dict.fromkeys(
                ["training_age", "goal", *HINGE, *SQUAT, *PUSH, *PULL, *LUNGE, *CARRY]
            )
        ),
    ),
}


def create_screens(apps, schema_editor):
    ScreenTest = apps.get_model("assessments", "ScreenTest")
    Protocol = apps.get_model("assessments", "Protocol")
    ProtocolTest = apps.get_model("assessments", "ProtocolTest")
    tests = {}
    for key, (
        name,
        pattern,
        kind,
        unit,
        low,
        high,
        options,
        instructions,
    ) in TESTS.items():
        tests[key], _ = ScreenTest.objects.update_or_create(
            owner=None,
            key=key,
            defaults={
                "name": name,
                "pattern": pattern,
                "kind": kind,
                "unit": unit,
                "min_value": low,
                "max_value": high,
                "options": options,
                "instructions": instructions,
            },
        )
    for name, (description, keys) in PROTOCOLS.items():
        protocol, _ = Protocol.objects.update_or_create(
            owner=None, name=name, defaults={"description": description}
        )
        ProtocolTest.objects.filter(protocol=protocol).delete()
        ProtocolTest.objects.bulk_create(
            ProtocolTest(protocol=protocol, test=tests[key], position=position)
            for position, key in enumerate(keys, start=1)
        )


def delete_screens(apps, schema_editor):
    Protocol = apps.get_model("assessments", "Protocol")
    ScreenTest = apps.get_model("assessments", "ScreenTest")
    Protocol.objects.filter(owner=None).delete()
    ScreenTest.objects.filter(owner=None).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(create_screens, delete_screens)]
