"""Synthetic Indonesian news corpus for the benchmarks: Sastrawi root words with affixes, Zipf-distributed.

The benchmarks need corpora of millions of tokens whose vocabulary behaves like real
Indonesian news, not the five seed articles repeated. Word types are built from the 29,900
root words of Sastrawi's dictionary (``Sastrawi/Stemmer/data/kata-dasar.txt``, found through
the installed package) combined with the productive Indonesian affixes (meN-, di-, ber-, ter-,
peN-, peN-...-an, per-...-an, ke-...-an, -an, -kan, -i, -nya, -lah, se-, memper-/diper-...-kan;
meN-/peN- with the usual nasal assimilation, *tulis* -> *menulis*, *pukul* -> *memukul*) and
full reduplication (*negara-negara*); about 660,000 candidate types in all. Roots are drawn
from a Zipf-Mandelbrot distribution (Zipf 1949; Mandelbrot 1953; rank-frequency slope near -1
in log-log), the roots found in the seed articles taking the top ranks in their seed frequency
order; each root's affix pattern is drawn from fixed pattern weights with per-type log-normal
noise. A fixed share of tokens are function words (*yang, dan,
di, ...*), proper names including every variant in the alias table ``analysis/data/aliases.csv``
(*Kim Jong Un, Korut, AS, PBB, ...*), and numbers (*75, 5,4%, 1.443.000, (12/10)*). Sentences
carry the attribution patterns of news prose (*"...," kata Putin.*; *Menurut KCNA, ...*;
*Kim mengatakan bahwa ...*) with every kind of quotation mark (" “ ” ‘ ’ '). Everything is
drawn with numpy from one seed, so a corpus is reproducible; a different seed samples
different articles from the same synthetic language. Use it for speed and memory measurements
only: the text is word salad with the statistics of news, not news.

Functions: :func:`make_articles`, :func:`make_paragraphs`, :func:`make_token_corpus`
(articles totalling at least N words) and :func:`make_corpus_dir` (article files plus a
``manifest.csv``, with titles, datelines and boilerplate for the loader).
"""
from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["OUTLETS", "make_articles", "make_corpus_dir", "make_paragraphs", "make_token_corpus",
           "outlet_names", "vocabulary"]

# The synthetic language is fixed (same vocabulary and ranks for every seed).
_VOCAB_SEED = 20231012
ROOT_ZIPF_EXPONENT = 1.1
ROOT_ZIPF_OFFSET = 20.0  # Zipf-Mandelbrot offset: the top roots follow the top function words
NAME_ZIPF_EXPONENT = 1.0
FUNCTION_ZIPF_EXPONENT = 1.0
PATTERN_NOISE = 0.6     # sd of the log-normal noise on each type's affix-pattern weight
FUNCTION_SHARE = 0.36   # share of word slots filled by function words
NAME_SHARE = 0.035      # share of word slots filled by a proper name (one or more words)
NUMBER_SHARE = 0.015    # share of word slots filled by a number

# Frequent Indonesian function words, roughly in frequency order in news text; the rest of
# Sastrawi's stop-word list follows them at lower ranks. None of these takes affixes.
FUNCTION_WORDS = (
    "yang dan di ke dari untuk dengan ini itu pada dalam tidak akan juga telah bahwa oleh "
    "sebagai adalah atau karena ia mereka kami kita tersebut lebih sudah bisa dapat antara "
    "para saat setelah serta namun hingga masih secara jika tetapi belum harus sangat sejak "
    "agar kepada bagi atas seperti ada ketika sementara bahkan kini lalu pun sebuah seorang "
    "kedua semua tak hanya selama terhadap melalui tentang tanpa sebelum baru"
).split()

# Affix patterns: (name, weight). The weights are a rough guess at their share of tokens in
# news text; only their order of magnitude matters for a benchmark.
PATTERNS = (
    ("root", 0.40), ("root+nya", 0.06), ("meN", 0.08), ("meN+kan", 0.06), ("meN+i", 0.03),
    ("di", 0.05), ("di+kan", 0.04), ("di+i", 0.02), ("ber", 0.05), ("ter", 0.03),
    ("peN", 0.02), ("peN+an", 0.03), ("per+an", 0.02), ("ke+an", 0.03), ("root+an", 0.05),
    ("root+kan", 0.01), ("root+lah", 0.005), ("se", 0.01), ("memper+kan", 0.005),
    ("diper+kan", 0.005), ("ber+an", 0.005), ("root+an+nya", 0.01), ("redup", 0.02),
)

