"""Indonesian online news framing analysis: corpus cleaning, tokenisation and analyses.

The pipeline a reader would draw, one module each:
``corpus`` (load and clean article files) -> ``tokens`` (Indonesian tokeniser) ->
``terms`` (frequencies and keyness) / ``topics`` (topic models) / ``framing`` (concordance,
voice, collocates, frames) -> ``figures`` (the one place that writes figure files) ->
``report`` (re-run every notebook into figures and an HTML report).
"""
__version__ = "0.1.0"
