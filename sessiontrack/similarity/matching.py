"""Near-duplicate projects: TF-IDF over word stems and cosine similarity.

A project is read as its title, goal and expected results (the passport fields that say what
it is and what it gives). Russian words change their endings (набережная, набережной,
набережную): each word is cut to its first :data:`STEM_LENGTH` letters, lower-cased, which
matches the forms of a word without a stemmer or a dictionary to download (on the generated
corpus this finds more planted duplicates, and faster, than character n-grams); the inverse
document frequency weighs down the words every passport repeats. Two projects are a pair
when they are in different sessions and the cosine of their vectors reaches the threshold.

Bounded: at most :data:`MAX_PROJECTS` projects, :data:`MAX_FIELD_CHARS` characters of each
field, :data:`MAX_PAIRS` pairs (the most similar first); the caller says which projects come
first when there are more.
"""

import re
from typing import NamedTuple

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

# The pair threshold: its default (see bench/duplicates.py for precision and recall there)
# and the range a reader may choose from.
DEFAULT_THRESHOLD = 0.62
MIN_THRESHOLD = 0.3
MAX_THRESHOLD = 0.95
MAX_PROJECTS = 2000
MAX_FIELD_CHARS = 2000
MAX_PAIRS = 500
# Passages shown side by side per pair, and how alike two passages must be to be shown.
PASSAGES_PER_PAIR = 3
PASSAGE_FLOOR = 0.25
# Rows of the similarity matrix computed at once (a block of BLOCK × projects floats).
BLOCK = 256
FIELDS = ("title", "goal", "expected_results")
STEM_LENGTH = 5
_WORD = re.compile(r"\w+")
# A sentence ends before a capital letter (not at «тыс. м²»).
_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+(?=[А-ЯЁA-Z«\"(\d])")


class ProjectText(NamedTuple):
    """What the comparison reads of a project."""

    project_id: int
    session_id: int
    title: str
    goal: str
    expected_results: str

    def field(self, name: str) -> str:
        """The field ``name``, cut to :data:`MAX_FIELD_CHARS` characters."""
        return (getattr(self, name) or "")[:MAX_FIELD_CHARS]

    def document(self) -> str:
        """The text compared: the fields one after another."""
        return "\n".join(self.field(name) for name in FIELDS)

    def passages(self) -> list["Passage"]:
        """The title, then each sentence of the goal and of the expected results."""
        found = []
        for name in FIELDS:
            for sentence in _SENTENCE_END.split(self.field(name).strip()):
                if sentence.strip():
                    found.append(Passage(name, sentence.strip()))
        return found


class Passage(NamedTuple):
    """A sentence of a project's field (``field`` is one of :data:`FIELDS`)."""

    field: str
    text: str


class MatchingPassages(NamedTuple):
    """A passage of each project of a pair, and how alike they are (0–1)."""

    first: Passage
    second: Passage
    score: float


class DuplicatePair(NamedTuple):
    """Two projects of different sessions that read alike; ``first`` has the smaller id."""

    first: int
    second: int
    score: float
    passages: tuple[MatchingPassages, ...] = ()


def word_stems(text: str) -> list[str]:
    """The words of ``text``, lower-cased, each cut to its first :data:`STEM_LENGTH` letters."""
    return [word[:STEM_LENGTH] for word in _WORD.findall(text.lower())]


def _vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=word_stems, sublinear_tf=True, dtype=np.float32)


def find_duplicates(
    texts: list[ProjectText], threshold: float = DEFAULT_THRESHOLD
) -> list[DuplicatePair]:
    """Every pair of projects of different sessions whose similarity reaches ``threshold``
    (clamped to :data:`MIN_THRESHOLD`–:data:`MAX_THRESHOLD`), the most similar first, at most
    :data:`MAX_PAIRS`, each with its best-matching passages (``_PassageVectors.matching``).

    Only the first :data:`MAX_PROJECTS` of ``texts`` are read.
    """
    threshold = min(max(threshold, MIN_THRESHOLD), MAX_THRESHOLD)
    texts = texts[:MAX_PROJECTS]
    if len({text.session_id for text in texts}) < 2:
        return []
    vectorizer = _vectorizer()
    vectors = vectorizer.fit_transform([text.document() for text in texts])
    sessions = np.array([text.session_id for text in texts])
    scores, firsts, seconds = np.empty(0), np.empty(0, int), np.empty(0, int)
    for start in range(0, len(texts), BLOCK):
        block = (vectors[start : start + BLOCK] @ vectors.T).toarray()
        rows, columns = np.nonzero(block >= threshold)
        # Each pair once (the later project against the earlier), across sessions only.
        kept = (columns < rows + start) & (sessions[rows + start] != sessions[columns])
        rows, columns = rows[kept], columns[kept]
        scores = np.concatenate([scores, block[rows, columns]])
        firsts = np.concatenate([firsts, columns])
        seconds = np.concatenate([seconds, rows + start])
        if len(scores) > MAX_PAIRS:
            best = np.argpartition(-scores, MAX_PAIRS)[:MAX_PAIRS]
            scores, firsts, seconds = scores[best], firsts[best], seconds[best]
    found = sorted(
        zip(scores.tolist(), firsts.tolist(), seconds.tolist(), strict=True),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )
    passages = _PassageVectors(
        vectorizer, [texts[i] for i in {i for _, *ids in found for i in ids}]
    )
    pairs = []
    for score, one, other in found:
        first, second = sorted((texts[one], texts[other]), key=lambda text: text.project_id)
        pairs.append(
            DuplicatePair(
                first.project_id,
                second.project_id,
                round(min(score, 1.0), 4),
                passages.matching(first.project_id, second.project_id),
            )
        )
    return pairs


class _PassageVectors:
    """The passages of some projects and their TF-IDF vectors, made in one pass."""

    def __init__(self, vectorizer: TfidfVectorizer, texts: list[ProjectText]):
        self.passages, self.rows = {}, {}
        everything = []
        for text in texts:
            self.passages[text.project_id] = text.passages()
            self.rows[text.project_id] = len(everything)
            everything.extend(passage.text for passage in self.passages[text.project_id])
        self.vectors = vectorizer.transform(everything) if everything else None

    def _of(self, project_id: int):
        start = self.rows[project_id]
        return self.vectors[start : start + len(self.passages[project_id])]

    def matching(self, first: int, second: int) -> tuple[MatchingPassages, ...]:
        """The passages of the two projects that read most alike, best first: at most
        :data:`PASSAGES_PER_PAIR`, each passage in one match only, none below
        :data:`PASSAGE_FLOOR`."""
        ours, theirs = self.passages[first], self.passages[second]
        if not ours or not theirs:
            return ()
        similarity = (self._of(first) @ self._of(second).T).toarray()
        matches = []
        while len(matches) < PASSAGES_PER_PAIR:
            row, column = np.unravel_index(np.argmax(similarity), similarity.shape)
            score = float(similarity[row, column])
            if score < PASSAGE_FLOOR:
                break
            matches.append(MatchingPassages(ours[row], theirs[column], round(min(score, 1.0), 4)))
            similarity[row, :] = -1
            similarity[:, column] = -1
        return tuple(matches)