KNOWN_NAMES = (
    "Putin", "Kim", "Rusia", "Moskow", "Pyongyang", "Ukraina", "Kremlin", "Seoul", "Washington",
    "Tiongkok", "Beijing", "Jepang", "Vladivostok", "Sergei Lavrov", "Sergei Shoigu",
    "Xi Jinping", "Joe Biden", "Yoon Suk Yeol", "Dmitry Peskov", "Reuters", "AFP", "AP",
    "Yonhap", "TASS", "RIA Novosti", "Jakarta", "Indonesia", "Kementerian Luar Negeri",
)
INSTITUTIONS = ("KCNA", "PBB", "Kremlin", "Gedung Putih", "Reuters", "Yonhap", "TASS",
                "Kementerian Luar Negeri")
OUTLETS = ("Warta Nusantara", "Kabar Harian", "Suara Khatulistiwa", "Berita Kita",
           "Jurnal Merdeka", "Lintas Pagi")
_OUTLET_WEIGHTS = (0.30, 0.22, 0.18, 0.13, 0.10, 0.07)

QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'"), ('"', "”"))
_QUOTE_WEIGHTS = (0.40, 0.30, 0.12, 0.10, 0.08)
CUES_AFTER = ("kata", "ujar", "tutur", "ucap", "katanya", "ujarnya", "tuturnya", "imbuhnya")
CUES_BEFORE = ("mengatakan", "menyebut", "menegaskan", "menyatakan", "menjelaskan",
               "mengungkapkan", "menambahkan", "berharap", "berjanji", "menulis")
# Sentence kinds: plain, "quote," kata X., X mengatakan "quote"., Menurut X, ...,
# X mengatakan bahwa ..., ..., kata X.  Plain sentences may quote a short phrase.
_KIND_WEIGHTS = (0.62, 0.12, 0.05, 0.07, 0.08, 0.06)
_PHRASE_QUOTE_SHARE = 0.05
_COMMA_SHARE = 0.05
_BLOCK_PARAGRAPHS = 5_000  # about 230,000 words drawn at a time
_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember")


def _sastrawi_roots() -> list[str]:
    """Root words of Sastrawi's dictionary, located through the installed package."""
    import Sastrawi

    path = Path(Sastrawi.__file__).resolve().parent / "Stemmer" / "data" / "kata-dasar.txt"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing. Reinstall PySastrawi >= 1.2.1.")
    words = path.read_text(encoding="utf-8").split("\n")
    return sorted({w.strip() for w in words if w.strip()})


def _nasal(root: str, prefix: str) -> str:
    """Attach meN- or peN- (``prefix`` is "me" or "pe") with nasal assimilation.

    >>> [_nasal(r, "me") for r in ("tulis", "pukul", "sebut", "kirim", "ambil", "lihat", "bawa")]
    ['menulis', 'memukul', 'menyebut', 'mengirim', 'mengambil', 'melihat', 'membawa']
    """
    first = root[0]
    if first in "aiueo":
        return prefix + "ng" + root
    if first in "lmnrwy":
        return prefix + root
    if first in "bfv":
        return prefix + "m" + root
    if first == "p":
        return prefix + "m" + root[1:]
    if first in "dcjz":
        return prefix + "n" + root
    if first == "t":
        return prefix + "n" + root[1:]
    if first == "s":
        return prefix + "ny" + root[1:]
    if first == "k":
        return prefix + "ng" + root[1:]
    return prefix + "ng" + root  # g, h, q, x


def _derive(root: str, pattern: str) -> str:
    """The word built from ``root`` by one affix ``pattern`` (see ``PATTERNS``).

    >>> [_derive("tulis", p) for p in ("meN+kan", "di+i", "peN+an", "ke+an", "redup")]
    ['menuliskan', 'ditulisi', 'penulisan', 'ketulisan', 'tulis-tulis']
    """
    r_start = root.startswith("r")
    if pattern == "meN":
        return _nasal(root, "me")
    if pattern.startswith("meN+"):
        return _nasal(root, "me") + pattern[4:]
    if pattern == "peN":
        return _nasal(root, "pe")
    if pattern == "peN+an":
        return _nasal(root, "pe") + "an"
    if pattern in ("ber", "ter"):
        return (pattern[:2] if r_start else pattern) + root
    if pattern == "ber+an":
        return ("be" if r_start else "ber") + root + "an"
    if pattern == "per+an":
        return ("pe" if r_start else "per") + root + "an"
    if pattern == "redup":
        return f"{root}-{root}"
    prefix, _, suffix = pattern.partition("+")
    if prefix == "root":
        return root + suffix.replace("+", "")
    return prefix + root + suffix


