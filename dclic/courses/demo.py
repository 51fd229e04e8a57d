"""The catalogue part of the French demo data set (see dclic.demo); idempotent."""

from __future__ import annotations

from dclic.courses import queries, services

# code, title, track, level, domain, minutes, keywords, summary
COURSES = [
    (
        "DCLIC-MOB-001",
        "Premiers pas avec un smartphone",
        "A",
        "beginner",
        "mobile",
        90,
        "smartphone, Android, applications, réglages",
        "Allumer son téléphone, comprendre l'écran d'accueil, installer et ranger ses "
        "applications, régler la luminosité et économiser sa batterie et ses données mobiles. "
        "Un premier cours pour se sentir à l'aise avec son smartphone au quotidien.",
    ),
    (
        "DCLIC-NET-001",
        "Naviguer sur Internet en sécurité",
        "A",
        "beginner",
        "internet",
        120,
        "navigateur, recherche, sécurité, mots de passe, arnaques",
        "Utiliser un navigateur, faire une recherche efficace, reconnaître un site fiable et "
        "une tentative d'hameçonnage. Vous apprendrez aussi à choisir des mots de passe "
        "solides et à protéger vos données personnelles.",
    ),
    (
        "DCLIC-NET-002",
        "Communiquer par e-mail et messagerie",
        "A",
        "beginner",
        "internet",
        60,
        "courriel, e-mail, messagerie, pièce jointe",
        "Créer une adresse électronique, écrire un message clair, joindre un document et "
        "organiser sa boîte de réception. Les bonnes pratiques des messageries instantanées "
        "pour échanger avec un formateur ou un employeur.",
    ),
    (
        "DCLIC-BUR-001",
        "Bureautique : traitement de texte",
        "A",
        "beginner",
        "bureautique",
        180,
        "traitement de texte, CV, lettre, mise en page, LibreOffice",
        "Rédiger, mettre en forme et imprimer un document : titres, listes, tableaux et "
        "images. Mise en pratique : votre curriculum vitae et une lettre de motivation "
        "prêts à envoyer.",
    ),
    (
        "DCLIC-BUR-002",
        "Bureautique : tableur pour débuter",
        "A",
        "intermediate",
        "bureautique",
        180,
        "tableur, formules, budget, graphique",
        "Saisir des données, écrire vos premières formules, trier et filtrer un tableau, puis "
        "tracer un graphique. Exemple fil rouge : le budget mensuel d'une petite activité.",
    ),
    (
        "DCLIC-WEB-001",
        "Créer sa première page web en HTML",
        "M",
        "beginner",
        "web",
        240,
        "HTML, page web, balises, accessibilité",
        "Comprendre comment fonctionne une page web et écrire la vôtre en HTML : titres, "
        "paragraphes, liens, images et formulaires, avec une structure accessible à tous. "
        "Aucun logiciel payant : un éditeur de texte et un navigateur suffisent.",
    ),
    (
        "DCLIC-WEB-002",
        "Mettre en forme une page web avec CSS",
        "M",
        "intermediate",
        "web",
        300,
        "CSS, mise en page, responsive, mobile",
        "Couleurs, typographie, boîtes et mise en page avec Flexbox et Grid : donnez du style "
        "à votre page et faites-la s'adapter aux petits écrans des téléphones.",
    ),
    (
        "DCLIC-DES-001",
        "Concevoir une interface mobile",
        "M",
        "intermediate",
        "design",
        300,
        "UX, UI, maquette, prototype, ergonomie",
        "Partir des besoins des utilisateurs, dessiner des maquettes puis un prototype "
        "cliquable d'application mobile. Les règles d'ergonomie et d'accessibilité qui font "
        "une interface simple à utiliser.",
    ),
    (
        "DCLIC-MKT-001",
        "Les bases du marketing digital",
        "M",
        "beginner",
        "marketing",
        180,
        "marketing, stratégie, référencement, publicité en ligne",
        "Définir sa cible, construire une présence en ligne cohérente et mesurer ses "
        "résultats. Un tour d'horizon du référencement, de l'e-mailing et de la publicité "
        "en ligne pour une petite entreprise ou une association.",
    ),
    (
        "DCLIC-MKT-002",
        "Réseaux sociaux pour les entrepreneurs",
        "M",
        "intermediate",
        "reseaux-sociaux",
        150,
        "réseaux sociaux, Facebook, WhatsApp Business, community management",
        "Choisir les bons réseaux, publier régulièrement, animer une communauté et répondre "
        "aux clients. Calendrier éditorial et indicateurs simples pour suivre votre progression.",
    ),
    (
        "DCLIC-CYB-001",
        "Introduction à la cybersécurité",
        "M",
        "intermediate",
        "cybersecurite",
        240,
        "cybersécurité, menaces, sauvegarde, mises à jour, hygiène numérique",
        "Les menaces les plus courantes (rançongiciels, hameçonnage, fuites de données) et les "
        "gestes qui protègent une petite structure : sauvegardes, mises à jour, comptes et "
        "droits d'accès, réaction en cas d'incident.",
    ),
]
# A course still being written: it must never show in the catalogue.
DRAFT_COURSES = [
    (
        "DCLIC-WEB-003",
        "Rendre une page interactive avec JavaScript",
        "M",
        "intermediate",
        "web",
        360,
        "JavaScript, interactivité, DOM",
        "Réagir aux actions de l'utilisateur, modifier la page et valider un formulaire en "
        "JavaScript, sans bibliothèque.",
    ),
]
# code, title, track, is_tutored, summary, [(course code, is_required)]
PATHS = [
    (
        "DCLIC-PATH-INIT",
        "Initiation au numérique",
        "A",
        False,
        "Un parcours libre pour découvrir les outils numériques du quotidien : smartphone, "
        "Internet, messagerie et bureautique. À suivre seul, à votre rythme.",
        [
            ("DCLIC-MOB-001", True),
            ("DCLIC-NET-001", True),
            ("DCLIC-NET-002", True),
            ("DCLIC-BUR-001", True),
            ("DCLIC-BUR-002", False),
        ],
    ),
    (
        "DCLIC-PATH-WEB",
        "Métiers du web",
        "M",
        True,
        "Un parcours tutoré vers les métiers d'intégrateur et de concepteur web : un mentor "
        "vous accompagne de votre première page à une interface mobile soignée.",
        [
            ("DCLIC-WEB-001", True),
            ("DCLIC-WEB-002", True),
            ("DCLIC-DES-001", True),
            ("DCLIC-CYB-001", False),
        ],
    ),
    (
        "DCLIC-PATH-MKT",
        "Marketing digital",
        "M",
        True,
        "Un parcours tutoré pour promouvoir une activité en ligne : stratégie, réseaux sociaux "
        "et sécurité des comptes, avec un mentor du métier.",
        [
            ("DCLIC-MKT-001", True),
            ("DCLIC-MKT-002", True),
            ("DCLIC-NET-001", False),
        ],
    ),
]


