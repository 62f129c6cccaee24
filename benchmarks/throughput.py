"""Throughput benchmark: Dyad against spaCy alone, in 1 and 2 worker processes; writes docs/benchmarks.md.

    python benchmarks/throughput.py [--limit N] [--runs K] [--workers 1,2] [--out docs/benchmarks.md]

Each layout starts its worker processes once; each worker loads the models and Dyad's stages once
and holds a share of the articles (balanced by text length). A run is one pass of every worker over
its share, chunk by chunk (as many articles as the batch size), in which the modes take turns on
each chunk, in an order that rotates from chunk to chunk; this VM's speed drifts by 10% and more over
minutes, and turns this short put that drift on every mode alike. The modes:
- `spacy`: the packaged spaCy pipeline alone (every component, without Dyad's sentence splitter)
  over the same texts, with the same models, batch size and processes. This is the floor of the design.
- `dyad`: the full Pipeline (parse, actors, events, dates, places), as `dyad code` runs it.
- `dyad+prefilter`: the same with selective parsing (dyad/nlp/prefilter.py).
A mode's time in a worker is the sum of its chunks' times; its wall-clock time in a layout is the
longest worker's (the workers run side by side), its CPU time the sum over the workers. Figures are
medians over the runs, with min and max; CPU seconds (user + system of the workers) are given beside
wall-clock time, since they are less sensitive to other processes competing for the cores.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import statistics
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

MODES = ("spacy", "dyad", "dyad+prefilter")
WARM_UP_ARTICLES = 8


@dataclass
class Sample:
    """One worker's answer to one run."""

    wall: float
    cpu: float
    articles: int
    sentences: int
    events: int
    peak_mb: float


def read_articles(path: Path, limit: int | None) -> list:
    from dyad.ingest.readers import read_sources
    from dyad.records import Article

    articles = [a for a in read_sources([str(path)]) if isinstance(a, Article)]
    return articles[:limit] if limit else articles


def shares(articles: list, workers: int) -> list[list]:
    """Split articles into `workers` shares of about equal text length, each in corpus order."""
    loads = [0] * workers
    owner: dict[int, int] = {}
    for i in sorted(range(len(articles)), key=lambda i: -len(articles[i].text)):
        w = loads.index(min(loads))
        owner[i] = w
        loads[w] += len(articles[i].text)
    return [[a for i, a in enumerate(articles) if owner[i] == w] for w in range(workers)]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker(articles: list, batch_size: int, conn: Connection) -> None:
    """Load once, then answer each run sent through `conn` (the modes, and where their rotation
    starts) with a Sample per mode, until told to stop."""
    from dyad.nlp.models import load
    from dyad.pipeline import Pipeline

    pipeline = Pipeline(batch_size=batch_size)
    pipeline.warm_up(sorted({a.lang for a in articles}))
    sentences = sum(sum(1 for _ in load(a.lang).get_pipe("dyad_sentences")(load(a.lang).make_doc(a.text)).sents)
                    for a in articles)
    # The first parse of a word fills the tokenizer's and lemmatizer's caches and the vocab, which
    # costs a fifth of spaCy's time; coding the share once first keeps that cost off whichever
    # mode happens to run first, as in a long ingest where those caches are warm. (Dyad's lemma memo
    # asks the packaged lemmatizer for each new word, so this fills both.)
    run_mode(pipeline, "dyad", articles, batch_size)
    for mode in MODES:
        run_mode(pipeline, mode, articles[:WARM_UP_ARTICLES], batch_size)
    conn.send("ready")
    while (run := conn.recv()) is not None:
        modes, turn = run
        walls, cpus, events = dict.fromkeys(modes, 0.0), dict.fromkeys(modes, 0.0), dict.fromkeys(modes, 0)
        for start in range(0, len(articles), batch_size):
            chunk = articles[start:start + batch_size]
            for mode in modes[turn % len(modes):] + modes[:turn % len(modes)]:
                cpu, began = cpu_seconds(), time.perf_counter()
                events[mode] += run_mode(pipeline, mode, chunk, batch_size)
                walls[mode] += time.perf_counter() - began
                cpus[mode] += cpu_seconds() - cpu
            turn += 1
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        conn.send({mode: Sample(walls[mode], cpus[mode], len(articles), sentences, events[mode], peak)
                   for mode in modes})


