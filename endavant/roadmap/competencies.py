"""The département's competencies (Numérique 66 research talk, slide "Compétences départementales").

Seeded by a data migration; the programme team may edit them afterwards.
"""

DEFAULT_COMPETENCIES = (
    # (code, name, kind, order)
    ("action-sociale-sante", "Action sanitaire et sociale", "mandatory", 1),
    ("securite-incendie", "Sécurité incendie et secours", "mandatory", 2),
    ("colleges", "Enseignement (collèges)", "mandatory", 3),
    ("culture", "Culture", "mandatory", 4),
    ("amenagement-durable", "Aménagement durable du territoire", "mandatory", 5),
    ("routes-deplacements", "Gestion des routes et des déplacements", "mandatory", 6),
    ("aides-communes-associations", "Aides aux communes et aux associations", "voluntary", 1),
    ("emploi-local", "Soutien à l'emploi local", "voluntary", 2),
)
