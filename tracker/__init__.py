"""The ledger: cases, deadlines, routing, status changes, audit trail, queues, exports and the CLI."""
