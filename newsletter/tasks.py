"""Newsletter emails are written to the outbox (``outbox``), whose worker task
delivers them: this app has no task of its own."""
