"""Names for the demo district: common Norwegian names plus names that reflect who lives
in and works for Gamle Oslo. Invented combinations; any likeness to a real person is chance.
"""

from __future__ import annotations

from dataclasses import dataclass

# Names common among Norwegians born 1925–1960 (clients).
OLDER_WOMEN = (
    "Ingrid", "Kari", "Astrid", "Solveig", "Bjørg", "Gerd", "Liv", "Randi", "Turid", "Marit",
    "Anne", "Berit", "Inger", "Else", "Aud", "Ruth", "Åse", "Eva", "Reidun", "Grethe",
    "Sigrid", "Karin", "Wenche", "Torill", "Unni", "Gunvor", "Margit", "Elsa", "Jorunn",
    "Bodil", "Hjørdis", "Synnøve", "Edel", "Oddny", "Ragnhild", "Borghild", "Kirsten",
)  # fmt: skip
OLDER_MEN = (
    "Olav", "Arne", "Knut", "Per", "Jan", "Kjell", "Bjørn", "Svein", "Odd", "Terje", "Rolf",
    "Harald", "Leif", "Egil", "Tor", "Ole", "Nils", "Hans", "Gunnar", "Einar", "Thorleif",
    "Reidar", "Arild", "Finn", "Kåre", "Sverre", "Asbjørn", "Erling", "Ragnar", "Magne",
    "Jon", "Håkon", "Geir", "Trygve",
)  # fmt: skip
LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen",
    "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg",
    "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen",
    "Mathisen", "Lie", "Amundsen", "Nguyen", "Lien", "Holm", "Bakke", "Rønning", "Myhre",
    "Aas", "Sæther", "Fjeld", "Vik", "Brekke", "Ødegård", "Kvamme", "Grønli", "Tangen",
)  # fmt: skip


@dataclass(frozen=True)
class Origin:
    """A language community: its names, the language and how many need an interpreter."""

    language: str
    women: tuple[str, ...]
    men: tuple[str, ...]
    last_names: tuple[str, ...]
    interpreter_share: float


# Clients with another first language; Gamle Oslo has among the most diverse populations
# in the country. The language is stored as clients.Client.preferred_language.
MINORITY_ORIGINS: tuple[tuple[Origin, int], ...] = (
    (
        Origin(
            "urdu",
            ("Nasreen", "Shahida", "Rukhsana", "Parveen", "Zubaida", "Shamim"),
            ("Mohammad", "Ghulam", "Bashir", "Abdul", "Rashid", "Iqbal"),
            ("Khan", "Ahmed", "Hussain", "Butt", "Malik", "Chaudhry"),
            0.7,
        ),
        5,
    ),
    (
        Origin(
            "somali",
            ("Fadumo", "Hawa", "Asha", "Halima", "Sahra"),
            ("Abdullahi", "Hassan", "Yusuf", "Abdirahman"),
            ("Abdi", "Mohamed", "Farah", "Warsame", "Jama"),
            0.8,
        ),
        3,
    ),
    (
        Origin(
            "tyrkisk",
            ("Ayşe", "Fatma", "Emine", "Hatice"),
            ("Mehmet", "Mustafa", "Hüseyin", "Ali"),
            ("Yılmaz", "Demir", "Kaya", "Çelik"),
            0.6,
        ),
        2,
    ),
    (
        Origin(
            "vietnamesisk",
            ("Lan", "Hoa", "Mai", "Thu"),
            ("Minh", "Hung", "Long", "Duc"),
            ("Nguyen", "Tran", "Pham", "Le"),
            0.6,
        ),
        2,
    ),
    (
        Origin(
            "polsk",
            ("Krystyna", "Danuta", "Barbara", "Halina"),
            ("Stanisław", "Jerzy", "Andrzej", "Tadeusz"),
            ("Nowak", "Wójcik", "Kaczmarek", "Mazur"),
            0.5,
        ),
        1,
    ),
    (
        Origin(
            "arabisk",
            ("Fatima", "Khadija", "Amina", "Zahra"),
            ("Ahmed", "Mustafa", "Said", "Karim"),
            ("El Amrani", "Benali", "Haddad", "Saleh"),
            0.7,
        ),
        2,
    ),
    (
        Origin(
            "tamil",
            ("Kamala", "Lakshmi", "Vasanthi"),
            ("Sivakumar", "Rajan", "Kandasamy"),
            ("Sivarajah", "Tharmalingam", "Ponnuthurai"),
            0.5,
        ),
        1,
    ),
)

