"""Staff: employees, professions, competences."""
