"""Organisation: municipality, district, unit, team, provider, centre."""
