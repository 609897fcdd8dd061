"""The fixed vocabularies of the log: categories and channels (id, label)."""

from __future__ import annotations

CATEGORIES: dict[str, str] = {
    "post": "Post published",
    "reply": "Reply / customer service",
    "enquiry": "Media or public enquiry",
    "escalation": "Escalation",
    "decision": "Decision",
    "incident": "Incident",
    "note": "Note",
    "handover": "Handover",
    "welfare": "Welfare check-in",
}

CHANNELS: dict[str, str] = {
    "x": "X/Twitter",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "email": "Email list",
    "website": "Website",
    "phone": "Phone",
    "other": "Other",
}