def run_mode(pipeline, mode: str, articles: list, batch_size: int) -> int:
    """Process the articles in one mode; returns the number of events (0 for spaCy alone)."""
    from dyad.nlp.models import SPLITTER, load, packaged

    if mode == "spacy":
        for lang in sorted({a.lang for a in articles}):
            texts = [a.text for a in articles if a.lang == lang]
            # The packaged pipeline: the model's own components, not Dyad's column versions of some.
            with packaged(load(lang)) as nlp:
                for _ in nlp.pipe(texts, batch_size=batch_size, disable=[SPLITTER]):
                    pass
        return 0
    pipeline.prefilter = mode == "dyad+prefilter"
    return sum(len(coded.events) for coded in pipeline.code(articles))


class Layout:
    """`n` worker processes, each holding its share of the articles and its loaded models."""

    def __init__(self, articles: list, n: int, batch_size: int) -> None:
        context = mp.get_context("spawn")
        self.conns: list[Connection] = []
        self.procs = []
        for share in shares(articles, n):
            parent, child = context.Pipe()
            proc = context.Process(target=worker, args=(share, batch_size, child), daemon=True)
            proc.start()
            self.conns.append(parent)
            self.procs.append(proc)
        for i in range(n):
            self.receive(i)

    def receive(self, i: int):
        """The next answer of worker i; a worker that died (its traceback is on stderr) ends the benchmark."""
        while not self.conns[i].poll(1.0):
            if not self.procs[i].is_alive():
                self.close()
                raise RuntimeError(f"benchmark worker {i} died with exit code {self.procs[i].exitcode}")
        try:
            return self.conns[i].recv()
        except EOFError:
            self.close()
            raise RuntimeError(f"benchmark worker {i} died (its traceback is above)") from None

    def run(self, modes: list[str], turn: int) -> dict[str, list[Sample]]:
        """One pass of every worker over its share, the modes taking turns on each chunk."""
        for conn in self.conns:
            conn.send((modes, turn))
        answers = [self.receive(i) for i in range(len(self.conns))]
        return {mode: [answer[mode] for answer in answers] for mode in modes}

    def close(self) -> None:
        for conn, proc in zip(self.conns, self.procs, strict=True):
            if proc.is_alive():
                conn.send(None)
        for proc in self.procs:
            proc.join(timeout=30)


@dataclass
class Result:
    workers: int
    mode: str
    walls: list[float]
    cpus: list[float]
    samples: list[list[Sample]]
    loads: list[float]

    @property
    def articles(self) -> int:
        return sum(s.articles for s in self.samples[0])

    @property
    def sentences(self) -> int:
        return sum(s.sentences for s in self.samples[0])

    @property
    def events(self) -> int:
        return sum(s.events for s in self.samples[0])

    @property
    def peak_mb(self) -> float:
        return max(s.peak_mb for run in self.samples for s in run)


def measure(articles: list, workers: list[int], modes: list[str], runs: int, batch_size: int,
            log=print) -> list[Result]:
    results: list[Result] = []
    for n in workers:
        log(f"starting {n} worker(s)")
        layout = Layout(articles, n, batch_size)
        by_mode = {m: Result(n, m, [], [], [], []) for m in modes}
        try:
            for k in range(runs):
                for mode, samples in layout.run(modes, k).items():
                    result = by_mode[mode]
                    result.walls.append(max(s.wall for s in samples))
                    result.cpus.append(sum(s.cpu for s in samples))
                    result.samples.append(samples)
                    result.loads.append(os.getloadavg()[0])
                    log(f"  workers={n} run={k + 1} {mode}: {result.walls[-1]:.1f}s wall, {result.cpus[-1]:.1f}s cpu, "
                        f"load {result.loads[-1]:.1f}")
        finally:
            layout.close()
        results.extend(by_mode.values())
    return results


def spread(values: list[float], fmt: str = "{:.2f}") -> str:
    if len(values) == 1:
        return fmt.format(values[0])
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}-{fmt.format(max(values))})"


def ratios(result: Result, floor: Result, attr: str) -> list[float]:
    """Run-by-run ratios to the spaCy floor (the modes take turns chunk by chunk within a run, so
    each pair shares its noise)."""
    return [a / b for a, b in zip(getattr(result, attr), getattr(floor, attr), strict=True)]


