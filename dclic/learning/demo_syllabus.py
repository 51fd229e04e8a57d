"""The syllabus of the demo courses: two modules of short text steps each, in French.

``{course code: [(module title, [(step title, minutes, Markdown body), …]), …]}``; loaded by
:mod:`dclic.learning.demo` into courses that have no module yet.
"""

from __future__ import annotations

SYLLABUS = {
    "DCLIC-MOB-001": [
        (
            "Découvrir son smartphone",
            [
                (
                    "Allumer, déverrouiller, éteindre",
                    5,
                    "Le **bouton latéral** allume le téléphone : gardez-le appuyé deux à trois "
                    "secondes. Pour le **déverrouiller**, glissez le doigt vers le haut puis "
                    "tapez votre code.\n\n"
                    "Choisissez un code d'au moins **six chiffres** que personne ne devine : "
                    "ni votre année de naissance, ni `123456`.\n\n"
                    "Pour éteindre, gardez le bouton latéral appuyé puis touchez "
                    "**Éteindre**. Redémarrer une fois par semaine règle bien des lenteurs.",
                ),
                (
                    "L'écran d'accueil et les applications",
                    8,
                    "L'**écran d'accueil** montre les icônes des applications. Touchez une "
                    "icône pour ouvrir l'application ; le **bouton Accueil** (ou un glissement "
                    "du bas vers le haut) vous ramène à l'accueil.\n\n"
                    "Pour ranger : gardez le doigt sur une icône, puis déplacez-la. Posez une "
                    "icône sur une autre pour créer un **dossier** (« Banque », « Travail »…).\n\n"
                    "Installez vos applications seulement depuis le **Play Store** (Android) ou "
                    "l'**App Store** (iPhone) : ailleurs, elles peuvent cacher des virus.",
                ),
            ],
        ),
        (
            "Économiser sa batterie et ses données",
            [
                (
                    "Faire durer la batterie",
                    6,
                    "Trois réglages font la différence :\n\n"
                    "1. baissez la **luminosité** de l'écran ;\n"
                    "2. activez le **mode économie d'énergie** quand il reste 20 % ;\n"
                    "3. coupez le **Bluetooth** et la **localisation** quand vous ne vous en "
                    "servez pas.\n\n"
                    "Rechargez sans attendre 0 % : une batterie vit plus longtemps entre "
                    "20 % et 80 %.",
                ),
                (
                    "Surveiller ses données mobiles",
                    7,
                    "Dans **Paramètres → Réseau → Utilisation des données**, vous voyez quelles "
                    "applications consomment votre forfait.\n\n"
                    "* Activez l'**économiseur de données** : les applications en arrière-plan "
                    "ne téléchargent plus rien.\n"
                    "* Réglez les mises à jour pour qu'elles se fassent **seulement en Wi-Fi**.\n"
                    "* Une vidéo d'une heure peut coûter plus de 500 Mo : regardez-la en Wi-Fi "
                    "ou choisissez une qualité basse.",
                ),
            ],
        ),
    ],
    "DCLIC-NET-001": [
        (
            "Chercher sur Internet",
            [
                (
                    "Le navigateur et la barre d'adresse",
                    6,
                    "Le **navigateur** (Chrome, Firefox, Safari…) affiche les pages web. En "
                    "haut, la **barre d'adresse** montre où vous êtes : `https://www.francophonie.org`.\n\n"
                    "Le **cadenas** et le `https` indiquent une connexion chiffrée : personne "
                    "ne peut lire ce que vous envoyez en chemin. Mais un cadenas ne prouve pas "
                    "que le site est honnête : lisez bien le nom du site.",
                ),
                (
                    "Faire une recherche efficace",
                    8,
                    "Tapez **quelques mots clés** plutôt qu'une phrase : `recette mafé poulet` "
                    "plutôt que « comment on fait le mafé ».\n\n"
                    '* Des guillemets cherchent une expression exacte : `"permis de conduire"`.\n'
                    "* Un signe moins exclut un mot : `jaguar -voiture`.\n\n"
                    "Comparez **plusieurs sources** et regardez qui écrit : un site officiel, "
                    "un journal, un blog personnel ?",
                ),
            ],
        ),
        (
            "Se protéger en ligne",
            [
                (
                    "Reconnaître l'hameçonnage",
                    8,
                    "L'**hameçonnage** est un faux message (e-mail, SMS, WhatsApp) qui imite "
                    "une banque, un opérateur ou une administration pour voler vos codes.\n\n"
                    "Méfiez-vous quand un message :\n\n"
                    "* vous **presse** (« votre compte sera bloqué dans 24 h ») ;\n"
                    "* demande un **mot de passe** ou un **code reçu par SMS** ;\n"
                    "* contient un lien vers une adresse étrange.\n\n"
                    "Dans le doute, n'utilisez pas le lien : ouvrez vous-même le site ou "
                    "l'application officielle.",
                ),
                (
                    "Des mots de passe solides",
                    7,
                    "Un bon mot de passe est **long** plutôt que compliqué : une phrase de "
                    "passe comme `le baobab boit du thé à midi` est solide et facile à retenir.\n\n"
                    "Utilisez un mot de passe **différent pour chaque compte** important "
                    "(e-mail, banque) et activez la **validation en deux étapes** quand elle "
                    "est proposée. Ne donnez jamais votre mot de passe, même à un proche.",
                ),
            ],
        ),
    ],
    "DCLIC-NET-002": [
        (
            "L'e-mail",
            [
                (
                    "Créer son adresse électronique",
                    6,
                    "Une adresse e-mail ressemble à `prenom.nom@fournisseur.com`. Choisissez "
                    "une adresse **sérieuse**, que vous pourrez donner à un employeur.\n\n"
                    "Notez votre mot de passe en lieu sûr et ajoutez un **numéro de téléphone "
                    "de secours** : il permet de récupérer le compte en cas d'oubli.",
                ),
                (
                    "Écrire un message clair",
                    8,
                    "Un bon message tient en quelques lignes :\n\n"
                    "1. un **objet** précis : « Candidature – assistant commercial » ;\n"
                    "2. une **formule de politesse** : « Bonjour Madame Diallo, » ;\n"
                    "3. l'essentiel en deux ou trois phrases ;\n"
                    "4. une **signature** avec votre nom et votre numéro.\n\n"
                    "Pour joindre un document, touchez le **trombone** et vérifiez son nom "
                    "avant d'envoyer.",
                ),
            ],
        ),
        (
            "Les messageries instantanées",
            [
                (
                    "Bien utiliser WhatsApp et les messageries",
                    6,
                    "Les messageries sont pratiques pour échanger vite avec un formateur ou un "
                    "groupe. Quelques règles :\n\n"
                    "* évitez les messages vocaux très longs, qui coûtent des données ;\n"
                    "* dans un groupe, restez dans le sujet ;\n"
                    "* vérifiez une information avant de la **transférer**.",
                ),
                (
                    "Protéger sa vie privée",
                    5,
                    "Dans **Paramètres → Confidentialité**, choisissez qui voit votre photo, "
                    "votre statut et votre dernière connexion.\n\n"
                    "Activez la **vérification en deux étapes** : un code vous sera demandé si "
                    "quelqu'un tente d'installer votre compte sur un autre téléphone.",
                ),
            ],
        ),
    ],
    "DCLIC-BUR-001": [
        (
            "Rédiger un document",
            [
                (
                    "Le traitement de texte",
                    6,
                    "Un **traitement de texte** (LibreOffice Writer, gratuit, ou Word) sert à "
                    "écrire, mettre en forme et imprimer des documents.\n\n"
                    "Enregistrez **dès le début** avec un nom parlant (`CV-Awa-Konate`), puis "
                    "régulièrement avec `Ctrl+S`.",
                ),
                (
                    "Titres, listes et styles",
                    8,
                    "Utilisez les **styles** « Titre 1 », « Titre 2 » plutôt que de grossir le "
                    "texte à la main : le document reste cohérent et la table des matières se "
                    "fait toute seule.\n\n"
                    "Les **listes à puces** rendent un texte lisible ; le **gras** se réserve "
                    "aux mots vraiment importants.",
                ),
            ],
        ),
        (
            "Mettre en pratique : le CV",
            [
                (
                    "Structurer son curriculum vitæ",
                    10,
                    "Un CV tient sur **une page** :\n\n"
                    "1. vos coordonnées ;\n"
                    "2. un titre : le poste visé ;\n"
                    "3. vos **expériences**, de la plus récente à la plus ancienne ;\n"
                    "4. vos **formations** ;\n"
                    "5. vos **compétences** (langues, outils numériques).",
                ),
                (
                    "Exporter en PDF",
                    5,
                    "Envoyez toujours votre CV en **PDF** : sa mise en page ne bouge plus, "
                    "quel que soit l'appareil. Dans LibreOffice : **Fichier → Exporter au "
                    "format PDF**.",
                ),
            ],
        ),
    ],
    "DCLIC-BUR-002": [
        (
            "Premiers pas dans le tableur",
            [
                (
                    "Cellules, lignes et colonnes",
                    6,
                    "Un **tableur** (LibreOffice Calc, Excel) range les données dans des "
                    "**cellules**, repérées par une lettre de colonne et un numéro de ligne : "
                    "`B3`.\n\n"
                    "Une colonne = une sorte d'information (date, libellé, montant) ; une ligne "
                    "= un enregistrement.",
                ),
                (
                    "Vos premières formules",
                    10,
                    "Une formule commence par `=`.\n\n"
                    "* `=B2+B3` additionne deux cellules ;\n"
                    "* `=SOMME(B2:B10)` additionne une plage ;\n"
                    "* `=MOYENNE(B2:B10)` calcule la moyenne.\n\n"
                    "Si vous changez un nombre, le résultat se met à jour tout seul.",
                ),
            ],
        ),
        (
            "Le budget d'une petite activité",
            [
                (
                    "Recettes et dépenses",
                    10,
                    "Faites deux colonnes : **Recettes** et **Dépenses**, un mois par ligne. En "
                    "bas, `=SOMME()` de chaque colonne ; à côté, le **solde** : "
                    "`=recettes - dépenses`.",
                ),
                (
                    "Un graphique pour convaincre",
                    8,
                    "Sélectionnez vos données puis **Insertion → Graphique**. Un graphique en "
                    "colonnes compare les mois ; une courbe montre une évolution. Donnez-lui "
                    "toujours un **titre**.",
                ),
            ],
        ),
    ],
    "DCLIC-WEB-001": [
        (
            "Comment fonctionne une page web",
            [
                (
                    "Le navigateur, le serveur et le HTML",
                    8,
                    "Quand vous ouvrez une adresse, votre **navigateur** demande la page à un "
                    "**serveur**, qui lui renvoie un fichier **HTML**. Le navigateur lit ce "
                    "fichier et affiche la page.\n\n"
                    "Le HTML décrit la **structure** du contenu : titres, paragraphes, liens, "
                    "images. La mise en forme viendra plus tard, avec le CSS.",
                ),
                (
                    "Les balises",
                    10,
                    "Le HTML s'écrit avec des **balises** entre chevrons :\n\n"
                    "```html\n<h1>Ma boutique</h1>\n<p>Ouverte du lundi au samedi.</p>\n```\n\n"
                    "`<h1>` ouvre un titre, `</h1>` le ferme. Une page n'a qu'un seul `h1` ; "
                    "les sous-titres sont des `h2`, `h3`…",
                ),
            ],
        ),
        (
            "Écrire sa première page",
            [
                (
                    "Le squelette d'une page",
                    10,
                    "Toute page commence ainsi :\n\n"
                    '```html\n<!doctype html>\n<html lang="fr">\n<head>\n'
                    '  <meta charset="utf-8">\n  <title>Ma page</title>\n</head>\n'
                    "<body>\n  <h1>Bonjour !</h1>\n</body>\n</html>\n```\n\n"
                    "Enregistrez ce texte dans `index.html` et ouvrez-le dans le navigateur.",
                ),
                (
                    "Liens et images accessibles",
                    10,
                    'Un lien : `<a href="contact.html">Nous contacter</a>` — son texte doit '
                    "dire où il mène (jamais « cliquez ici »).\n\n"
                    'Une image : `<img src="panier.jpg" alt="Panier de mangues">`. Le texte '
                    "`alt` est lu aux personnes aveugles et s'affiche si l'image ne se charge "
                    "pas.",
                ),
            ],
        ),
    ],
    "DCLIC-WEB-002": [
        (
            "Donner du style",
            [
                (
                    "Règles CSS",
                    8,
                    "Le **CSS** décrit l'apparence. Une règle choisit des éléments puis leur "
                    "donne des propriétés :\n\n"
                    "```css\nh1 { color: #0b5394; font-size: 2rem; }\n```\n\n"
                    "Reliez la feuille de style à la page avec "
                    '`<link rel="stylesheet" href="style.css">`.',
                ),
                (
                    "Couleurs et lisibilité",
                    8,
                    "Un texte doit trancher sur son fond : visez un **contraste d'au moins "
                    "4,5:1** (règle WCAG). Des outils gratuits le mesurent.\n\n"
                    "Utilisez des tailles en `rem` : elles suivent le réglage de taille de "
                    "texte de la personne.",
                ),
            ],
        ),
        (
            "Mise en page pour tous les écrans",
            [
                (
                    "Flexbox",
                    10,
                    "`display: flex` aligne des éléments en ligne, et `flex-wrap: wrap` les "
                    "fait passer à la ligne quand la place manque : idéal pour un menu.",
                ),
                (
                    "Penser mobile d'abord",
                    8,
                    "Écrivez d'abord le style pour les **petits écrans**, puis ajoutez des "
                    "règles pour les grands :\n\n"
                    "```css\n@media (min-width: 40rem) { main { max-width: 60rem; } }\n```",
                ),
            ],
        ),
    ],
    "DCLIC-DES-001": [
        (
            "Partir des utilisateurs",
            [
                (
                    "Qui sont vos utilisateurs ?",
                    8,
                    "Avant de dessiner, **interrogez** cinq personnes qui utiliseront "
                    "l'application : que veulent-elles faire ? sur quel téléphone ? avec quelle "
                    "connexion ?\n\n"
                    "Résumez leurs besoins en une phrase : « Une commerçante veut noter ses "
                    "ventes en moins d'une minute, même hors connexion. »",
                ),
                (
                    "Le parcours utilisateur",
                    8,
                    "Listez les **étapes** d'une tâche, de l'ouverture de l'application au "
                    "résultat. Chaque étape en trop est une occasion d'abandonner : "
                    "simplifiez.",
                ),
            ],
        ),
        (
            "De la maquette au prototype",
            [
                (
                    "Dessiner des maquettes",
                    10,
                    "Commencez sur **papier** : un rectangle par écran, des boîtes pour les "
                    "boutons et les textes. C'est rapide et on ose tout changer.\n\n"
                    "Les boutons doivent mesurer au moins **44 pixels** de côté : un doigt "
                    "n'est pas une souris.",
                ),
                (
                    "Tester avec un prototype",
                    10,
                    "Un **prototype cliquable** relie les écrans entre eux. Donnez une tâche à "
                    "une personne et **observez-la** sans l'aider : là où elle hésite, "
                    "l'interface doit changer.",
                ),
            ],
        ),
    ],
    "DCLIC-MKT-001": [
        (
            "Définir sa stratégie",
            [
                (
                    "Connaître sa cible",
                    8,
                    "Votre **cible**, ce sont les personnes que vous voulez toucher : âge, "
                    "lieu, besoins, réseaux qu'elles utilisent.\n\n"
                    "Décrivez un client type : « Mariam, 30 ans, commerçante à Abidjan, "
                    "cherche des fournisseurs fiables sur WhatsApp. »",
                ),
                (
                    "Des objectifs mesurables",
                    8,
                    "Un bon objectif est **précis et mesurable** : « 20 commandes par mois via "
                    "la page Facebook d'ici juin » plutôt que « être plus connu ».",
                ),
            ],
        ),
        (
            "Être visible en ligne",
            [
                (
                    "Le référencement naturel",
                    10,
                    "Pour apparaître dans les moteurs de recherche, utilisez **les mots de vos "
                    "clients** dans vos titres et descriptions, et créez une fiche "
                    "d'établissement gratuite sur les cartes en ligne.",
                ),
                (
                    "Mesurer ses résultats",
                    8,
                    "Chaque mois, notez quelques **indicateurs** : visites, messages reçus, "
                    "ventes. Gardez ce qui marche, arrêtez le reste.",
                ),
            ],
        ),
    ],
    "DCLIC-MKT-002": [
        (
            "Choisir ses réseaux",
            [
                (
                    "Où sont vos clients ?",
                    6,
                    "Inutile d'être partout : choisissez **un ou deux réseaux** où se trouvent "
                    "vos clients, et soyez-y régulier.\n\n"
                    "WhatsApp Business offre un **catalogue** et des réponses rapides, très "
                    "utiles pour un commerce.",
                ),
                (
                    "Le calendrier éditorial",
                    8,
                    "Prévoyez vos publications sur un mois : jours, sujets, visuels. Alternez "
                    "**conseils**, **coulisses** et **offres** : une publication sur cinq "
                    "seulement devrait vendre.",
                ),
            ],
        ),
        (
            "Animer une communauté",
            [
                (
                    "Répondre aux clients",
                    6,
                    "Répondez **vite** et **poliment**, même à une critique : remerciez, "
                    "proposez une solution, continuez en message privé si besoin.",
                ),
                (
                    "Suivre ses statistiques",
                    6,
                    "Les réseaux donnent des **statistiques** gratuites : portée, "
                    "interactions, meilleurs horaires. Publiez quand votre communauté est "
                    "en ligne.",
                ),
            ],
        ),
    ],
    "DCLIC-CYB-001": [
        (
            "Connaître les menaces",
            [
                (
                    "Les attaques les plus courantes",
                    8,
                    "Trois menaces touchent surtout les petites structures :\n\n"
                    "* l'**hameçonnage**, qui vole des mots de passe ;\n"
                    "* le **rançongiciel**, qui chiffre vos fichiers et demande une rançon ;\n"
                    "* la **fuite de données**, quand des informations de clients sont "
                    "exposées.",
                ),
                (
                    "Pourquoi vous ?",
                    6,
                    "Les attaquants visent rarement quelqu'un en particulier : ils envoient des "
                    "milliers de messages et profitent des **oublis**. Quelques bons gestes "
                    "suffisent à ne pas être une proie facile.",
                ),
            ],
        ),
        (
            "Les gestes qui protègent",
            [
                (
                    "Sauvegarder et mettre à jour",
                    8,
                    "Appliquez la règle **3-2-1** : trois copies de vos données, sur deux "
                    "supports, dont une hors du bureau.\n\n"
                    "Installez les **mises à jour** sans tarder : elles corrigent des failles "
                    "déjà connues des attaquants.",
                ),
                (
                    "Réagir en cas d'incident",
                    8,
                    "Si un appareil semble infecté : **débranchez-le** du réseau, ne payez "
                    "jamais de rançon, changez vos mots de passe depuis un autre appareil et "
                    "prévenez les personnes concernées.",
                ),
            ],
        ),
    ],
}
