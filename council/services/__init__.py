"""Council workflows, one module per workflow group (pretix's `base/services/`).

- `council.services.roster`: members and staff, terms, set-password links.
- `council.services.meetings`: a meeting's life (open, extend the deadline, close), past
  meetings, attendance.
- `council.services.agenda`: agenda items, their materials and snapshots, categories.
- `council.services.opinions`: a member's written opinion, its autosave and receipt.
- `council.services.reminders`: reminders to members who have not submitted (staff's
  button, through the notice outbox; the 24h/2h e-mails of a meeting without a schedule).

Every function is keyword-only and runs in one transaction. Rules that must
hold whatever page calls them (the opinion deadline, the fixed invited
roster, reminders never sent twice) are enforced here, not in views. Callers
import the module of the workflow they use; this package re-exports nothing.
"""
