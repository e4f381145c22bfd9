"""The first versions of the questions and of the consent wording, in this app's own
plain words. The migration writes them; the owner replaces them in the admin with a
new version (for example the official PAR-Q+ text, with a licence for it)."""

TITLE = "Health questions before you train"

BASED_ON = (
    "These questions follow the structure of the PAR-Q+ (the Physical Activity "
    "Readiness Questionnaire for Everyone, by the PAR-Q+ Collaboration): seven "
    "general questions, follow-up questions for any yes, and advice to wait or to ask "
    "when you are unwell or pregnant. They are this app's own plain words, not the "
    "official text, and no substitute for a doctor's advice."
)

QUESTIONS = [
    {
        "key": "heart",
        "text": "Has a doctor ever told you that you have a heart condition or high "
        "blood pressure?",
        "followups": [
            {
                "key": "heart_control",
                "text": "Is it hard to keep under control with medicine or other "
                "treatment?",
            },
            {
                "key": "heart_rhythm",
                "text": "Do you have an irregular heartbeat that needs medical care?",
            },
            {
                "key": "heart_pressure",
                "text": "Is your blood pressure at rest 160/90 or higher, with or "
                "without medicine?",
            },
        ],
    },
    {
        "key": "chest",
        "text": "Do you feel pain in your chest at rest, in everyday life, or when "
        "you are active?",
        "followups": [
            {
                "key": "chest_unexplained",
                "text": "Is the pain new, getting worse, or not yet looked at by a "
                "doctor?",
            }
        ],
    },
    {
        "key": "dizzy",
        "text": "Do you lose your balance because of dizziness, or have you passed "
        "out in the last 12 months?",
        "followups": [
            {
                "key": "dizzy_active",
                "text": "Did it happen during or just after being active?",
            }
        ],
    },
    {
        "key": "condition",
        "text": "Has a doctor diagnosed another long-term condition (other than heart "
        "disease or high blood pressure)?",
        "followups": [
            {
                "key": "condition_control",
                "text": "Is it hard to keep under control with medicine or other "
                "treatment?",
            },
            {
                "key": "condition_complications",
                "text": "Does it limit your breathing at rest, or cause low blood "
                "sugar or problems with your eyes, kidneys, nerves or feet?",
            },
        ],
    },
    {
        "key": "medicine",
        "text": "Do you take medicine a doctor prescribed for a long-term condition?",
        "followups": [
            {
                "key": "medicine_changed",
                "text": "Has the medicine or its dose changed in the last three "
                "months?",
            }
        ],
    },
    {
        "key": "bones",
        "text": "Do you have, or have you had in the last 12 months, a problem with a "
        "bone, a joint, your back or soft tissue (muscle, ligament or tendon) that "
        "could get worse if you were more active?",
        "asks_where": True,
        "caution": True,
        "followups": [
            {
                "key": "bones_control",
                "text": "Is it hard to keep under control with medicine or treatment "
                "from a doctor or physiotherapist?",
            },
            {
                "key": "bones_recent",
                "text": "Have you had surgery, a fracture or an injury that has not "
                "healed in the last six months?",
            },
            {
                "key": "bones_nerves",
                "text": "Does pain spread into an arm or a leg, or do you feel "
                "numbness or tingling?",
            },
        ],
    },
    {
        "key": "supervised",
        "text": "Has a doctor ever said you should only be active under medical "
        "supervision?",
        "followups": [
            {
                "key": "supervised_recent",
                "text": "Was that said in the last 12 months?",
            }
        ],
    },
]

TEMPORARY = [
    {
        "key": "unwell",
        "text": "Are you unwell right now, with a cold, a fever or another passing "
        "illness?",
        "advice": "Wait until you feel better, then answer again before you start.",
        "outcome": "wait",
    },
    {
        "key": "pregnant",
        "text": "Are you pregnant?",
        "advice": "Ask your doctor or midwife before you start: your trainer records "
        "their clearance.",
        "outcome": "ask",
    },
]

CONSENT_TITLE = "Consent to keep your health answers"
CONSENT_BODY = (
    "I agree that my trainer keeps my answers to the health questions, any "
    "clearance from a health professional, and my signed waiver, to decide whether "
    "and how I can train safely. Only I, my trainer and the business owner can see "
    "them. They are kept while I train here, until I withdraw this consent or my "
    "record is deleted. I can withdraw this consent at any time in the app; my "
    "answers are then deleted, and training waits until I answer again."
)
