"""A generated corpus of project passports with planted near-duplicates across sessions.

The projects are written from the benchmark's words (:mod:`.bench_words`): a title of an
action, an object and a topic, a goal and expected results of a specific sentence, the
leading partner and generic sentences that every passport repeats. Each (object, topic) is
used once, so two generated projects are never the same thing by chance. A planted
duplicate retells a project in another session: other words for one or two of the action,
object and topic, synonyms in the sentences, the sentences shuffled, one of them left out
and a generic one added. The same seed gives the same corpus. :func:`precision_and_recall`
scores what a finder found against the planted pairs.
"""

import itertools
import random
import re
from typing import NamedTuple

from ..similarity.matching import ProjectText
from .bench_words import (
    INDICATOR_NAMES,
    ORGANISATION_PREFIXES,
    ORGANISATION_WORDS,
    PROJECT_ACTIONS,
    PROJECT_OBJECTS,
    PROJECT_TOPICS,
    SENTENCES,
)

ACTION_SYNONYMS = {
    "Создание": "Формирование",
    "Модернизация": "Обновление",
    "Развитие": "Расширение",
    "Строительство": "Возведение",
    "Реконструкция": "Капитальное обновление",
    "Запуск": "Открытие",
    "Организация": "Формирование",
}
OBJECT_SYNONYMS = {
    "центра компетенций": "центра компетенций и экспертизы",
    "технопарка": "технологического парка",
    "инженерной школы": "школы инженеров",
    "сети общественных пространств": "общественных пространств",
    "котельной": "городской котельной",
    "очистных сооружений": "очистных сооружений канализации",
    "бизнес-инкубатора": "инкубатора для бизнеса",
    "цифровой платформы": "цифровой платформы услуг",
    "спортивного кластера": "спортивного комплекса",
    "набережной": "городской набережной",
    "испытательного полигона": "полигона для испытаний",
    "производства композитов": "производства композитных материалов",
    "центра коллективного пользования": "ЦКП (центра коллективного пользования)",
    "молодёжного пространства": "пространства для молодёжи",
    "тепловых сетей": "теплосетей",
}
TOPIC_SYNONYMS = {
    "в области аддитивных технологий": "в сфере аддитивного производства",
    "для малого и среднего бизнеса": "для МСП",
    "для молодёжи города": "для городской молодёжи",
    "на базе градообразующих предприятий": "на площадке градообразующих предприятий",
    "в новом микрорайоне": "в строящемся микрорайоне",
    "с участием жителей": "вместе с жителями",
    "для выхода на гражданский рынок": "для выпуска гражданской продукции",
    "по принципам энергоэффективности": "с упором на энергосбережение",
    "в партнёрстве с вузами края": "совместно с университетами края",
}
# Word for word replacements in the sentences of a retold passport.
WORD_SYNONYMS = {
    "Проект": "Инициатива",
    "проект": "инициатива",
    "города": "муниципалитета",
    "городе": "муниципалитете",
    "новые": "дополнительные",
    "нескольких": "ряда",
    "Реализация": "Выполнение",
    "Результаты": "Итоги",
    "ежегодно": "каждый год",
    "требуется": "нужно",
    "создать": "сформировать",
    "обеспечить": "гарантировать",
}
GOAL_BENEFITS = (
    "чтобы удержать в городе молодых специалистов",
    "чтобы снизить затраты предприятий и бюджета",
    "чтобы дать малому бизнесу заказы крупных предприятий",
    "чтобы жители получили современную среду",
    "чтобы обеспечить город надёжным теплом и водой",
    "чтобы вывести разработки предприятий на рынок",
)
TARGET_YEARS = (2021, 2022, 2023, 2024)


class Corpus(NamedTuple):
    """Generated project texts and the planted pairs (project ids, smaller first)."""

    texts: list[ProjectText]
    planted: set[tuple[int, int]]


