"""One set of rules for every way data comes in (docs/sync-promises.md, promise 11).

The window, the Excel import, the command line and a peer's bundle all judge a record with
the functions here, so what one office accepts every other accepts, with the same Vietnamese
message. Each ``check_*`` returns the list of problems (field + message); an empty list means
the record may be stored. Nothing here touches the database or Qt: callers look up what a
rule needs (the campaign's settings) and pass it in.

Text is judged as it will be stored:

- one-line fields (titles, names, codes) through :func:`vietnamese.clean` (NFC, invisible
  characters such as soft hyphens dropped, runs of whitespace, tabs and line breaks turned
  into one space);
- multi-line fields (description, notes) through NFC and ``strip()``: line breaks and tabs
  are kept;
- any other control character (C0/C1, DEL), a lone surrogate, or a bidirectional control
  (right-to-left override and friends, the "Trojan Source" characters) is **refused**, never
  stripped: it cannot be typed, it breaks the .xlsx export (XML forbids C0 controls) and a
  bidi override makes a title display something else than it holds. The message names the
  field and the character (U+202E…), so the person can find it.

Rules marked *contextual* depend on what the receiving office holds (the campaign's
description limit, its counting window, the PC's date). Typed at this office they are
errors; in a peer's bundle they are warnings: the sender judged them by its own copy of the
campaign, and refusing would lose an initiative only because two offices hold different
versions of a campaign.

This module gathers the rules under one name; they live in ``rules/basics.py`` (the issue,
the limits, text and date judging), ``rules/initiative.py``, ``rules/campaign.py`` and
``rules/unit_quota.py``.
"""

from __future__ import annotations

from desktop.services.rules.basics import (
    AUTHOR_NAME_MAX,
    AUTHORS_MAX,
    AUTHORS_TEXT_MAX,
    BENEFIT_MAX,
    BENEFIT_NOTE_MAX,
    BIRTH_MIN,
    CAMPAIGN_CODE_MAX,
    CAMPAIGN_NAME_MAX,
    CAMPAIGN_NOTES_MAX,
    COUNT_MAX,
    DATE_MAX,
    DATE_MIN,
    DEADLINE_LABEL_MAX,
    DESCRIPTION_LIMIT_MAX,
    DOSSIER_MAX,
    DOSSIER_NOTE_MAX,
    FIELD_CODE_MAX,
    FIELD_NAME_MAX,
    FIELDS_MAX,
    FUTURE_DAYS,
    JOB_TITLE_MAX,
    NOTES_MAX,
    PERIOD_NAME_MAX,
    PERIODS_MAX,
    PLAN_ISSUER_MAX,
    PLAN_NUMBER_MAX,
    QUALIFICATION_MAX,
    QUOTA_MAX,
    SHARE_TOLERANCE,
    TITLE_MAX,
    UNIT_CODE_MAX,
    UNIT_NAME_MAX,
    UNIT_SHORT_NAME_MAX,
    WORKPLACE_MAX,
    Issue,
    Severity,
    bad_character,
    errors,
    message,
    multi_line,
    one_line,
)
from desktop.services.rules.campaign import (
    CampaignLike,
    DeadlineLike,
    FieldLike,
    PeriodLike,
    check_campaign,
)
from desktop.services.rules.initiative import (
    AuthorLike,
    CampaignRules,
    DossierLike,
    InitiativeLike,
    check_initiative,
)
from desktop.services.rules.unit_quota import (
    check_quota,
    check_unit,
)

__all__ = [
    "AUTHORS_MAX",
    "AUTHORS_TEXT_MAX",
    "AUTHOR_NAME_MAX",
    "BENEFIT_MAX",
    "BENEFIT_NOTE_MAX",
    "BIRTH_MIN",
    "CAMPAIGN_CODE_MAX",
    "CAMPAIGN_NAME_MAX",
    "CAMPAIGN_NOTES_MAX",
    "COUNT_MAX",
    "DATE_MAX",
    "DATE_MIN",
    "DEADLINE_LABEL_MAX",
    "DESCRIPTION_LIMIT_MAX",
    "DOSSIER_MAX",
    "DOSSIER_NOTE_MAX",
    "FIELDS_MAX",
    "FIELD_CODE_MAX",
    "FIELD_NAME_MAX",
    "FUTURE_DAYS",
    "JOB_TITLE_MAX",
    "NOTES_MAX",
    "PERIODS_MAX",
    "PERIOD_NAME_MAX",
    "PLAN_ISSUER_MAX",
    "PLAN_NUMBER_MAX",
    "QUALIFICATION_MAX",
    "QUOTA_MAX",
    "SHARE_TOLERANCE",
    "TITLE_MAX",
    "UNIT_CODE_MAX",
    "UNIT_NAME_MAX",
    "UNIT_SHORT_NAME_MAX",
    "WORKPLACE_MAX",
    "AuthorLike",
    "CampaignLike",
    "CampaignRules",
    "DeadlineLike",
    "DossierLike",
    "FieldLike",
    "InitiativeLike",
    "Issue",
    "PeriodLike",
    "Severity",
    "bad_character",
    "check_campaign",
    "check_initiative",
    "check_quota",
    "check_unit",
    "errors",
    "message",
    "multi_line",
    "one_line",
]
