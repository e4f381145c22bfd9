"""The built-in movement library: the coach's variations and one ladder per pattern.

The hinge ladder is the coach's, in the coach's order and words. The other five are
written in the same spirit: from the easiest, best-taught version up to the advanced
one. The data lives here, not in the models' code, so this migration gives the same
result whenever it runs. Built-in rows have no owner; trainers copy them to edit.
"""

from django.db import migrations

STANDING_TALL = "Start standing tall"
BUTT_BACK = "Butt back: send the hips back as if to touch a wall behind you"
CHEST_UP = "Chest up, and shoot the hips back as you hinge"
KNEES_OUT = "Knees out: grip the floor and spread it apart with your feet"
TOP_DOWN = [STANDING_TALL, BUTT_BACK, CHEST_UP, KNEES_OUT]

# pattern -> (ladder name, ladder description, [variations, easiest first])
# A variation: (name, equipment, from the floor, cues, description)
LIBRARY = {
    "hinge": (
        "Hip hinge",
        "Taught from the top down, not from the floor up. Not everyone should end at "
        "the floor deadlift: the right rung is the one a client can do pain-free for "
        "their goal.",
        [
            (
                "Hinge with a dowel rod, to a wall or to a foam roller",
                "Dowel rod; a wall or a foam roller",
                False,
                [
                    STANDING_TALL,
                    "Butt back: reach back for the wall or the foam roller",
                    CHEST_UP,
                    KNEES_OUT,
                    "Dowel touches the back of the head, the upper back and the tailbone",
                ],
                "The first rung for everyone. Stand a foot in front of a wall (or a "
                "foam roller) with a dowel rod along the spine, then hinge until the "
                "hips touch the target. Learn the movement here before any load.",
            ),
            (
                "Kettlebell / dumbbell Romanian deadlift (RDL)",
                "Kettlebell or dumbbells",
                False,
                [
                    *TOP_DOWN,
                    "Weight stays close: slide it down the thighs",
                    "Stop when the hips stop going back, then stand tall",
                ],
                "Starts standing with the weight in the hands and hinges down the "
                "thighs: the same movement as the dowel rod, now with a load.",
            ),
            (
                "Kettlebell / dumbbell elevated deadlift",
                "Kettlebell or dumbbells; blocks or a step",
                False,
                [
                    STANDING_TALL,
                    BUTT_BACK,
                    CHEST_UP,
                    KNEES_OUT,
                    "Push the floor away and stand tall, squeezing the glutes",
                ],
                "The weight starts on blocks or a step, so the pull begins above the "
                "floor. Set up by hinging down to it from standing.",
            ),
            (
                "Barbell RDL",
                "Barbell; a rack to take it from",
                False,
                [
                    *TOP_DOWN,
                    "Bar stays in contact with the legs",
                    "Shoulders down: squeeze the bar into your pockets",
                ],
                "The Romanian deadlift with a barbell, taken from a rack so it starts "
                "standing. Lower to just below the knees or as far as the hips go back.",
            ),
            (
                "Kettlebell / dumbbell deadlift from the floor",
                "Kettlebell or dumbbells",
                True,
                [
                    STANDING_TALL,
                    BUTT_BACK,
                    CHEST_UP,
                    KNEES_OUT,
                    "Push the floor away and stand tall",
                ],
                "The first rung loaded from the floor. Stand over the bell, hinge "
                "down to it, and stand up with it.",
            ),
            (
                "Elevated trap bar deadlift from blocks",
                "Trap bar; blocks",
                False,
                [
                    BUTT_BACK,
                    CHEST_UP,
                    KNEES_OUT,
                    "Handles in line with the middle of the foot",
                    "Push the floor away and stand tall",
                ],
                "The trap bar keeps the load centred; starting from blocks shortens "
                "the pull.",
            ),
            (
                "Elevated sumo deadlift from blocks or a rack",
                "Barbell; blocks or a rack",
                False,
                [
                    BUTT_BACK,
                    CHEST_UP,
                    "Knees out: push them out over the toes and spread the floor",
                    "Wide stance, toes turned out, hands inside the knees",
                    "Push the floor away and stand tall",
                ],
                "A wide stance with the bar starting above the floor: an upright "
                "torso and a shorter pull.",
            ),
            (
                "Barbell rack pull (several heights)",
                "Barbell; a rack with pins or blocks",
                False,
                [
                    BUTT_BACK,
                    CHEST_UP,
                    KNEES_OUT,
                    "Take the slack out of the bar before it leaves the pins",
                    "Lower the pins one step at a time as the position holds",
                ],
                "A straight bar pulled from pins. Start high (above the knee) and "
                "lower the pins over the weeks.",
            ),
            (
                "Trap bar deadlift from the ground",
                "Trap bar",
                True,
                [
                    BUTT_BACK,
                    CHEST_UP,
                    KNEES_OUT,
                    "Handles in line with the middle of the foot",
                    "Push the floor away and stand tall",
                ],
                "The full trap bar deadlift from the floor.",
            ),
            (
                "Sumo deadlift from the ground",
                "Barbell",
                True,
                [
                    BUTT_BACK,
                    CHEST_UP,
                    "Knees out: push them out over the toes and spread the floor",
                    "Wide stance, toes turned out, hands inside the knees",
                    "Push the floor away and stand tall",
                ],
                "The full sumo deadlift from the floor.",
            ),
            (
                "Straight bar deadlift from the ground",
                "Barbell",
                True,
                [
                    BUTT_BACK,
                    CHEST_UP,
                    KNEES_OUT,
                    "Bar over the middle of the foot, shins to the bar",
                    "Take the slack out, then push the floor away",
                ],
                "The conventional deadlift from the floor: the top of the ladder, and "
                "not a goal for everyone.",
            ),
        ],
    ),
    "squat": (
        "Squat",
        "From sitting to a box with no load up to the barbell squats. Move up once "
        "the depth and the position hold for every rep.",
        [
            (
                "Bodyweight box squat",
                "A box or a bench",
                False,
                [
                    STANDING_TALL,
                    "Sit back to the box: reach for it with your butt",
                    "Chest up",
                    "Knees out: spread the floor with your feet",
                    "Stand up through the whole foot",
                ],
                "Sit down to a box and stand up again, no load. The box teaches depth "
                "and gives confidence.",
            ),
            (
                "Counterbalance squat",
                "A light plate or kettlebell held out in front",
                False,
                [
                    STANDING_TALL,
                    "Reach the weight forward as you sit down",
                    "Chest up",
                    "Knees out: spread the floor with your feet",
                ],
                "A light weight held at arm's length lets the hips sit back and down "
                "without falling backwards.",
            ),
            (
                "Goblet squat to a box",
                "Kettlebell or dumbbell; a box",
                False,
                [
                    STANDING_TALL,
                    "Hold the bell at the chest, elbows down",
                    "Sit back to the box",
                    "Chest up",
                    "Knees out: spread the floor with your feet",
                ],
                "The goblet squat with the box still there as a depth target.",
            ),
            (
                "Goblet squat",
                "Kettlebell or dumbbell",
                False,
                [
                    STANDING_TALL,
                    "Hold the bell at the chest, elbows down",
                    "Sit between your heels",
                    "Chest up",
                    "Knees out: spread the floor with your feet",
                ],
                "The bell at the chest keeps the torso upright; go as deep as the "
                "position holds.",
            ),
            (
                "Double kettlebell front squat",
                "Two kettlebells",
                False,
                [
                    STANDING_TALL,
                    "Bells in the rack: wrists straight, elbows in",
                    "Sit between your heels",
                    "Chest up",
                    "Knees out: spread the floor with your feet",
                ],
                "Two bells in the front rack: more load, same upright squat.",
            ),
            (
                "Barbell box squat",
                "Barbell, a rack and a box",
                False,
                [
                    "Walk the bar out and start standing tall",
                    "Big breath, brace",
                    "Sit back to the box, stay tight on it",
                    "Knees out: spread the floor with your feet",
                ],
                "The first barbell squat, with the box as the depth target.",
            ),
            (
                "Safety squat bar squat",
                "Safety squat bar and a rack",
                False,
                [
                    "Walk the bar out and start standing tall",
                    "Big breath, brace",
                    "Chest up against the bar",
                    "Knees out: spread the floor with your feet",
                ],
                "The safety bar is kind to shoulders and keeps the torso upright.",
            ),
            (
                "Barbell back squat",
                "Barbell and a rack",
                False,
                [
                    "Walk the bar out and start standing tall",
                    "Big breath, brace",
                    "Sit between your heels",
                    "Chest up",
                    "Knees out: spread the floor with your feet",
                ],
                "The classic back squat.",
            ),
            (
                "Barbell front squat",
                "Barbell and a rack",
                False,
                [
                    "Walk the bar out and start standing tall",
                    "Elbows high, bar on the shoulders",
                    "Big breath, brace",
                    "Knees out: spread the floor with your feet",
                ],
                "The most demanding squat here: it asks for mobility in the wrists, "
                "upper back and ankles.",
            ),
        ],
    ),
    "push": (
        "Push",
        "From the incline push-up to pressing a barbell overhead.",
        [
            (
                "Incline push-up",
                "A bench, a box or a wall",
                False,
                [
                    "Hands under the shoulders",
                    "Squeeze the glutes: one straight line from head to heels",
                    "Elbows at 45 degrees, not flared",
                    "Push the bench away",
                ],
                "Hands on a bench (or a wall): the higher the hands, the easier.",
            ),
            (
                "Push-up",
                "None",
                False,
                [
                    "Hands under the shoulders",
                    "Squeeze the glutes: one straight line from head to heels",
                    "Elbows at 45 degrees, not flared",
                    "Chest to the floor, then push the floor away",
                ],
                "The full push-up from the floor.",
            ),
            (
                "Dumbbell floor press",
                "Dumbbells",
                False,
                [
                    "Shoulder blades down and back",
                    "Elbows at 45 degrees",
                    "Pause the upper arm on the floor, then press",
                ],
                "Pressing from the floor limits the range and spares the shoulders.",
            ),
            (
                "Dumbbell bench press",
                "Dumbbells and a bench",
                False,
                [
                    "Feet flat, shoulder blades down and back",
                    "Elbows at 45 degrees",
                    "Lower with control, press up and slightly in",
                ],
                "The full-range press on a bench.",
            ),
            (
                "Half-kneeling landmine press",
                "Barbell in a landmine",
                False,
                [
                    "Tall from the knee up: squeeze the glute of the down leg",
                    "Ribs down",
                    "Press up and forward, reach at the top",
                ],
                "A shoulder-friendly first step toward pressing overhead.",
            ),
            (
                "Barbell bench press",
                "Barbell, bench and a rack",
                False,
                [
                    "Feet flat, shoulder blades down and back",
                    "Bar to the lower chest, elbows at 45 degrees",
                    "Push yourself away from the bar",
                ],
                "The classic bench press. Use a spotter or safety arms.",
            ),
            (
                "Standing dumbbell overhead press",
                "Dumbbells",
                False,
                [
                    STANDING_TALL,
                    "Squeeze the glutes, ribs down",
                    "Press up and finish with the biceps by the ears",
                ],
                "Pressing overhead standing, each arm free to find its path.",
            ),
            (
                "Barbell overhead press",
                "Barbell and a rack",
                False,
                [
                    STANDING_TALL,
                    "Squeeze the glutes, ribs down",
                    "Head back as the bar passes, then through",
                ],
                "The strict press: the top of the push ladder.",
            ),
        ],
    ),
    "pull": (
        "Pull",
        "From rowing at a steep angle up to the weighted pull-up.",
        [
            (
                "Suspension trainer row",
                "Suspension trainer (rings or straps)",
                False,
                [
                    "Body in one straight line",
                    "Shoulders down and back",
                    "Pull the elbows to the ribs",
                ],
                "The more upright the body, the easier: walk the feet in to add load.",
            ),
            (
                "Chest-supported dumbbell row",
                "Dumbbells and an incline bench",
                False,
                [
                    "Chest stays on the bench",
                    "Shoulders down and back",
                    "Pull the elbows to the hips",
                ],
                "The bench holds the torso, so all the work is in the back.",
            ),
            (
                "Single-arm dumbbell row",
                "A dumbbell and a bench",
                False,
                [
                    "Flat back, hips square",
                    "Pull the elbow to the hip",
                    "Control the way down",
                ],
                "One hand and one knee on the bench, row with the other arm.",
            ),
            (
                "Inverted row",
                "A bar in a rack or a Smith machine",
                False,
                [
                    "Squeeze the glutes: one straight line from head to heels",
                    "Chest to the bar",
                    "Shoulders down and back",
                ],
                "Bodyweight row under a bar; lower the bar to make it harder.",
            ),
            (
                "Lat pulldown",
                "Cable pulldown machine",
                False,
                [
                    "Chest up",
                    "Shoulders down first, then pull the elbows down",
                    "Bar to the upper chest",
                ],
                "Vertical pulling with a load smaller than bodyweight.",
            ),
            (
                "Band-assisted chin-up",
                "Pull-up bar and a band",
                False,
                [
                    "Start from a dead hang, shoulders down",
                    "Chest to the bar",
                    "Control the way down",
                ],
                "The band takes part of the bodyweight; use lighter bands over time.",
            ),
            (
                "Chin-up",
                "Pull-up bar",
                False,
                [
                    "Palms facing you",
                    "Start from a dead hang, shoulders down",
                    "Chin over the bar, control the way down",
                ],
                "The first unassisted vertical pull.",
            ),
            (
                "Pull-up",
                "Pull-up bar",
                False,
                [
                    "Palms facing away",
                    "Start from a dead hang, shoulders down",
                    "Chest to the bar, control the way down",
                ],
                "The overhand grip makes it harder than the chin-up.",
            ),
            (
                "Weighted pull-up",
                "Pull-up bar and a dip belt or vest",
                False,
                [
                    "Start from a dead hang, shoulders down",
                    "Chest to the bar",
                    "Control the way down",
                ],
                "The pull-up with a load: the top of the pull ladder.",
            ),
        ],
    ),
    "lunge": (
        "Lunge",
        "From a supported split squat to loaded single-leg work.",
        [
            (
                "Assisted split squat",
                "Something to hold: a rack, a wall or a band",
                False,
                [
                    STANDING_TALL,
                    "Feet hip-width apart, like on train tracks",
                    "Back knee straight down toward the floor",
                    "Drive through the front heel",
                ],
                "Hold on for balance and learn the bottom position.",
            ),
            (
                "Split squat",
                "None",
                False,
                [
                    STANDING_TALL,
                    "Feet hip-width apart, like on train tracks",
                    "Back knee straight down toward the floor",
                    "Drive through the front heel",
                ],
                "The same position with no support.",
            ),
            (
                "Dumbbell split squat",
                "Dumbbells",
                False,
                [
                    STANDING_TALL,
                    "Weights by your sides, shoulders down",
                    "Back knee straight down toward the floor",
                    "Drive through the front heel",
                ],
                "The split squat with a load in each hand.",
            ),
            (
                "Reverse lunge",
                "None",
                False,
                [
                    STANDING_TALL,
                    "Long step back",
                    "Back knee down softly",
                    "Drive through the front heel back to standing",
                ],
                "Stepping back is easier on the knees than stepping forward.",
            ),
            (
                "Dumbbell step-up",
                "Dumbbells and a box",
                False,
                [
                    "Whole foot on the box",
                    "Chest up",
                    "Push through the heel on the box, don't push off the back foot",
                ],
                "Start with a low box; raise it as balance and strength allow.",
            ),
            (
                "Dumbbell reverse lunge",
                "Dumbbells",
                False,
                [
                    STANDING_TALL,
                    "Long step back",
                    "Back knee down softly",
                    "Drive through the front heel back to standing",
                ],
                "The reverse lunge with a load.",
            ),
            (
                "Walking lunge",
                "Dumbbells (optional)",
                False,
                [
                    "Chest up",
                    "Long step forward, back knee down softly",
                    "Drive through the front heel into the next step",
                ],
                "Continuous lunges: balance, control and conditioning.",
            ),
            (
                "Rear-foot-elevated split squat",
                "A bench; dumbbells",
                False,
                [
                    "Top of the back foot on the bench",
                    "Chest up",
                    "Back knee straight down",
                    "Drive through the front heel",
                ],
                "Often called the Bulgarian split squat: hard, and worth it.",
            ),
            (
                "Barbell reverse lunge",
                "Barbell and a rack",
                False,
                [
                    "Walk the bar out and start standing tall",
                    "Long step back, back knee down softly",
                    "Drive through the front heel back to standing",
                ],
                "The reverse lunge with the bar on the back: the top of the ladder.",
            ),
        ],
    ),
    "carry": (
        "Carry",
        "Walk tall with a load: from holding one bell at the chest to loaded "
        "overhead and yoke carries. Prescribe a distance or a time.",
        [
            (
                "Goblet carry",
                "A kettlebell or dumbbell",
                False,
                [
                    STANDING_TALL,
                    "Bell at the chest, elbows in",
                    "Ribs down",
                    "Short, steady steps",
                ],
                "The easiest carry: one bell held at the chest.",
            ),
            (
                "Farmer carry",
                "Two kettlebells or dumbbells",
                True,
                [
                    "Hinge down to pick up the weights: butt back, chest up",
                    STANDING_TALL,
                    "Shoulders down and back",
                    "Short, steady steps",
                ],
                "A weight in each hand: grip, posture and the whole body.",
            ),
            (
                "Suitcase carry",
                "One kettlebell or dumbbell",
                True,
                [
                    "Hinge down to pick up the weight: butt back, chest up",
                    STANDING_TALL,
                    "Don't lean: stay square",
                    "Short, steady steps",
                ],
                "One weight on one side: the trunk works to stay upright.",
            ),
            (
                "Double kettlebell front-rack carry",
                "Two kettlebells",
                False,
                [
                    STANDING_TALL,
                    "Bells in the rack: wrists straight, elbows in",
                    "Ribs down, breathe behind the brace",
                    "Short, steady steps",
                ],
                "Two bells in the front rack: the trunk and the upper back work hard.",
            ),
            (
                "Trap bar carry",
                "Trap bar",
                True,
                [
                    "Deadlift the bar up: butt back, chest up, knees out",
                    STANDING_TALL,
                    "Shoulders down and back",
                    "Short, steady steps",
                ],
                "Heavier than a farmer carry, with the load balanced.",
            ),
            (
                "Waiter's carry",
                "One kettlebell",
                False,
                [
                    STANDING_TALL,
                    "Bell overhead, biceps by the ear",
                    "Don't lean: stay square",
                    "Short, steady steps",
                ],
                "One bell held overhead: shoulder stability and posture.",
            ),
            (
                "Overhead carry",
                "Two kettlebells or dumbbells",
                False,
                [
                    STANDING_TALL,
                    "Both weights overhead, biceps by the ears",
                    "Ribs down",
                    "Short, steady steps",
                ],
                "Two weights overhead: needs the shoulder mobility first.",
            ),
            (
                "Yoke carry",
                "A yoke",
                False,
                [
                    "Brace under the yoke before it leaves the rack",
                    STANDING_TALL,
                    "Short, quick steps",
                ],
                "The heaviest carry here: the top of the carry ladder.",
            ),
        ],
    ),
}


