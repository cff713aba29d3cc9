"""What a page says while there is no campaign to work on (services/campaigns/readiness.py).

For any page: ``reason(services)`` is the sentence (or None); ``explain(parent, services)``
shows it in a message and returns True when there was something to explain, so a button's
slot can start with ``if no_campaign.explain(self, services): return``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from desktop.services.campaigns.readiness import why_nothing_to_enter
from desktop.services.registry import Services
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named

NOTICE_STYLE = "color: #5f4b00; background: #fff4de; padding: 6px;"


def reason(services: Services) -> str | None:
    """Why nothing can be entered yet, and what to do; None once there is a campaign."""
    why = why_nothing_to_enter(
        services.office.local(), services.campaigns.count(), services.campaigns.may_edit()
    )
    return tr(why) if why else None


def explain(parent: QWidget | None, services: Services) -> bool:
    """Say why (a message) when there is no campaign; True if it did."""
    why = reason(services)
    if why:
        dialogs.info(parent, why)
    return why is not None


def notice(name: str = "noCampaignNotice") -> QLabel:
    """A wrapped, coloured line for the reason; hidden until ``show_reason`` fills it."""
    label = named(QLabel(), name)
    label.setWordWrap(True)
    label.setStyleSheet(NOTICE_STYLE)
    label.hide()
    return label


def show_reason(label: QLabel, services: Services) -> str | None:
    why = reason(services)
    label.setText(why or "")
    label.setVisible(why is not None)
    return why
