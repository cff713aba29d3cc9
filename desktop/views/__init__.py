"""Qt widgets, dialogs, table models and the task runner. Views call services only."""