# Staff names by community: (first names, surnames). Each first name is used once in the
# whole district so that logins stay short (first name + team); the surname is drawn from
# the same community. The younger, mixed workforce of an Oslo home-care unit.
STAFF_NAME_GROUPS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        (
            "Nora", "Emma", "Ida", "Sara", "Maria", "Hanne", "Silje", "Kristin", "Camilla",
            "Marte", "Julie", "Thea", "Sofie", "Ingvild", "Linn", "Malin", "Tuva", "Hilde",
            "Mona", "Line", "Heidi", "Lene", "Trine", "Kine", "Vilde", "Guro", "Eli", "Frida",
            "Maja", "Stine", "Amalie", "Helene", "Ane", "Mari", "Randi", "Astrid", "Karoline",
            "Jonas", "Martin", "Andreas", "Erik", "Magnus", "Henrik", "Thomas", "Daniel",
            "Kristian", "Mathias", "Sindre", "Espen", "Eirik", "Lars", "Ola", "Stian", "Vegard",
            "Anders", "Ronja", "Tiril", "Synne", "Benedikte", "Marius", "Sander", "Tobias",
            "Fredrik", "Even", "Kasper", "Adrian", "Alma", "Mina", "Ella", "Iben", "Hedda",
            "Live", "Oda", "Jenny", "Filip", "Oskar",
        ),
        (
            "Hansen", "Berg", "Haugen", "Dahl", "Lund", "Moen", "Strand", "Solberg", "Eide",
            "Bakken", "Lie", "Holm", "Vik", "Brekke", "Sandvik", "Nygård", "Aasen", "Nordby",
            "Tveit", "Hauge", "Myklebust", "Engen",
        ),
    ),
    (("Elin", "Linnea", "Johan"), ("Lindqvist", "Andersson", "Karlsson")),
    (("Hawa", "Nasra", "Hodan", "Abdi", "Iman", "Ayaan"), ("Mohamed", "Farah", "Warsame", "Ali")),
    (
        ("Sana", "Maryam", "Hamza", "Bilal", "Tariq", "Ahmad", "Yasmin"),
        ("Ahmed", "Hussain", "Rahman", "Iqbal", "Butt"),
    ),
    (
        ("Amina", "Fatima", "Aisha", "Leila", "Samira", "Omar", "Yusuf", "Mariam", "Nadia"),
        ("Haddad", "Benali", "El Idrissi", "Saleh"),
    ),
    (("Mehmet", "Elif", "Zeynep"), ("Yılmaz", "Kaya", "Demir")),
    (("Agnieszka", "Marta", "Tomasz"), ("Nowak", "Wójcik")),
    (("Jelena", "Goran", "Ivana", "Selma", "Lejla", "Emir"), ("Petrović", "Hodžić", "Jovanović")),
    (("Maricel", "Jonalyn", "Joy", "Rosa"), ("Reyes", "Santos", "Mendoza")),
    (("Thu", "Linh"), ("Nguyen", "Tran")),
    (("Ana", "Teresa", "Beatriz", "Dalia"), ("Silva", "Costa", "Pereira")),
    (("Priya",), ("Sivakumar",)),
)  # fmt: skip


# Next of kin: a younger generation, partly with the client's surname.
KIN_WOMEN = (
    "Hege", "Lise", "Anita", "Gro", "Siv", "Bente", "Cecilie", "Kjersti", "Monica",
    "Elisabeth", "Tone", "Merete", "Nina", "Trine", "Vibeke",
)  # fmt: skip
KIN_MEN = ("Trond", "Morten", "Rune", "Frode", "Øystein", "Pål", "Roger", "Geir", "Tore", "Jarle")
