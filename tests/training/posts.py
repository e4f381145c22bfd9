"""What the logging form posts."""

from django.utils import timezone

UID = "6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f"


def form_data(day, *, uid=UID, performed_on=None, **changes):
    """What the logging form posts when every set is ticked as prescribed."""
    data = {
        "uid": uid,
        "performed_on": str(performed_on or timezone.localdate()),
        "notes": "",
    }
    for i, prescription in enumerate(day.prescriptions.order_by("position")):
        measure = "reps" if prescription.reps else "distance_m"
        for j in range(prescription.sets):
            data[f"e{i}-s{j}-done"] = "on"
            data[f"e{i}-s{j}-amount"] = str(getattr(prescription, measure))
            data[f"e{i}-s{j}-load"] = str(prescription.load or "")
        data.update(
            {f"e{i}-rpe": "7", f"e{i}-pain": "0", f"e{i}-where": "", f"e{i}-note": ""}
        )
    data.update(changes)
    return data