def generate_corpus(
    sessions: int = 6, projects_per_session: int = 20, planted: int = 24, seed: int = 2018
) -> Corpus:
    """``sessions`` × ``projects_per_session`` projects, then ``planted`` retold copies of
    some of them, each in a session other than its original's.

    :raise ValueError: if the words give fewer distinct projects than asked for, or more
        copies are asked for than there are projects.
    """
    rng = random.Random(seed)  # noqa: S311 (test data)
    subjects = list(itertools.product(PROJECT_OBJECTS, PROJECT_TOPICS))
    count = sessions * projects_per_session
    if count > len(subjects) or planted > count or sessions < 2:
        raise ValueError(f"at most {len(subjects)} projects, and two sessions or more")
    rng.shuffle(subjects)
    texts = []
    for number, (subject, topic) in enumerate(subjects[:count], start=1):
        session_id = (number - 1) % sessions + 1
        texts.append(_project(rng, number, session_id, rng.choice(PROJECT_ACTIONS), subject, topic))
    pairs = set()
    for number, original in enumerate(rng.sample(texts, planted), start=count + 1):
        session_id = rng.choice([s for s in range(1, sessions + 1) if s != original.session_id])
        texts.append(_retold(rng, original, number, session_id))
        pairs.add((original.project_id, number))
    return Corpus(texts, pairs)


def _project(rng, number, session_id, action, subject, topic) -> ProjectText:
    indicator, unit = rng.choice(INDICATOR_NAMES)
    generic = rng.sample(SENTENCES, 3)
    goal = f"{action} {subject} {topic}, {rng.choice(GOAL_BENEFITS)}. {generic[0]} {generic[1]}"
    kind = rng.choice(list(ORGANISATION_PREFIXES))
    partner = f"{ORGANISATION_PREFIXES[kind]} «{rng.choice(ORGANISATION_WORDS)}»"
    results = (
        f"{indicator}: {rng.randrange(5, 500)} {unit} к {rng.choice(TARGET_YEARS)} году. "
        f"Ведущий партнёр — {partner}. {generic[2]}"
    )
    return ProjectText(number, session_id, f"{action} {subject} {topic}", goal, results)


def _retold(rng, original: ProjectText, number: int, session_id: int) -> ProjectText:
    """The original in other words: one or two of the title's three parts (action, object,
    topic) replaced by synonyms, the same in the sentences, which are reworded, shuffled, one
    left out and a generic one added."""
    tables = rng.sample((ACTION_SYNONYMS, OBJECT_SYNONYMS, TOPIC_SYNONYMS), rng.randint(1, 2))
    goal = _reshuffled(rng, original.goal, tables, drop=True)
    results = _reshuffled(rng, original.expected_results, tables, drop=False)
    results = f"{results} {_reworded(rng.choice(SENTENCES))}"
    return ProjectText(number, session_id, _synonyms(original.title, tables), goal, results)


def _synonyms(text: str, tables) -> str:
    for table in tables:
        for words, synonym in table.items():
            if words in text:
                text = text.replace(words, synonym, 1)
                break
    return text


def _reworded(sentence: str) -> str:
    return " ".join(WORD_SYNONYMS.get(word, word) for word in sentence.split())


def _reshuffled(rng, text: str, tables, *, drop: bool) -> str:
    sentences = [s for s in re.split(r"(?<=\.)\s+", text) if s]
    if drop and len(sentences) > 2:
        sentences.pop(rng.randrange(1, len(sentences)))
    rng.shuffle(sentences)
    return " ".join(_reworded(_synonyms(s, tables)) for s in sentences)


def precision_and_recall(
    found: set[tuple[int, int]], planted: set[tuple[int, int]]
) -> tuple[float, float]:
    """The share of found pairs that were planted, and of planted pairs that were found
    (1.0 for an empty set, as nothing was wrongly found or missed)."""
    hits = len(found & planted)
    return (hits / len(found) if found else 1.0, hits / len(planted) if planted else 1.0)
