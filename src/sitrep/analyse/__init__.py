"""Reading the incident database as an analyst does: control over time, claim habits, trends."""
