"""The OAI-PMH part of the demo data set (see dclic.demo); idempotent.

More published courses in new domains, with authors (LOM contributors), two more paths, and
a course published then withdrawn, so that ``/oai`` shows every part of the protocol: sets
by domain and by path, a deleted record, and — with ``OAI_PAGE_SIZE=5`` — resumption tokens
(about twenty records).
"""

from __future__ import annotations

from dclic.courses import queries, services

# code, title, track, level, domain, minutes, keywords, authors, summary
COURSES = [
    (
        "DCLIC-DON-001",
        "Protéger ses données personnelles",
        "A",
        "beginner",
        "donnees",
        90,
        "données personnelles, vie privée, RGPD, consentement",
        "Aïssatou Sow; Marc Lefèvre",
        "Ce que deviennent vos données quand vous utilisez une application, comment régler "
        "la confidentialité de vos comptes et faire valoir vos droits d'accès et d'effacement.",
    ),
    (
        "DCLIC-COM-001",
        "Créer sa boutique en ligne",
        "M",
        "intermediate",
        "e-commerce",
        240,
        "boutique en ligne, catalogue, commandes, livraison",
        "Ibrahima Faye",
        "Choisir une solution de boutique, présenter ses produits, recevoir des commandes et "
        "organiser la livraison : tout pour vendre en ligne sans savoir programmer.",
    ),
    (
        "DCLIC-COM-002",
        "Paiement mobile et trésorerie d'une petite entreprise",
        "M",
        "beginner",
        "e-commerce",
        120,
        "paiement mobile, Mobile Money, trésorerie, facture",
        "Ibrahima Faye; Nadia Haddad",
        "Encaisser par paiement mobile, suivre ses entrées et ses sorties d'argent et "
        "émettre des factures claires pour ses clients.",
    ),
    (
        "DCLIC-PRG-001",
        "Programmer en Python : les bases",
        "M",
        "beginner",
        "programmation",
        360,
        "Python, variables, boucles, fonctions",
        "Awa Diop",
        "Variables, conditions, boucles et fonctions : écrire ses premiers programmes en "
        "Python et résoudre de petits problèmes de la vie courante.",
    ),
    (
        "DCLIC-PRG-002",
        "Analyser des données avec Python",
        "M",
        "advanced",
        "programmation",
        480,
        "Python, données, tableaux, graphiques",
        "Awa Diop; Karim Benslimane",
        "Lire un fichier de données, le nettoyer, calculer des indicateurs et tracer des "
        "graphiques pour présenter ses résultats.",
    ),
]
# Published once, then withdrawn: /oai keeps it as a deleted record.
WITHDRAWN = (
    "DCLIC-MOB-009",
    "Les applications mobiles d'hier",
    "A",
    "beginner",
    "mobile",
    45,
    "applications, historique",
    "Équipe éditoriale OIF",
    "Un cours remplacé par « Premiers pas avec un smartphone ».",
)
# code, title, track, is_tutored, summary, course codes
PATHS = [
    (
        "DCLIC-PATH-COM",
        "Entreprendre en ligne",
        "M",
        True,
        "Un parcours tutoré pour lancer une activité sur Internet : présence en ligne, "
        "boutique, paiement mobile.",
        ["DCLIC-MKT-001", "DCLIC-COM-001", "DCLIC-COM-002"],
    ),
    (
        "DCLIC-PATH-PRG",
        "Programmation",
        "M",
        True,
        "Un parcours tutoré pour apprendre à programmer en Python, des bases à l'analyse de "
        "données, avec un mentor du métier.",
        ["DCLIC-PRG-001", "DCLIC-PRG-002"],
    ),
]


def _ensure_course(spec, *, withdraw: bool = False) -> bool:
    code, title, track, level, domain, minutes, keywords, authors, summary = spec
    if queries.get_course(code) is not None:
        return False
    course = services.create_course(
        None,
        code=code,
        title=title,
        summary=summary,
        language="fr",
        level=level,
        track=track,
        domain=domain,
        duration_minutes=minutes,
        keywords=keywords,
        authors=authors,
    )
    services.publish_course(None, course)
    if withdraw:
        services.archive_course(None, course)
    return True


def _ensure_path(spec) -> bool:
    code, title, track, is_tutored, summary, course_codes = spec
    courses = [queries.get_course(course_code) for course_code in course_codes]
    if queries.get_path(code) is not None or None in courses:
        return False
    path = services.create_path(
        None, code=code, title=title, summary=summary, track=track, is_tutored=is_tutored
    )
    for course in courses:
        services.add_course_to_path(None, path, course)
    services.publish_path(None, path)
    return True


def seed_oai_catalogue() -> dict[str, int]:
    """Create the courses and paths above that do not exist yet; return what was created."""
    created = {
        "courses for OAI-PMH": sum(_ensure_course(spec) for spec in COURSES)
        + _ensure_course(WITHDRAWN, withdraw=True),
        "learning paths for OAI-PMH": sum(_ensure_path(spec) for spec in PATHS),
    }
    return {kind: n for kind, n in created.items() if n}