def create_library(apps, schema_editor):
    Variation = apps.get_model("programming", "Variation")
    Ladder = apps.get_model("programming", "Ladder")
    Rung = apps.get_model("programming", "Rung")
    for pattern, (ladder_name, ladder_description, variations) in LIBRARY.items():
        ladder, _ = Ladder.objects.update_or_create(
            owner=None,
            pattern=pattern,
            defaults={"name": ladder_name, "description": ladder_description},
        )
        ladder.rungs.all().delete()
        for position, (name, equipment, from_floor, cues, description) in enumerate(
            variations, start=1
        ):
            variation, _ = Variation.objects.update_or_create(
                owner=None,
                name=name,
                defaults={
                    "pattern": pattern,
                    "equipment": equipment,
                    "from_floor": from_floor,
                    "cues": cues,
                    "description": description,
                },
            )
            Rung.objects.create(ladder=ladder, position=position, variation=variation)


def delete_library(apps, schema_editor):
    Variation = apps.get_model("programming", "Variation")
    Ladder = apps.get_model("programming", "Ladder")
    Ladder.objects.filter(owner=None).delete()
    Variation.objects.filter(owner=None).delete()


class Migration(migrations.Migration):
    dependencies = [("programming", "0001_initial")]

    operations = [migrations.RunPython(create_library, delete_library)]
