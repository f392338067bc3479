"""Syndicated copies: near-duplicate article bodies across outlets, by MinHash LSH.

Indonesian news is heavily syndicated (the Tribun network's regional sites, Kompas Gramedia,
MNC, wire copy from Antara, Reuters, AFP): the same text under several outlets inflates counts
and makes outlet differences look like framing when they are copying. This module finds
near-duplicate bodies and marks each article's cluster of copies and its earliest member.

Method (Broder 1997, "On the resemblance and containment of documents"): each body is
normalised (Unicode NFKC, lower case, every run of punctuation and spaces one space) and cut
into *w-shingles*, the overlapping runs of ``shingle_size`` words. Two bodies are near
duplicates when their shingle sets have a Jaccard similarity |A ∩ B| / |A ∪ B| of at least
``jaccard``, or when the smaller set is contained in the larger, |A ∩ B| / min(|A|, |B|), at
least ``containment`` (a copy cut short keeps its source's shingles: Broder's *containment*).
Comparing every pair is quadratic, so candidate pairs come from MinHash signatures (Broder
1997; ``num_perm`` hash permutations per body) indexed by locality-sensitive hashing in bands
(Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3), with
:class:`datasketch.MinHashLSH` (https://ekzhu.com/datasketch/lsh.html) at Jaccard
``lsh_threshold``; every candidate pair is then verified on the exact shingle sets. Verified
pairs are joined into clusters by connected components (union-find). All work is linear in
the total length of the bodies; the signatures use datasketch's ``affine32`` permutation
scheme and are computed in blocks with numpy (identical to ``MinHash.update_batch``, tested).

The defaults are research choices, kept in ``analysis/data/syndication.yaml`` with the
measurements behind them. :func:`mark_copies` adds the columns; :func:`select_articles`
keeps all articles, only the first of each cluster, or none of the clustered ones; and
:func:`copies_by_outlet` tells how much of each outlet is shared copy.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np
import pandas as pd
from datasketch import LeanMinHash, MinHash, MinHashLSH

from analysis.resources import read_yaml, resolve

#: Columns :func:`mark_copies` adds to the article table.
CLUSTER_COLUMNS = ["cluster", "cluster_size", "first_outlet", "first_doc", "is_copy"]
DUPLICATE_MODES = ("keep", "first", "drop")

_CHUNK_BYTES = 1 << 18       # text hashed per numpy pass (arrays of a few MB)
_BLOCK_SHINGLES = 1 << 12    # shingles per block of the signatures (measured best of 2**10-2**14)
_POLY = np.uint64(0x100000001B3)   # odd multiplier of the rolling polynomial hash mod 2**64
_POLY_INVERSE = np.uint64(pow(int(_POLY), -1, 1 << 64))
_U64 = np.uint64
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))
_FMIX64 = (_U64(33), _U64(0xFF51AFD7ED558CCD), _U64(0xC4CEB9FE1A85EC53))


@dataclass(frozen=True)
class SyndicationSettings:
    """What counts as a copy; see ``analysis/data/syndication.yaml`` for the measurements."""

    shingle_size: int = 5
    num_perm: int = 64
    lsh_threshold: float = 0.3
    jaccard: float = 0.4
    containment: float = 0.75
    min_shingles: int = 20
    seed: int = 1


def load_settings(path: str | Path = "syndication.yaml", **overrides) -> SyndicationSettings:
    """Read the settings file (the shipped one by default); keyword values override it.

    >>> load_settings(jaccard=0.6).jaccard
    0.6
    """
    values = read_yaml(path) or {}
    known = {f.name for f in fields(SyndicationSettings)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"{resolve(path)}: unknown setting(s) {', '.join(unknown)}; "
                         f"the settings are {', '.join(sorted(known))}.")
    settings = replace(SyndicationSettings(), **values)
    settings = replace(settings, **{k: v for k, v in overrides.items() if v is not None})
    _check_settings(settings)
    return settings


def _check_settings(s: SyndicationSettings) -> None:
    if s.shingle_size < 1 or s.num_perm < 2 or s.min_shingles < 0:
        raise ValueError("shingle_size and min_shingles must be positive and num_perm at least 2 "
                         f"(got {s.shingle_size}, {s.min_shingles}, {s.num_perm}).")
    for name in ("lsh_threshold", "jaccard", "containment"):
        if not 0 < getattr(s, name) <= 1:
            raise ValueError(f"{name} must be in (0, 1], not {getattr(s, name)}.")


# -- shingles ----------------------------------------------------------------------------------
def normalise(text: str) -> str:
    """The text shingles are taken from: NFKC, lower case, words separated by single spaces.

    Words are runs of ASCII letters and digits and of non-ASCII characters (*é*, other
    scripts); ASCII punctuation, symbols, underscores and white space, and the punctuation of
    Latin-1 (U+0080-U+00BF: no-break space, « », ...) and of the General Punctuation block
    (U+2000-U+206F: curly quotes, dashes, ellipsis, ...) separate them. Other non-ASCII
    symbols (€, emoji) count as letters. :func:`shingle_hashes` applies the same rule to the
    UTF-8 bytes of many texts at once.

    >>> normalise("“Kami tidak akan mundur,” kata Kim—di Vladivostok…")
    'kami tidak akan mundur kata kim di vladivostok'
    """
    data = unicodedata.normalize("NFKC", text or "").lower().encode("utf-8")
    c = np.frombuffer(data, dtype=np.uint8)
    word = _word_bytes(c)
    kept = word | np.concatenate(([False], word[:-1]))
    return np.where(word, c, 32)[kept].tobytes().decode("utf-8").strip()


def _word_byte_table() -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    for low, high in ((b"0", b"9"), (b"a", b"z"), (b"A", b"Z")):
        table[low[0]:high[0] + 1] = True
    table[0x80:] = True  # bytes of non-ASCII characters; punctuation among them is undone below
    return table


_WORD_BYTE = _word_byte_table()


def _word_bytes(c: np.ndarray) -> np.ndarray:
    """Which bytes of UTF-8 text belong to words (not punctuation, symbols or spaces)."""
    word = _WORD_BYTE[c]
    # U+0080-U+00BF (C1 controls, no-break space, Latin-1 punctuation and symbols): C2 xx.
    at = np.flatnonzero(c[:-1] == 0xC2)
    word[at] = word[at + 1] = False
    # U+2000-U+206F (General Punctuation: spaces, dashes, curly quotes, ellipsis): E2 80 xx and
    # E2 81 80-AF.
    at = np.flatnonzero(c[:-2] == 0xE2)
    at = at[(c[at + 1] == 0x80) | ((c[at + 1] == 0x81) & (c[at + 2] <= 0xAF))]
    word[at] = word[at + 1] = word[at + 2] = False
    return word


def shingle_hashes(texts, *, shingle_size: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of the w-shingles of each text, in one flat array.

    A shingle is ``shingle_size`` consecutive words of :func:`normalise` (text); a text with
    fewer words gives one shingle of all its words, an empty text none. The hash of a shingle
    depends only on its words (a polynomial hash of its bytes modulo 2**64, finished with the
    MurmurHash3 mixer), so it is the same in any corpus and any input order.

    Parameters
    ----------
    texts : sequence of str
    shingle_size : int
        Words per shingle (w).

    Returns
    -------
    hashes : ndarray of uint64
        The shingle hashes of text 0, then text 1, ... (repeats within a text kept).
    offsets : ndarray of int64
        ``hashes[offsets[i]:offsets[i + 1]]`` are the hashes of text ``i``.

    Examples
    --------
    >>> hashes, offsets = shingle_hashes(["Kim dan Putin bertemu di Vostochny.",
    ...                                   "KIM dan Putin bertemu, di Vostochny!", "Ya", ""],
    ...                                  shingle_size=5)
    >>> offsets.tolist()
    [0, 2, 4, 5, 5]
    >>> bool((hashes[0:2] == hashes[2:4]).all())
    True
    """
    data = [unicodedata.normalize("NFKC", t).lower().encode("utf-8") if isinstance(t, str) else b""
            for t in texts]
    counts = np.zeros(len(data), dtype=np.int64)
    parts, start = [], 0
    while start < len(data):
        stop, size = start, 0
        while stop < len(data) and (stop == start or size + len(data[stop]) < _CHUNK_BYTES):
            size += len(data[stop]) + 1
            stop += 1
        hashes, chunk_counts = _chunk_shingles(data[start:stop], shingle_size)
        parts.append(hashes)
        counts[start:stop] = chunk_counts
        start = stop
    offsets = np.zeros(len(data) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return (np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)), offsets


