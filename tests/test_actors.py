"""The actor resolver on short sentences of our own, French and English: exact actors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dyad.actors import ActorResolver
from dyad.nlp.models import load

DAY = dt.date(2023, 2, 7)


@pytest.fixture(scope="module")
def fr():
    return ActorResolver("fr")


@pytest.fixture(scope="module")
def en():
    return ActorResolver("en")


def resolve(resolver: ActorResolver, text: str, target: str, day: dt.date | None = DAY, **options):
    doc = load(resolver.lang)(text)
    start = text.rindex(target)
    span = doc.char_span(start, start + len(target), alignment_mode="expand")
    actor = resolver.analyse(doc, day).actor_for_span(span, **options)
    return None if actor is None else (actor.code, actor.sector, actor.name)


@pytest.mark.parametrize(("text", "target", "expected"), [
    ("Le ministre russe des Affaires étrangères est arrivé à Bamako.", "ministre", ("RUS", "GOV", None)),
    ("L'armée burkinabè a repoussé l'assaut.", "armée", ("BFA", "MIL", None)),
    ("Des combattants de Boko Haram ont attaqué le village.", "combattants", ("ISM", "REB", "Boko Haram")),
    ("Le président de la transition, le colonel Assimi Goïta, a reçu les envoyés.", "président",
     ("MLI", "GOV", "Assimi Goïta")),
    ("La CEDEAO a levé ses sanctions.", "CEDEAO", ("IGO", None, "ECOWAS")),
    ("L'EIGS a revendiqué l'attaque.", "EIGS", ("ISM", "REB", "ISGS")),
    ("Les mercenaires de Wagner sont arrivés.", "mercenaires", ("RUS", "UAF", "Wagner")),
    ("Moscou a démenti.", "Moscou", ("RUS", "GOV", None)),
    ("Le Kremlin a démenti.", "Kremlin", ("RUS", "GOV", None)),
    ("Les manifestants maliens ont défilé.", "manifestants", ("MLI", "CVL", None)),
    ("Deux journalistes français ont été expulsés.", "journalistes", ("FRA", "JRN", None)),
    ("Les gendarmes nigériens ont arrêté le suspect.", "gendarmes", ("NER", "COP", None)),
    ("La Fédération de Russie a livré des avions.", "Fédération", ("RUS", "GOV", None)),
    ("L'ancien président ivoirien est rentré.", "président", ("CIV", "ELI", None)),
    ("Les soldats de la MINUSMA ont quitté Kidal.", "soldats", ("UNO", "MIL", "MINUSMA")),
])
def test_french_phrases(fr, text, target, expected):
    assert resolve(fr, text, target) == expected


def test_memory_binds_names_roles_and_pronouns(fr):
    text = ("Sergueï Lavrov, ministre russe des Affaires étrangères, est arrivé mardi. "
            "Il a rencontré son homologue malien. Lavrov a ensuite salué la coopération.")
    assert resolve(fr, text, "Il") == ("RUS", "GOV", "Sergey Lavrov")
    assert resolve(fr, text, "homologue") == ("MLI", "GOV", None)
    assert resolve(fr, text, "Lavrov") == ("RUS", "GOV", "Sergey Lavrov")


def test_unknown_person_is_bound_by_apposition(fr):
    text = "Moussa Konaté, ministre nigérien de la Défense, a visité le front. Konaté a promis des renforts."
    assert resolve(fr, text, "Konaté") == ("NER", "GOV", "Moussa Konaté")


def test_people_resolve_by_date(fr):
    text = "Ibrahim Boubacar Keïta a reçu les partis."
    assert resolve(fr, text, "Keïta", dt.date(2019, 6, 1)) == ("MLI", "GOV", "Ibrahim Boubacar Keïta")
    assert resolve(fr, text, "Keïta", dt.date(2021, 6, 1)) == ("MLI", "ELI", "Ibrahim Boubacar Keïta")
    goita = "Assimi Goïta a parlé."
    assert resolve(fr, goita, "Goïta", dt.date(2019, 6, 1))[:2] == ("MLI", "MIL")
    assert resolve(fr, goita, "Goïta", dt.date(2022, 6, 1))[:2] == ("MLI", "GOV")


def test_a_role_without_country_is_partial(fr):
    text = "Le ministre a parlé."
    assert resolve(fr, text, "ministre") is None
    assert resolve(fr, text, "ministre", partial=True) == ("-", "GOV", None)


def test_subtree_finds_the_agent_of_a_noun(fr):
    text = "L'attaque des jihadistes du JNIM a fait dix morts."
    assert resolve(fr, text, "attaque") is None
    assert resolve(fr, text, "attaque", subtree=True) == ("ISM", "REB", "JNIM")


def test_coordinated_leaders_stay_apart(fr):
    doc = load("fr")("Le président nigérien Mohamed Bazoum et le Tchadien Mahamat Idriss Déby ont parlé.")
    actors = [(m.actor.code, m.actor.name) for m in fr.analyse(doc, dt.date(2022, 2, 1)).mentions]
    assert ("NER", "Mohamed Bazoum") in actors
    assert ("TCD", "Mahamat Idriss Déby") in actors


@pytest.mark.parametrize(("text", "target", "expected"), [
    ("Russian Foreign Minister Sergei Lavrov met his Malian counterpart.", "counterpart", ("MLI", "GOV", None)),
    ("Russian Foreign Minister Sergei Lavrov met his Malian counterpart.", "Lavrov", ("RUS", "GOV", "Sergey Lavrov")),
    ("French troops in Mali were attacked.", "troops", ("FRA", "MIL", None)),
    ("Muslim leaders in Senegal called for calm.", "leaders", ("SEN", "REL", None)),
    ("Shanghai police arrested him.", "police", ("CHN", "COP", None)),
    ("The Pentagon denied it.", "Pentagon", ("USA", "MIL", "Pentagon")),
    ("Burkina Faso's ruling junta expelled the envoy.", "junta", ("BFA", "GOV", None)),
    ("In May, the minister resigned.", "May", None),
    ("Labour accused the government of neglect.", "Labour", ("GBR", "PTY", "Labour")),
    ("The report condemned forced labour in the mines.", "labour", None),
    ("The Tories lost the vote in the House of Commons.", "Commons", ("GBR", "LEG", "Parliament")),
])
def test_english_phrases(en, text, target, expected):
    assert resolve(en, text, target) == expected


def test_user_file_adds_and_overrides(tmp_path: Path):
    user = tmp_path / "actors.yaml"
    user.write_text(
        "organisations:\n"
        "  - {code: MLI, sector: REB, name: FLA, names: [Front de libération de l'Azawad, FLA]}\n"
        "people:\n"
        "  - {name: Amadou Sanogo, code: MLI, sector: MIL, start: 2012-03-22, end: 2013-08-14}\n"
        "roles:\n"
        "  fr:\n"
        "    CVL: [orpailleur]\n", encoding="utf-8")
    resolver = ActorResolver("fr", user)
    assert resolve(resolver, "Amadou Sanogo a pris le pouvoir.", "Sanogo", dt.date(2012, 4, 1)) == (
        "MLI", "MIL", "Amadou Sanogo")
    assert resolve(resolver, "Les orpailleurs maliens ont manifesté.", "orpailleurs") == ("MLI", "CVL", None)


def test_pronouns_agree_in_gender_with_states(fr):
    text = "La France a rappelé son ambassadeur. Le Mali a protesté. Elle a dénoncé la décision."
    assert resolve(fr, text, "Elle") == ("FRA", "GOV", None)


def test_possessive_gives_the_owner_country(fr):
    assert resolve(fr, "Le Niger a mobilisé ses soldats.", "soldats") == ("NER", "MIL", None)
    assert resolve(fr, "La France a rappelé son ambassadeur.", "ambassadeur") == ("FRA", "GOV", None)


def test_impersonal_il_is_no_actor(fr):
    doc = load("fr")("Le Mali a protesté. Il faut que la CEDEAO agisse.")
    kinds = [m.kind for m in fr.analyse(doc, DAY).mentions]
    assert "pronoun" not in kinds


def test_only_a_definite_singular_role_refers_back(en):
    text = "Liz Truss, the UK leader, spoke. G20 leaders met. The leader left."
    assert resolve(en, text, "G20 leaders") == ("IGO", "GOV", "G20")
    assert resolve(en, text, "The leader") == ("GBR", "GOV", "Liz Truss")