def _seed_counts() -> dict[str, int]:
    """Lower-case word counts in the seed articles (empty if the project is not installed)."""
    try:
        from analysis.paths import SEEDS_DIR
    except ImportError:
        return {}
    counts: dict[str, int] = {}
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        for word in re.findall(r"\b[a-z]+\b", path.read_text(encoding="utf-8")):  # not names
            counts[word] = counts.get(word, 0) + 1
    return counts


@lru_cache(maxsize=1)
def _function_words() -> tuple[str, ...]:
    """``FUNCTION_WORDS`` in order, then the rest of Sastrawi's stop-word list (Tala 2003)."""
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    rest = sorted(set(StopWordRemoverFactory().get_stop_words()) - set(FUNCTION_WORDS))
    rng = np.random.default_rng(_VOCAB_SEED + 2)
    return tuple(FUNCTION_WORDS) + tuple(rest[i] for i in rng.permutation(len(rest)))


def _zipf_weights(n: int, exponent: float, offset: float = 0.0) -> np.ndarray:
    """Zipf-Mandelbrot probabilities of ranks 1..n: p(r) proportional to 1 / (r + offset) ** exponent."""
    weights = 1.0 / (np.arange(1, n + 1, dtype=np.float64) + offset) ** exponent
    return weights / weights.sum()


@lru_cache(maxsize=1)
def vocabulary() -> tuple[np.ndarray, np.ndarray]:
    """Content word types and their probabilities, most probable first.

    Returns
    -------
    words : numpy.ndarray of str (object dtype)
    probabilities : numpy.ndarray of float64, summing to 1, non-increasing.
    """
    rng = np.random.default_rng(_VOCAB_SEED)
    function = set(_function_words())
    roots = [r for r in _sastrawi_roots() if r not in function]
    in_seeds = _seed_counts()
    order = rng.permutation(len(roots))  # random ranks, then roots seen in the seeds first
    order = sorted(order.tolist(), key=lambda i: -in_seeds.get(roots[i], 0))
    roots = [roots[i] for i in order]
    root_p = _zipf_weights(len(roots), ROOT_ZIPF_EXPONENT, ROOT_ZIPF_OFFSET)
    pattern_w = [w for _, w in PATTERNS]
    words, owner, weight = [], [], []
    for i, root in enumerate(roots):
        if root.isalpha() and len(root) >= 2:  # compounds like "abal-abal" stay bare
            words.extend(_derive(root, name) for name, _ in PATTERNS)
            owner.extend([i] * len(PATTERNS))
            weight.extend(pattern_w)
        else:
            words.append(root)
            owner.append(i)
            weight.append(1.0)
    # Pattern weights with per-type noise (some roots are mostly verbs, some nouns), rescaled
    # so that each root keeps its Zipf-Mandelbrot probability.
    owner = np.array(owner)
    probs = np.array(weight) * np.exp(rng.normal(0.0, PATTERN_NOISE, len(weight)))
    probs *= root_p[owner] / np.bincount(owner, weights=probs)[owner]
    uniq, inverse = np.unique(np.array(words, dtype=object), return_inverse=True)
    merged = np.bincount(inverse, weights=probs)
    order = np.argsort(-merged, kind="stable")
    return uniq[order], merged[order] / merged.sum()


