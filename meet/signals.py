"""Domain events. Operations send them after their commit; everything derived
(standings, ETags, the live channel, documents) listens, so no view clears a cache
by hand."""

from blinker import Namespace

_signals = Namespace()

#: sent with ``meet_id`` and ``reason`` whenever a published result changes.
results_changed = _signals.signal("results-changed")
#: sent with ``meet_id`` when entries, people or delegations change.
registration_changed = _signals.signal("registration-changed")
#: sent with ``meet_id`` when units are placed, moved or taken off the timetable.
schedule_changed = _signals.signal("schedule-changed")