def _chunk_shingles(data: list[bytes], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Shingle hashes of a few thousand texts at once (texts joined by spaces)."""
    blob = np.frombuffer(b" ".join(data) + b" ", dtype=np.uint8)
    text_start = np.zeros(len(data), dtype=np.int64)
    np.cumsum([len(d) + 1 for d in data[:-1]], out=text_start[1:])
    word = _word_bytes(blob)
    before = np.concatenate(([False], word[:-1]))
    text_of_word = np.searchsorted(text_start, np.flatnonzero(word & ~before), side="right") - 1
    kept = word | before                              # one separator after each word
    c = np.where(word, blob, 32)[kept]                # words joined by single spaces
    is_word = c != 32
    starts = np.flatnonzero(is_word & np.concatenate(([True], ~is_word[:-1])))
    ends = np.flatnonzero(is_word & np.concatenate((~is_word[1:], [True]))) + 1
    n_words = np.bincount(text_of_word, minlength=len(data))
    first = np.arange(max(len(starts) - k + 1, 0))
    first = first[text_of_word[first] == text_of_word[first + k - 1]]
    short = np.flatnonzero((n_words > 0) & (n_words < k))   # one shingle of all their words
    word_of_short = np.searchsorted(text_of_word, short)
    s = np.concatenate((starts[first], starts[word_of_short]))
    e = np.concatenate((ends[first + k - 1], ends[word_of_short + n_words[short] - 1]))
    text = np.concatenate((text_of_word[first], short))
    order = np.argsort(text, kind="stable")
    hashes = _fmix64(_substring_hashes(c, s[order], e[order]))
    return hashes, np.bincount(text, minlength=len(data))


_POWERS: dict[str, np.ndarray] = {}


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """P**i and P**-i modulo 2**64 for i = 0 .. n (cached, grown as needed)."""
    if len(_POWERS.get("up", ())) <= n:
        size = max(n + 1, 2 * len(_POWERS.get("up", ())))
        for name, base in (("up", _POLY), ("down", _POLY_INVERSE)):
            values = np.full(size, base, dtype=np.uint64)
            values[0] = 1
            _POWERS[name] = np.cumprod(values, dtype=np.uint64)   # wraps modulo 2**64
    return _POWERS["up"], _POWERS["down"]


def _substring_hashes(c: np.ndarray, s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """sum_j c[j] P**(e-1-j) over j in [s, e), mod 2**64, for every (s, e) at once.

    With prefix sums pre[i] = P**i * sum_{j<i} c[j] P**-(j+1) (P is odd, so invertible
    modulo 2**64), the hash of c[s:e] is pre[e] - pre[s] * P**(e-s).
    """
    up, down = _powers(len(c))
    prefix = np.zeros(len(c) + 1, dtype=np.uint64)
    np.cumsum(c * down[1:len(c) + 1], out=prefix[1:])
    prefix *= up[:len(c) + 1]
    return prefix[e] - prefix[s] * up[e - s]


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, an avalanching bijection (Appleby 2011)."""
    shift, m1, m2 = _FMIX64
    h = h ^ (h >> shift)
    h = h * m1
    h = h ^ (h >> shift)
    h = h * m2
    return h ^ (h >> shift)


# -- MinHash signatures and LSH candidates -------------------------------------------------
def minhash_signatures(hashes: np.ndarray, offsets: np.ndarray, *, num_perm: int = 64,
                       seed: int = 1) -> np.ndarray:
    """MinHash signature of each text's shingle set (datasketch's ``affine32`` scheme).

    Row ``i`` equals ``MinHash(num_perm, seed, hashfunc=int, scheme="affine32")`` updated with
    the low 32 bits of text ``i``'s shingle hashes (the input hash of the scheme), computed for
    all texts in cache-sized blocks instead of one Python object per text. Texts without
    shingles get a row of the scheme's empty value (2**32 - 1).

    Returns
    -------
    ndarray of uint32, shape (n_texts, num_perm)
    """
    a, b = MinHash(num_perm=num_perm, seed=seed).permutations
    values = _fmix32((hashes & _U64(0xFFFFFFFF)).astype(np.uint32))
    n = len(offsets) - 1
    signatures = np.full((n, num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    present = np.flatnonzero(np.diff(offsets) > 0)
    i = 0
    while i < len(present):
        j = int(np.searchsorted(offsets[present], offsets[present[i]] + _BLOCK_SHINGLES, "right"))
        rows = present[i:max(j, i + 1)]
        low, high = offsets[rows[0]], offsets[rows[-1] + 1]
        block = np.multiply.outer(a, values[low:high])      # (num_perm, shingles), mod 2**32
        block += b[:, None]
        signatures[rows] = np.minimum.reduceat(block, offsets[rows] - low, axis=1).T
        i += len(rows)
    return signatures


def _fmix32(h: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2 = _FMIX32
    h = h ^ (h >> s1)
    h = h * m1
    h = h ^ (h >> s2)
    h = h * m2
    return h ^ (h >> s1)


def candidate_pairs(signatures: np.ndarray, *, threshold: float = 0.3, seed: int = 1) -> np.ndarray:
    """Pairs of rows whose signatures share an LSH band, from a datasketch ``MinHashLSH`` index.

    ``threshold`` is the Jaccard similarity the band layout is tuned for: datasketch picks the
    number of bands b and rows per band r (b * r <= num_perm) that minimise the probability of
    false positives plus false negatives around it; a pair of Jaccard similarity J becomes a
    candidate with probability 1 - (1 - J**r)**b. Every row is inserted once; the pairs are
    read from the index's buckets holding more than one row (one pass over each band's
    buckets instead of one query per row). Returns an (m, 2) array of row indices, i < j,
    sorted.
    """
    n, num_perm = signatures.shape
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    with lsh.insertion_session() as session:
        for i in range(n):
            session.insert(i, LeanMinHash(seed=seed, hashvalues=signatures[i], scheme="affine32"),
                           check_duplication=False)
    groups = [sorted(table.get(bucket)) for table in lsh.hashtables
              for bucket, size in table.itemcounts().items() if size > 1]
    if not groups:
        return np.zeros((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate([_pair_codes(np.array(g), n) for g in groups]))
    return np.stack([codes // n, codes % n], axis=1)


def _pair_codes(members: np.ndarray, n: int) -> np.ndarray:
    """Every pair i < j of ``members`` (sorted) as the single number i * n + j."""
    i, j = np.triu_indices(len(members), k=1)
    return members[i] * n + members[j]


# -- verification and clusters -----------------------------------------------------------------
def resemblance(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Jaccard similarity and containment of two shingle sets (Broder 1997).

    Containment is |A ∩ B| / min(|A|, |B|): the share of the shorter text found in the longer.

    >>> resemblance(np.array([1, 2, 3, 4]), np.array([3, 4, 5, 6, 7, 8]))
    (0.25, 0.5)
    """
    a, b = np.unique(a), np.unique(b)
    if not len(a) or not len(b):
        return 0.0, 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared), shared / min(len(a), len(b))


def find_clusters(texts, *, settings: SyndicationSettings | None = None) -> np.ndarray:
    """Cluster near-duplicate texts: LSH candidates, verified, joined by union-find.

    Returns an array giving each text the smallest index in its cluster (a text without a
    near duplicate is its own cluster). Pairs are joined when their shingle sets have a Jaccard
    similarity of at least ``settings.jaccard`` or a containment of at least
    ``settings.containment`` (the shorter text having at least ``settings.min_shingles``
    shingles). Clusters are connected components, so a chain of copies of copies is one cluster.

    >>> find_clusters(["Kim Jong Un mengirim surat kepada Putin pada hari kemerdekaan Korea.",
    ...                "Rusia menggelar latihan militer di Timur Jauh.",
    ...                "JAKARTA - Kim Jong Un mengirim surat kepada Putin pada hari kemerdekaan "
    ...                "Korea."]).tolist()
    [0, 1, 0]
    """
    s = settings or load_settings()
    hashes, offsets = shingle_hashes(texts, shingle_size=s.shingle_size)
    signatures = minhash_signatures(hashes, offsets, num_perm=s.num_perm, seed=s.seed)
    parent = np.arange(len(offsets) - 1)
    sets: dict[int, np.ndarray] = {}

    def shingles(i: int) -> np.ndarray:
        if i not in sets:
            sets[i] = np.unique(hashes[offsets[i]:offsets[i + 1]])
        return sets[i]

    for i, j in _candidates(signatures, offsets, s).tolist():
        root_i, root_j = _root(parent, i), _root(parent, j)
        if root_i == root_j:
            continue  # already joined through other copies: the components do not change
        a, b = shingles(i), shingles(j)
        shared = len(np.intersect1d(a, b, assume_unique=True))
        shorter = min(len(a), len(b))
        if (shared >= s.jaccard * (len(a) + len(b) - shared)
                or (shorter >= s.min_shingles and shared >= s.containment * shorter)):
            parent[max(root_i, root_j)] = min(root_i, root_j)
    return np.array([_root(parent, i) for i in range(len(parent))], dtype=np.int64)


def _candidates(signatures: np.ndarray, offsets: np.ndarray, s: SyndicationSettings) -> np.ndarray:
    """Pairs to verify: LSH candidates among texts with shingles, each distinct signature
    indexed once, plus every text paired with the first text of identical signature (exact
    copies, which would otherwise fill one bucket per band with all their pairs)."""
    rows = np.flatnonzero(np.diff(offsets) > 0)
    keys = np.ascontiguousarray(signatures[rows]).view(np.dtype((np.void, 4 * s.num_perm)))
    _, first, group = np.unique(keys.ravel(), return_index=True, return_inverse=True)
    leaders = rows[first]
    same = np.stack([leaders[group.ravel()], rows], axis=1)
    among = candidate_pairs(signatures[leaders], threshold=s.lsh_threshold, seed=s.seed)
    return np.concatenate([same[same[:, 0] != same[:, 1]], leaders[among]])


def _root(parent: np.ndarray, i: int) -> int:
    """Union-find root of ``i``, halving the path on the way (Tarjan 1975)."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return int(i)


# -- the article table -------------------------------------------------------------------------
def mark_copies(
    articles: pd.DataFrame,
    *,
    column: str = "body",
    settings: str | Path = "syndication.yaml",
    shingle_size: int | None = None,
    num_perm: int | None = None,
    lsh_threshold: float | None = None,
    jaccard: float | None = None,
    containment: float | None = None,
) -> pd.DataFrame:
    """Mark syndicated copies: a copy of the table with :data:`CLUSTER_COLUMNS` added.

    Parameters
    ----------
    articles : DataFrame
        Needs ``doc_id`` (unique) and the text ``column``; ``published`` and ``outlet`` are
        used when present.
    column : str
        The text compared, ``body`` by default (headlines are often rewritten by the copier).
    settings : path
        The settings file, ``analysis/data/syndication.yaml`` by default; the keyword
        arguments below override single values of it (None: the file's value).
    shingle_size, num_perm, lsh_threshold, jaccard, containment
        See :class:`SyndicationSettings` and the settings file.

    Returns
    -------
    DataFrame
        ``articles`` (same rows, same order) plus ``cluster`` (the ``doc_id`` of the cluster's
        first member: stable whatever the row order), ``cluster_size`` (1 for an article with
        no copy), ``first_outlet`` and ``first_doc`` (outlet and ``doc_id`` of the first
        member) and ``is_copy`` (True for every member but the first). The first member is the
        earliest by ``published``; an article without a date comes after every dated one
        (it cannot be shown to be earlier), and ties are broken by ``doc_id`` in string order.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["antara/1", "tribun/7", "tempo/3"],
    ...     "outlet": ["Antara", "Tribunnews", "Tempo"],
    ...     "published": pd.to_datetime(["2023-09-13 10:00", "2023-09-13 12:30", None]),
    ...     "body": ["Putin menyambut Kim Jong Un di kosmodrom Vostochny pada Rabu pagi.",
    ...              "Presiden Putin menyambut Kim Jong Un di kosmodrom Vostochny pada Rabu "
    ...              "pagi.", "Harga minyak dunia naik dua persen."]})
    >>> mark_copies(table)[["doc_id", "cluster", "cluster_size", "first_outlet", "is_copy"]]
         doc_id   cluster  cluster_size first_outlet  is_copy
    0  antara/1  antara/1             2       Antara    False
    1  tribun/7  antara/1             2       Antara     True
    2   tempo/3   tempo/3             1        Tempo    False
    """
    s = load_settings(settings, shingle_size=shingle_size, num_perm=num_perm,
                      lsh_threshold=lsh_threshold, jaccard=jaccard, containment=containment)
    _check_table(articles, column)
    doc_ids = articles["doc_id"].astype(str).to_numpy()
    roots = find_clusters(articles[column].tolist(), settings=s)
    rank = np.empty(len(articles), dtype=np.int64)
    rank[_chronological_order(articles, doc_ids)] = np.arange(len(articles))
    by_cluster = np.lexsort((rank, roots))              # each cluster's members, earliest first
    leads = np.ones(len(roots), dtype=bool)
    leads[1:] = roots[by_cluster][1:] != roots[by_cluster][:-1]
    first_of_root = np.zeros(len(roots), dtype=np.int64)
    first_of_root[roots[by_cluster][leads]] = by_cluster[leads]
    first = first_of_root[roots]
    marked = articles.copy()
    marked["cluster"] = doc_ids[first]
    sizes = np.bincount(roots, minlength=len(articles))
    marked["cluster_size"] = sizes[roots] if len(roots) else []
    marked["first_outlet"] = (articles["outlet"].to_numpy()[first] if "outlet" in articles
                              else pd.Series(pd.NA, index=articles.index, dtype=object))
    marked["first_doc"] = doc_ids[first]
    marked["is_copy"] = first != np.arange(len(articles))
    return marked


def _check_table(articles: pd.DataFrame, column: str) -> None:
    missing = [c for c in ("doc_id", column) if c not in articles.columns]
    if missing:
        raise ValueError(f"The article table has no {' or '.join(missing)} column; "
                         "mark_copies needs a unique doc_id and the text to compare "
                         "(load it with analysis.corpus.load_corpus).")
    repeated = articles["doc_id"][articles["doc_id"].duplicated()].astype(str).unique()
    if len(repeated):
        raise ValueError(f"doc_id is not unique ({', '.join(repeated[:5])}"
                         f"{' ...' if len(repeated) > 5 else ''}); give every article its own id.")


def _chronological_order(articles: pd.DataFrame, doc_ids: np.ndarray) -> np.ndarray:
    """Row order by publication time (undated last), ties by ``doc_id`` in string order."""
    if "published" in articles.columns:
        try:
            published = pd.to_datetime(articles["published"], utc=True, format="ISO8601")
        except (ValueError, TypeError) as error:
            raise ValueError(f"The published column cannot be read as dates ({error}); convert it "
                             "with pandas.to_datetime first.") from error
        stamps = published.to_numpy(dtype="datetime64[ns]").astype(np.int64)
        undated = published.isna().to_numpy()
    else:
        stamps, undated = np.zeros(len(articles), dtype=np.int64), np.ones(len(articles), bool)
    return np.lexsort((doc_ids, np.where(undated, 0, stamps), undated))


def select_articles(articles: pd.DataFrame, *, duplicates: str = "keep", **options) -> pd.DataFrame:
    """The articles an analysis uses: all, the first of each cluster of copies, or no copies.

    Parameters
    ----------
    articles : DataFrame
        An article table. For ``"first"`` and ``"drop"``, :func:`mark_copies` is run first
        unless it already was (``options`` are passed to it).
    duplicates : {"keep", "first", "drop"}
        ``"keep"``: every article, as given (nothing is computed: on 100,000 articles marking
        takes about half a minute); ``"first"``: only the first member of each cluster
        (articles without copies stay); ``"drop"``: only the articles that have no near
        duplicate (every member of a cluster is left out).

    Returns
    -------
    DataFrame
        The selected rows in their original order, index reset.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a", "b", "c"],
    ...     "body": ["Kim tiba di Moskow dengan kereta lapis baja pada Selasa.",
    ...              "Kim tiba di Moskow dengan kereta lapis baja pada Selasa.",
    ...              "Rupiah menguat tipis di pasar spot."]})
    >>> [select_articles(table, duplicates=mode)["doc_id"].tolist()
    ...  for mode in ("keep", "first", "drop")]
    [['a', 'b', 'c'], ['a', 'c'], ['c']]
    """
    if duplicates not in DUPLICATE_MODES:
        raise ValueError(f"duplicates must be one of {', '.join(map(repr, DUPLICATE_MODES))}, "
                         f"not {duplicates!r}.")
    if duplicates != "keep" and not set(CLUSTER_COLUMNS) <= set(articles.columns):
        articles = mark_copies(articles, **options)
    if duplicates == "first":
        articles = articles[~articles["is_copy"].astype(bool)]
    elif duplicates == "drop":
        articles = articles[articles["cluster_size"] == 1]
    return articles.reset_index(drop=True)


def copies_by_outlet(articles: pd.DataFrame) -> pd.DataFrame:
    """How much of each outlet is shared copy, from a table marked by :func:`mark_copies`.

    Returns
    -------
    DataFrame
        One row per outlet (a missing outlet counts as "(no outlet)"): ``articles``;
        ``unique`` (no near duplicate anywhere); ``first`` (the earliest member of a cluster:
        the copied article, or the outlet's own text that others carried); ``copies`` (a
        later member of a cluster), of which ``copies_of_other_outlets`` (the first member is
        in another outlet); ``share_copies`` (copies / articles). Sorted by ``share_copies``,
        largest first, then by outlet.
    """
    missing = [c for c in ("outlet", *CLUSTER_COLUMNS) if c not in articles.columns]
    if missing:
        raise ValueError(f"The article table has no {', '.join(missing)} column(s): run "
                         "syndication.mark_copies on it first.")
    shared = articles["cluster_size"] > 1
    copies = articles["is_copy"].astype(bool)
    table = pd.DataFrame({
        "outlet": articles["outlet"].fillna("(no outlet)"), "articles": 1, "unique": ~shared,
        "first": shared & ~copies, "copies": copies,
        "copies_of_other_outlets": copies & (articles["first_outlet"] != articles["outlet"]),
    }).groupby("outlet", sort=True).sum().reset_index()
    table["share_copies"] = table["copies"] / table["articles"]
    return table.sort_values(["share_copies", "outlet"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)
