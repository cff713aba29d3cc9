"""The bounds of the counters a bundle carries, shared by the container and the restore.

Its own module so that the start (``restore.apply_pending_restore``) needs no ZIP reader nor
cryptography to know them."""

# Sequence numbers and clock values live in INTEGER columns (32 bits on PostgreSQL).
MAX_COUNTER = 2**31 - 1
