"""The demo district: Bydel Gamle Oslo, Enhet helse og hverdagsmestring.

Four teams (Sør, Øst, Nord, Vest), each owning a wedge of the district, about 300 clients
inside an approximate boundary of the district, about 80 team staff plus district-wide
therapists and coordinators, the municipal provider and two private providers under free
user choice (about 16 % of the practical-assistance clients), and one active decision per
client with service lines the planner can turn into visits.

- ``geography``: the boundary polygon, streets, team areas and bases (approximate).
- ``names``: name lists, Norwegian and from the district's language communities.
- ``spec``: the plain data shapes; ``needs``: service lines and IPLOS scores by profile;
  ``texts``: the Norwegian text (intake answers, decision facts and reasons, home notes).
- ``generate``: everything from one seed, no Django. Same seed, same district.
- ``rota``: the field staff's shifts (day 07:30–15:30, evening 15:00–22:30, weekends in
  turn) and a few planned holidays and course days, within the Working Environment Act.
- ``load``: writes it in bulk, in one transaction (well under a second for the rows).

Dates: people are fixed by the seed (birth dates and synthetic identity numbers, month + 80,
never a real person's); the case calendar (decisions, assessments, follow-ups, reviews) is
counted back and forth from the day of loading, so the demo looks current whenever it is
loaded. ``load_demo --today YYYY-MM-DD`` pins that day.

The people of the test story are in it: on team Øst the caseworker Kari (``kari.ost``),
the nurse Nils (``nils.ost``), the planner Per (``per.ost``) and the team leader Tone
(``tone.ost``); the nurse Siri on team Vest (``siri.vest``); Pia (``pia.trivsel``), who
runs Trivsel Hjemmehjelp AS; the client Ingrid Hansen (``ingrid``) and her daughter Hege
(``hege``), who holds her power of attorney. ``manage.py demo_logins`` prints them all with the
shared password.
"""
