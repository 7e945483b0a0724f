"""Notices: what the portal tells people, by e-mail, 문자 and 카카오 알림톡.

`models` (the outbox, members' contact preferences, 알림톡 template review,
delivery reports), `catalog` (each event's text, kept in the repository),
`outbox` (writing notices in the event's own transaction), `worker` (sending
them), `events` (who hears of what). Transport lives in lib.messaging.
"""