def report(results: list[Result], args: argparse.Namespace, started: str, load_before: tuple, elapsed: float) -> str:
    lines = [
        "# Throughput benchmark",
        "",
        "Generated by `make bench` (`benchmarks/throughput.py`); do not edit by hand: rerun it.",
        "",
        f"- Command: `python benchmarks/throughput.py {' '.join(args.argv)}`".rstrip(),
        f"- Corpus: `{args.corpus.name}`, {results[0].articles} articles, {results[0].sentences} sentences "
        f"(Dyad's sentence splitter), {sum(len(a) for a in args.texts):,} characters",
        f"- Machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), Python "
        f"{platform.python_version()}; started {started} UTC, took {elapsed / 60:.1f} min",
        f"- Load average (1/5/15 min) before the benchmark: {'/'.join(f'{v:.1f}' for v in load_before)}; "
        f"during the runs: {min(min(r.loads) for r in results):.1f} to {max(max(r.loads) for r in results):.1f}",
        f"- Each figure: median of {args.runs} runs (min-max). In a run, each worker passes once over its "
        f"share in chunks of {args.batch_size} articles, and the modes take turns on every chunk, in an "
        "order that rotates from chunk to chunk: this VM's speed drifts by 10% and more over minutes, and "
        "short turns put the drift on every mode alike. A mode's wall time is the longest worker's sum of "
        "its chunks' times; its CPU time is summed over the workers. Model loading is outside the timings "
        "(it happens once per worker process, before the first run), and so is one untimed pass of Dyad "
        "over each worker's share that warms the tokenizer's and lemmatizer's caches for every mode alike.",
        "",
        "| workers | mode | wall s | CPU s | articles/s per core | articles per CPU s | sentences/s | events "
        "| peak MB per worker | wall / spaCy | CPU / spaCy |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    floors = {r.workers: r for r in results if r.mode == "spacy"}
    for r in results:
        per_core = [r.articles / (w * r.workers) for w in r.walls]
        per_sec = [r.sentences / w for w in r.walls]
        per_cpu = [r.articles / c for c in r.cpus]
        floor = floors.get(r.workers)
        wall_ratio = spread(ratios(r, floor, "walls")) if floor and r is not floor else "-"
        cpu_ratio = spread(ratios(r, floor, "cpus")) if floor and r is not floor else "-"
        lines.append(f"| {r.workers} | {r.mode} | {spread(r.walls, '{:.1f}')} | {spread(r.cpus, '{:.1f}')} "
                     f"| {spread(per_core)} | {spread(per_cpu)} | {spread(per_sec, '{:.1f}')} | {r.events if r.mode != 'spacy' else '-'} "
                     f"| {r.peak_mb:.0f} | {wall_ratio} | {cpu_ratio} |")
    by_key = {(r.workers, r.mode): r for r in results}
    speedups = [f"- {mode}: 2 workers are {spread([a / b for a, b in zip(by_key[(1, mode)].walls, by_key[(2, mode)].walls, strict=True)])}"
                " times as fast as 1 (wall clock)"
                for mode in dict.fromkeys(r.mode for r in results) if (1, mode) in by_key and (2, mode) in by_key]
    if speedups:
        lines += ["", "## 1 versus 2 worker processes", "", *speedups]
    lines += ["", "## Notes", "", *NOTES]
    if args.selection:
        lines.append(selection_note(args.selection))
    return "\n".join(lines) + "\n"


def selection_shares(articles: list) -> dict[str, tuple[float, float]]:
    """What the prefilter does with the corpus: for each kind of sentence, its share of the
    sentences and of the (non-space) tokens, and the share of all tokens the parser still gets."""
    from dyad.nlp.prefilter import sentence_filter

    sentences: dict[str, int] = dict.fromkeys(("trigger", "context", "window", "blank"), 0)
    tokens = dict(sentences)
    parsed = total = 0
    for article in articles:
        prefilter = sentence_filter(article.lang)
        doc = prefilter.splitter(prefilter.nlp.make_doc(article.text))
        spans = list(doc.sents)
        plan = prefilter.plan(spans)
        strings = doc.vocab.strings
        for span, kept in zip(spans, plan, strict=True):
            words = sum(not t.is_space for t in span)
            trigger = prefilter.has_trigger([prefilter.trigger_lemmas(t.lower, strings) for t in span])
            kind = "trigger" if trigger else "context" if kept is True else "window" if kept else "blank"
            sentences[kind] += 1
            tokens[kind] += words
            total += words
        parsed += sum(not t.is_space for t in prefilter.select_doc(article.text))
    count = sum(sentences.values())
    shares = {kind: (sentences[kind] / count, tokens[kind] / total) for kind in sentences}
    shares["parsed"] = (0.0, parsed / total)
    return shares


def selection_note(shares: dict[str, tuple[float, float]]) -> str:
    def pct(kind: str, which: int) -> str:
        return f"{100 * shares[kind][which]:.0f}%"

    return (
        "- `dyad+prefilter` (dyad/nlp/prefilter.py) tokenizes and splits each text and keeps whole the "
        f"sentences that could fire a lexicon entry ({pct('trigger', 0)} of this corpus's sentences, "
        f"{pct('trigger', 1)} of its tokens: it was chosen for political news) and those the actor memory "
        f"reads from them (the first sentence, the two before a pronoun: {pct('context', 0)} of the sentences, "
        f"{pct('context', 1)} of the tokens). Of the sentences where a kept sentence's name first appears, "
        f"or its last state is named ({pct('window', 0)} of the sentences, {pct('window', 1)} of the tokens), "
        "it keeps a window of a few tokens around the name; it blanks the rest "
        f"({pct('blank', 0)} of the sentences), each blank stretch becoming one whitespace token. The parser gets {pct('parsed', 1)} of the corpus's tokens. "
        "A trigger word is guessed without a tagger from the lemmas the model's tables could give a form, "
        "less those `dyad/lang/fr/prefilter_forms.tsv` says the full pipeline hardly ever gives it "
        "(`armée` is the army, not a form of `armer`; counted on the training pool by "
        "scripts/build_prefilter_forms.py); an entry that wants an object (`close` a border) counts only "
        "where one of its objects is. The pipeline gets the result as a Doc built from the whole text's "
        "tokens and sentence boundaries, so the text is tokenized and split once, as without the prefilter."
    )


NOTES = [
    "- The machine is shared: other processes ran during the benchmark (see the load average above; "
    "with 2 cores, a load above 2 means the workers waited for a core). Wall-clock figures, and most "
    "of all the 2-worker speed-up, are therefore pessimistic; the CPU-second ratios are the steadier "
    "measure of Dyad's cost over spaCy's, and each ratio pairs modes that took turns chunk by chunk.",
    "- `spacy` is the packaged pipeline with every component as packaged (tok2vec, morphologizer, "
    "parser, attribute_ruler, lemmatizer, ner), the floor of this design; `dyad` includes that parse, "
    "with two packaged components replaced by column versions that give the same tokens (below).",
    "- Peak memory is the worker's maximum resident set: the models of the languages in its share, "
    "Dyad's tables and lexicons, and the articles it holds.",
    "- Profile (fr_core_news_md, all 287 French articles, one process, each component timed over all "
    "docs): ner about 40% of spaCy's time (it has its own tok2vec), tok2vec 28%, parser 16%, "
    "attribute_ruler 6%, lemmatizer 1.5% once its cache is warm (20% on first sight of a word), "
    "morphologizer 1.5%, tokenizer 3%. Every component is used downstream (the actor layer reads "
    "`doc.ents`, the coder lemmas, POS, morphology and the parse), so none is disabled. Models load once "
    "per worker process (Pipeline stages are cached per language, `Pipeline.warm_up`), texts go "
    "through `nlp.pipe` in batches of 32, and the Doc is parsed once and handed to every stage.",
    "- Column versions of two packaged components (dyad/nlp/attribute_rules.py, dyad/nlp/lemmas.py; "
    "swapped in by dyad/nlp/models.py, checked token by token against the packaged ones in "
    "tests/test_column_components.py and on all 282,649 corpus tokens): the attribute ruler ran spaCy's "
    "token Matcher, which tries every pattern at every token, and set each match through a Token "
    "object; AttributeRules reads the ruler's own patterns and applies them as comparisons over the "
    "doc's attribute columns (0.1 s against 1.05 s for 120 French articles; 0.33 s against 1.25 s for 52 "
    "English ones). The lemmatizer made a Token per token and set its lemma through the string store "
    "even on a cache hit; ColumnLemmatizer keeps a memo of (form, POS, morphology) to lemma, asks the "
    "packaged lemmatizer only for new triples and writes the lemma column once.",
    "- Where Dyad's own time goes (CPU timers, all 339 articles without the prefilter, one process, "
    "00:15 UTC on 2026-12-08, the learned coder and the learned place chooser, one BLAS thread; the "
    "parse with Dyad's splitter took 53 to 74 CPU s over two days, as the VM drifts): events 17.3 s (the "
    "learned coder: features for every content word and every (trigger, actor, recipient) of a "
    "sentence, then the models; 19.8 s at 02:10 UTC once code-less roles and unknown names became "
    "party candidates, with another process on the second core), dates 3.2 s, actors 3.2 s, places "
    "3.2 s (1.0 s with the rules alone: "
    "the chooser reads every place the article names, and places a record told in several sentences by "
    "each of them), counts 0.3 s (1.7 s before its phrases were looked up by their first token). Under the rules alone (2026-11-30) events took 3.0 s: the learned stages "
    "are what puts Dyad above 1.3 times spaCy. Dyad keeps OpenBLAS to one thread per process (dyad/__init__.py): "
    "the models' many small matrix products took about twice the CPU with its thread pool (CPU / "
    "spaCy 2.07 with it, 1.70 without, on this benchmark), and Dyad uses more cores through worker "
    "processes. The stages used to build the same views of a doc over and "
    "over (`doc.ents` makes a Span per entity at each call, `token.sent` walks the doc, a loop over "
    "the doc a Token per token): dyad/nlp/views.py keeps them for the last few docs. The events stage "
    "used to cost more than all of these together: spaCy's token Matcher tried the lexicon's ~900 "
    "trigger patterns at every token; dyad/events/lexicon.py indexes the patterns by the hash of their "
    "first token and matches a doc with one vectorised look-up of its lemma and form columns (the same "
    "matches in the same order: checked on all 339 articles and in tests/test_events_lexicon.py). The "
    "splitter reads token columns, not Token objects, and writes all boundaries in one `Doc.from_array`.",
    "- `articles/s per core` is articles / (wall seconds x workers); `articles per CPU s` is articles / "
    "CPU seconds of the workers, what one core would do with no other process on it.",
]


def dev_scores() -> dict[str, dict]:
    """`dyad eval doc` scores (dyad_dev, document level) without and with selective parsing."""
    from dyad.evaluate.common import read_articles
    from dyad.evaluate.doc import load_gold, score
    from dyad.paths import corpus_path
    from dyad.pipeline import Pipeline

    gold = load_gold()
    found = read_articles(corpus_path(), {row["id"] for row in gold})
    articles = [found[row["id"]].model_copy(update={"lang": row["lang"]}) for row in gold if row["id"] in found]
    scores = {}
    for mode in ("dyad", "dyad+prefilter"):
        coded = Pipeline(prefilter=mode == "dyad+prefilter").code(articles)
        summary = score(gold, {c.article.id: c.events for c in coded}).summary()
        scores[mode] = {"all": summary["by_language"]["all"], "status_aware": summary["status_aware"]["all"],
                        **{lang: summary["by_language"].get(lang) for lang in ("fr", "en")}}
    return scores


def scores_section(scores: dict[str, dict]) -> list[str]:
    lines = ["", "## Selective parsing: dev scores", "",
             "`dyad eval doc` on gold/dyad_dev (document-level (actor, type, recipient) tuples), coded with "
             "and without the prefilter:", "",
             "| mode | P | R | F1 | F1 fr | F1 en | F1 status-aware |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for mode, s in scores.items():
        lang_f1 = [f"{s[lang]['f1']:.3f}" if s.get(lang) else "-" for lang in ("fr", "en")]
        lines.append(f"| {mode} | {s['all']['precision']:.3f} | {s['all']['recall']:.3f} | {s['all']['f1']:.3f} "
                     f"| {lang_f1[0]} | {lang_f1[1]} | {s['status_aware']['f1']:.3f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    from dyad.paths import corpus_path

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=corpus_path())
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--runs", type=int, default=3, help="runs per mode and layout (default 3)")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare (default 1,2)")
    parser.add_argument("--modes", default=",".join(MODES), help=f"modes (default {','.join(MODES)})")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    parser.add_argument("--json", type=Path, help="also write the raw samples here")
    parser.add_argument("--no-scores", action="store_true", help="skip the dev scores with and without the prefilter")
    args = parser.parse_args(argv)
    args.argv = sys.argv[1:] if argv is None else argv
    if not args.corpus.is_file():
        print(f"no corpus at {args.corpus} (set DYAD_SHARED or --corpus)", file=sys.stderr)
        return 2
    started, load_before, t0 = time.strftime("%Y-%m-%d %H:%M", time.gmtime()), os.getloadavg(), time.perf_counter()
    articles = read_articles(args.corpus, args.limit)
    args.texts = [a.text for a in articles]
    modes = [m for m in args.modes.split(",") if m]
    results = measure(articles, [int(w) for w in args.workers.split(",")], modes, args.runs, args.batch_size,
                      log=lambda line: print(line, file=sys.stderr, flush=True))
    scores = {} if args.no_scores else dev_scores()
    args.selection = selection_shares(articles) if "dyad+prefilter" in modes else {}
    text = report(results, args, started, load_before, time.perf_counter() - t0)
    if scores:
        text += "\n".join(scores_section(scores)) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps([{**r.__dict__, "samples": [[s.__dict__ for s in run] for run in r.samples]}
                                         for r in results], indent=1), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
