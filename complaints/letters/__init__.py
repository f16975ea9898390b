"""Pre-filled letters of the escalation ladder: reviewed texts (templates/letters/) filled from a case file."""
