"""The directory of local actors: organisations, people, their roles, competencies, consent."""
