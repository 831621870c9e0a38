"""The data model: one module per aggregate.

Later areas add rounds, heats, matches, results, schedule and badges beside these.
"""

from meet.models.account import LoginAttempt, RefereeAssignment, Role, User
from meet.models.audit import AuditEntry
from meet.models.badge import Badge, BadgeJob, PersonPhoto
from meet.models.competition import (
    CheckIn,
    DrawRecord,
    Round,
    RoundStatus,
    Unit,
    UnitSlot,
    UnitStatus,
)
from meet.models.delegation import Delegation, DelegationStatus, MemberUnit, UnitKind
from meet.models.event import AgeGroup, Category, Entry, EntryMember, Event, EventKind
from meet.models.invitation import Invitation
from meet.models.meet import Meet, Venue
from meet.models.person import Person, PersonRole
from meet.models.registration import BibAllocation, EligibilityRuling, EligibilityStatus
from meet.models.result import EventPlace, Protest, Result, ResultVersion
from meet.models.schedule import (
    DaySession,
    EventVenue,
    ScheduleJob,
    ScheduleSettings,
    VenueSession,
)
from meet.models.staged_upload import StagedUpload
from meet.models.standings import Award, DocumentBuild, MeetRecord, StandingsState

__all__ = [
    "AgeGroup",
    "AuditEntry",
    "Award",
    "Badge",
    "BadgeJob",
    "BibAllocation",
    "Category",
    "CheckIn",
    "DrawRecord",
    "DocumentBuild",
    "Delegation",
    "EligibilityRuling",
    "EligibilityStatus",
    "DelegationStatus",
    "Entry",
    "EntryMember",
    "Event",
    "EventKind",
    "Invitation",
    "EventPlace",
    "LoginAttempt",
    "Meet",
    "MeetRecord",
    "MemberUnit",
    "Person",
    "PersonPhoto",
    "PersonRole",
    "Protest",
    "RefereeAssignment",
    "StagedUpload",
    "Result",
    "ResultVersion",
    "Role",
    "Round",
    "StandingsState",
    "ScheduleJob",
    "ScheduleSettings",
    "DaySession",
    "VenueSession",
    "EventVenue",
    "RoundStatus",
    "Unit",
    "UnitKind",
    "UnitSlot",
    "UnitStatus",
    "User",
    "Venue",
]