# A course whose summary was rewritten once, so its edit history has two versions to compare.
REWRITTEN = "DCLIC-MOB-001"


def _ensure_course(spec, *, publish: bool) -> bool:
    code, title, track, level, domain, minutes, keywords, summary = spec
    if queries.get_course(code) is not None:
        return False
    first_draft = summary.split(". ")[0] + "." if code == REWRITTEN else summary
    course = services.create_course(
        None,
        code=code,
        title=title,
        summary=first_draft,
        language="fr",
        level=level,
        track=track,
        domain=domain,
        duration_minutes=minutes,
        keywords=keywords,
    )
    if first_draft != summary:
        services.update_course(None, course, summary=summary)
    if publish:
        services.publish_course(None, course)
    return True


def _ensure_path(spec) -> bool:
    code, title, track, is_tutored, summary, steps = spec
    if queries.get_path(code) is not None:
        return False
    path = services.create_path(
        None, code=code, title=title, summary=summary, track=track, is_tutored=is_tutored
    )
    for course_code, is_required in steps:
        services.add_course_to_path(
            None, path, queries.get_course(course_code), is_required=is_required
        )
    services.publish_path(None, path)
    return True


def seed_catalogue() -> dict[str, int]:
    """Create the demo courses and paths that do not exist yet; return what was created."""
    created = {
        "courses": sum(_ensure_course(spec, publish=True) for spec in COURSES)
        + sum(_ensure_course(spec, publish=False) for spec in DRAFT_COURSES),
        "learning paths": sum(_ensure_path(spec) for spec in PATHS),
    }
    return {kind: n for kind, n in created.items() if n}
