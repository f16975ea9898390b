"""Pre-filled letters of the escalation ladder: reviewed texts (guidance/letters/, loaded by guidance.letter_data) filled from a case file."""