@lru_cache(maxsize=1)
def _names() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Proper names (alias-table variants first), their probabilities, and speaker names."""
    from analysis.resources import read_table

    variants = read_table("aliases.csv")["variant"].tolist()
    rng = np.random.default_rng(_VOCAB_SEED + 1)
    syllables = [c + v for c in "bdghjklmnprstwy" for v in "aiuo"]
    parts = {"".join(rng.choice(syllables, k)).capitalize() for k in (2, 3) for _ in range(900)}
    parts = sorted(parts)
    people = [f"{a} {b}" for a, b in zip(rng.permutation(parts), rng.permutation(parts)[::-1])]
    names = list(dict.fromkeys(variants + list(KNOWN_NAMES) + people))
    speakers = ["Putin", "Kim", "Kim Jong Un", "Vladimir Putin", "Sergei Lavrov", "Dmitry Peskov",
                *INSTITUTIONS, *people[:300]]
    return (np.array(names, dtype=object), _zipf_weights(len(names), NAME_ZIPF_EXPONENT),
            np.array(speakers, dtype=object))


def _numbers(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` numbers as news prints them: 75, 2023, 5,4%, 0,28, 1.443.000, 30%, (12/10), ke-78."""
    kind = rng.integers(0, 8, n)
    a = rng.integers(1, 100, n)
    b = rng.integers(0, 10, n)
    c = rng.integers(1, 13, n)
    out = []
    for k, x, y, m in zip(kind.tolist(), a.tolist(), b.tolist(), c.tolist()):
        if k == 0:
            out.append(str(x))
        elif k == 1:
            out.append(str(1945 + x % 80))
        elif k == 2:
            out.append(f"{x % 20},{y}%")
        elif k == 3:
            out.append(f"{x % 3},{y}{m % 10}")
        elif k == 4:
            out.append(f"{x}.{y}{m:02d}.000")
        elif k == 5:
            out.append(f"{x}%")
        elif k == 6:
            out.append(f"({x % 28 + 1}/{m})")
        else:
            out.append(f"ke-{x}")
    return out


def _capitalise(s: str) -> str:
    for i, ch in enumerate(s):
        if ch.isalpha():
            return s[:i] + ch.upper() + s[i + 1:]
    return s


def _structure(rng: np.random.Generator, n_paragraphs: int) -> tuple[np.ndarray, np.ndarray]:
    """Sentences per paragraph (1-4, mean 2.35) and word slots per sentence (4-60, mean 18)."""
    sentences = 1 + rng.binomial(3, 0.45, n_paragraphs)
    lengths = np.clip(np.rint(rng.gamma(4.0, 4.5, int(sentences.sum()))), 4, 60).astype(np.int64)
    return sentences, lengths


