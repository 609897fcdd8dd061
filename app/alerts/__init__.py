"""Lone-worker alerts that leave the laptop: e-mail through the organisation's SMTP
server, an outbox of alerts with state (never sent twice), and the rules that decide
when a missed check-in, an overrun activity, a duress check-in or an all-clear is due."""