def _draw_words(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` word slots: function words, content words, names and numbers."""
    words, probs = vocabulary()
    names, name_p, _ = _names()
    kind = rng.choice(4, size=n, p=[FUNCTION_SHARE, 1 - FUNCTION_SHARE - NAME_SHARE - NUMBER_SHARE,
                                    NAME_SHARE, NUMBER_SHARE])
    out = np.empty(n, dtype=object)
    fw = np.array(_function_words(), dtype=object)
    mask = kind == 0
    out[mask] = fw[_sample(rng, _zipf_weights(len(fw), FUNCTION_ZIPF_EXPONENT), int(mask.sum()))]
    mask = kind == 1
    out[mask] = words[_sample(rng, probs, int(mask.sum()))]
    mask = kind == 2
    out[mask] = names[_sample(rng, name_p, int(mask.sum()))]
    mask = kind == 3
    out[mask] = np.array(_numbers(rng, int(mask.sum())), dtype=object)
    return out


def _sample(rng: np.random.Generator, probs: np.ndarray, n: int) -> np.ndarray:
    cdf = np.cumsum(probs)
    return np.minimum(np.searchsorted(cdf, rng.random(n) * cdf[-1], side="right"), len(probs) - 1)


def _decorate(rng, words, seps, starts, ends) -> None:
    """Add attribution, quotation marks and commas in place; capitalise sentence starts."""
    _, _, speakers = _names()
    n_sent = len(starts)
    kinds = rng.choice(len(_KIND_WEIGHTS), size=n_sent, p=_KIND_WEIGHTS)
    quotes = rng.choice(len(QUOTE_PAIRS), size=n_sent, p=_QUOTE_WEIGHTS)
    who = speakers[rng.integers(0, len(speakers), n_sent)]
    after = rng.integers(0, len(CUES_AFTER), n_sent)
    before = rng.integers(0, len(CUES_BEFORE), n_sent)
    phrase = rng.random(n_sent) < _PHRASE_QUOTE_SHARE
    comma = np.flatnonzero(rng.random(len(words)) < _COMMA_SHARE)
    seps[comma] = ", "
    seps[ends] = ". "
    for i, (s, e, k) in enumerate(zip(starts.tolist(), ends.tolist(), kinds.tolist())):
        o, c = QUOTE_PAIRS[quotes[i]]
        if k == 1:
            words[s] = o + words[s]
            seps[e] = f",{c} {CUES_AFTER[after[i]]} {who[i]}. "
        elif k == 2:
            words[s] = f"{who[i]} {CUES_BEFORE[before[i]]}, {o}{words[s]}"
            seps[e] = f".{c} "
        elif k == 3:
            words[s] = f"Menurut {who[i]}, {words[s]}"
        elif k == 4:
            words[s] = f"{who[i]} {CUES_BEFORE[before[i]]} bahwa {words[s]}"
        elif k == 5:
            seps[e] = f", {CUES_AFTER[after[i]]} {who[i]}. "
        elif phrase[i] and e - s >= 5:
            p = s + 2
            words[p] = o + words[p]
            words[p + 1] = words[p + 1] + c
        words[s] = _capitalise(words[s])


def _paragraph_texts(rng: np.random.Generator, n_paragraphs: int) -> list[str]:
    return [text for block in _paragraph_blocks(rng, n_paragraphs) for text in block]


def _paragraph_blocks(rng: np.random.Generator, n_paragraphs: int) -> Iterator[list[str]]:
    """Paragraph texts in blocks, so that memory beyond the text itself stays small."""
    sentences, lengths = _structure(rng, n_paragraphs)
    first_sentence = np.concatenate([[0], np.cumsum(sentences)])
    for p0 in range(0, n_paragraphs, _BLOCK_PARAGRAPHS):
        p1 = min(p0 + _BLOCK_PARAGRAPHS, n_paragraphs)
        block = lengths[first_sentence[p0]:first_sentence[p1]]
        yield _block_texts(rng, sentences[p0:p1], block)


def _block_texts(rng: np.random.Generator, sentences: np.ndarray,
                 lengths: np.ndarray) -> list[str]:
    n = int(lengths.sum())
    words = _draw_words(rng, n)
    seps = np.full(n, " ", dtype=object)
    ends = np.cumsum(lengths) - 1
    starts = ends - lengths + 1
    _decorate(rng, words, seps, starts, ends)
    para_end = ends[np.cumsum(sentences) - 1] + 1
    para_start = np.concatenate([[0], para_end[:-1]])
    seps[para_end - 1] = [s.rstrip() for s in seps[para_end - 1]]
    pieces = np.empty(2 * n, dtype=object)
    pieces[0::2] = words
    pieces[1::2] = seps
    pieces = pieces.tolist()
    return ["".join(pieces[2 * a:2 * b]) for a, b in zip(para_start.tolist(), para_end.tolist())]


def make_paragraphs(n: int, *, seed: int = 0) -> list[str]:
    """Return ``n`` synthetic news paragraphs (one to four sentences each).

    Parameters
    ----------
    n : int
        Number of paragraphs.
    seed : int, keyword-only
        Seed of the random generator; the same seed gives the same paragraphs.

    Returns
    -------
    list of str

    Examples
    --------
    >>> make_paragraphs(3, seed=1) == make_paragraphs(3, seed=1)
    True
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}.")
    return _paragraph_texts(np.random.default_rng([seed, 1]), n)


def make_articles(n: int, *, seed: int = 0, paragraphs: tuple[int, int] = (3, 12)) -> list[str]:
    """Return ``n`` synthetic article bodies, paragraphs separated by a blank line.

    Parameters
    ----------
    n : int
        Number of articles.
    seed : int, keyword-only
        Seed of the random generator; the same seed gives the same articles.
    paragraphs : (int, int), keyword-only
        Smallest and largest number of paragraphs per article (inclusive), drawn uniformly.
        The default gives about 290 words per article.

    Returns
    -------
    list of str

    Examples
    --------
    >>> [a.count("\\n\\n") + 1 for a in make_articles(3, paragraphs=(2, 2))]
    [2, 2, 2]
    """
    return _articles(np.random.default_rng([seed, 2]), n, paragraphs)


def _articles(rng: np.random.Generator, n: int, paragraphs: tuple[int, int]) -> list[str]:
    low, high = paragraphs
    if n < 0 or not 1 <= low <= high:
        raise ValueError(f"Need n >= 0 and 1 <= paragraphs[0] <= paragraphs[1]; "
                         f"got n={n}, paragraphs={paragraphs}.")
    counts = rng.integers(low, high + 1, n).tolist()
    articles: list[str] = []
    pending: list[str] = []
    for block in _paragraph_blocks(rng, sum(counts)):
        pending += block
        start = 0  # articles are joined as soon as their paragraphs exist
        while len(articles) < n and start + counts[len(articles)] <= len(pending):
            size = counts[len(articles)]
            articles.append("\n\n".join(pending[start:start + size]))
            start += size
        del pending[:start]
    return articles


def count_words(text: str) -> int:
    """Whitespace-separated words in a text made by this module (single spaces, blank lines).

    >>> count_words("Kata Putin.\\n\\nIa datang.")
    4
    """
    return text.count(" ") + text.count("\n\n") + 1 if text else 0


def make_token_corpus(n_tokens: int, *, seed: int = 0,
                      paragraphs: tuple[int, int] = (3, 12)) -> list[str]:
    """Return the fewest articles (in order) that together hold at least ``n_tokens`` words.

    Words are whitespace-separated (:func:`count_words`); a tokeniser's count differs a little
    (names merged, numbers and punctuation treated its own way).

    >>> sum(map(count_words, make_token_corpus(5000, seed=3))) >= 5000
    True
    """
    rng = np.random.default_rng([seed, 4])
    per_article = 46.0 * (paragraphs[0] + paragraphs[1]) / 2  # words; a shortfall is topped up
    articles: list[str] = []
    total = 0
    while total < n_tokens:
        want = max(1, math.ceil((n_tokens - total) / per_article * 1.02))
        batch = _articles(rng, want, paragraphs)
        for article in batch:
            articles.append(article)
            total += count_words(article)
            if total >= n_tokens:
                break
    return articles


def _title(paragraph: str) -> str:
    """A headline from the first words of a paragraph, each word capitalised.

    >>> _title("Putin mengatakan, “kerja sama” akan meningkat pada 2023.")
    'Putin Mengatakan Kerja Sama Akan Meningkat Pada 2023'
    """
    words = re.sub(r"[^\w\s%,-]|,(?!\d)", "", paragraph).split()[:12]
    return " ".join(w[:1].upper() + w[1:] for w in words)


def _article_file(rng: np.random.Generator, body: str, title: str, outlet: str, i: int) -> str:
    """An article file as a page dump looks: outlet header, title, dateline, body, boilerplate."""
    day, month = rng.integers(1, 29), rng.integers(0, 12)
    dateline = (f"{_DAYS[i % 7]}, {day} {_MONTHS[month]} {2019 + i % 5} | "
                f"{rng.integers(6, 23):02d}:{rng.integers(0, 60):02d} WIB")
    paras = body.split("\n\n")
    if rng.random() < 0.5:
        paras.insert(int(rng.integers(1, len(paras))), f"Baca juga: {title}")
    credit = f"({rng.choice(['Reuters', 'AFP', 'AP', 'Yonhap'])}/AB-{i % 9 + 1})"
    blocks = [f"{outlet} | Berita | Dunia | Ekonomi", title, dateline, *paras, credit,
              f"Ikuti berita {outlet} di Google News"]
    return "\n\n".join(blocks) + "\n"


def make_corpus_dir(path: str | Path, n: int, *, seed: int = 0, n_outlets: int | None = None,
                    date_span: tuple[str, str] | None = None) -> Path:
    """Write ``n`` synthetic article files and a ``manifest.csv`` (columns file, outlet).

    Each file has an outlet navigation line, a title, a dateline in WIB, the body paragraphs
    (half the files with a "Baca juga:" teaser among them), a credit and a "Google News"
    prompt, so the loader's boilerplate removal has work to do. Outlets are the six names in
    ``OUTLETS`` with unequal shares.

    Parameters
    ----------
    path : str or pathlib.Path
        Folder to write (created if needed).
    n : int
        Number of articles.
    seed : int, keyword-only
        Seed of the random generator.
    n_outlets : int, optional, keyword-only
        Draw the outlets from ``n_outlets`` generated names (:func:`outlet_names`, many with
        punctuation such as "Kabar.id" or "Warta (Jakarta)") with unequal Zipf-like shares
        (p proportional to rank ** -0.6: at 40 outlets the first has about 9 times the share
        of the last) instead of ``OUTLETS``.
    date_span : (str, str), optional, keyword-only
        First and last day (ISO dates, e.g. ``("2019-01-01", "2025-12-31")``): publication
        days are drawn uniformly between them, the dateline names the right weekday, and the
        manifest gets a ``published`` column (ISO 8601, +07:00). Without it the datelines
        are the default ones (years 2019-2023, weekday not matching the date).

    With neither option the files are byte-identical to those written before the options
    existed: the options draw from their own random stream.

    Returns
    -------
    pathlib.Path
        The directory.
    """
    names = OUTLETS if n_outlets is None else outlet_names(n_outlets)  # checks before writing
    if date_span is not None:
        _draw_days(np.random.default_rng(0), 0, date_span)
    directory = Path(path)
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([seed, 3])
    bodies = make_articles(n, seed=seed)
    titles = [_title(p) for p in make_paragraphs(n, seed=seed + 7)]
    outlets = rng.choice(len(OUTLETS), size=n, p=_OUTLET_WEIGHTS)
    extra = np.random.default_rng([seed, 5])  # the options' own stream
    if n_outlets is not None:
        outlets = extra.choice(n_outlets, size=n, p=_zipf_weights(n_outlets, 0.6))
    days = None if date_span is None else _draw_days(extra, n, date_span)
    rows = []
    for i, (body, title, o) in enumerate(zip(bodies, titles, outlets.tolist())):
        name = f"{i:06d}.txt"
        text = _article_file(rng, body, title, names[o], i)
        row: tuple[str, ...] = (name, names[o])
        if days is not None:
            text, published = _redate(text, days[i], extra)
            row += (published,)
        (directory / name).write_text(text, encoding="utf-8")
        rows.append(row)
    with open(directory / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "outlet"] + (["published"] if days is not None else []))
        writer.writerows(rows)
    return directory


_OUTLET_STEMS = ("Kabar", "Warta", "Suara", "Berita", "Jurnal", "Lintas", "Harian", "Detak",
                 "Pos", "Gema", "Sinar", "Fajar", "Nusa", "Bintang")
_OUTLET_FORMS = ("{}.id", "{} (Jakarta)", "{} Nusantara", "{}.com", "{} Daily", "{} - Daerah",
                 "{} & Co", "{}News")


def outlet_names(n: int) -> tuple[str, ...]:
    """``n`` distinct outlet names, many with punctuation, as real mastheads have.

    >>> outlet_names(4)
    ('Kabar.id', 'Warta (Jakarta)', 'Suara Nusantara', 'Berita.com')
    >>> len(set(outlet_names(200)))
    200
    """
    if n < 1:
        raise ValueError(f"n_outlets must be >= 1, got {n}.")
    out: list[str] = []
    round_ = 0
    while len(out) < n:
        for j, stem in enumerate(_OUTLET_STEMS):
            form = _OUTLET_FORMS[(j + round_) % len(_OUTLET_FORMS)]
            suffix = f" {round_ // len(_OUTLET_FORMS) + 1}" if round_ >= len(_OUTLET_FORMS) else ""
            name = form.format(stem) + suffix
            if name not in out:
                out.append(name)
            if len(out) == n:
                break
        round_ += 1
    return tuple(out)


def _draw_days(rng: np.random.Generator, n: int, span: tuple[str, str]) -> np.ndarray:
    """``n`` days drawn uniformly from the inclusive span (numpy datetime64[D])."""
    first, last = (np.datetime64(d, "D") for d in span)
    width = int((last - first).astype(int)) + 1
    if width < 1:
        raise ValueError(f"date_span must run forwards (first, last), got {span}.")
    return first + rng.integers(0, width, n).astype("timedelta64[D]")


def _redate(text: str, day: np.datetime64, rng: np.random.Generator) -> tuple[str, str]:
    """Put ``day`` (with its weekday) in the dateline of an article file; return it in ISO too."""
    import datetime as dt

    date = dt.date.fromisoformat(str(day))
    hour, minute = int(rng.integers(6, 23)), int(rng.integers(0, 60))
    line = (f"{_DAYS[date.weekday()]}, {date.day} {_MONTHS[date.month - 1]} {date.year} | "
            f"{hour:02d}:{minute:02d} WIB")
    text = re.sub(r"^\w+, \d+ \w+ \d{4} \| \d\d:\d\d WIB$", line, text, count=1,
                  flags=re.MULTILINE)
    return text, f"{date.isoformat()}T{hour:02d}:{minute:02d}:00+07:00"
