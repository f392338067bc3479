"""The README's notebook-to-figure map lists every catalogued figure with its caption."""
import pandas as pd

from analysis.paths import FIGURES_DIR, PROJECT_DIR


def test_readme_figure_map_matches_the_catalogue():
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    catalogue = pd.read_csv(FIGURES_DIR / "catalogue.csv", keep_default_na=False)
    rows = {line for line in readme.splitlines() if line.startswith("| `")}
    expected = {f"| `{r.notebook}` | `{r.figure}` | {r.caption} |" for r in catalogue.itertuples()}
    assert expected <= rows
    assert len(catalogue) == 16


def test_readme_shows_the_two_commands():
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    assert "make report" in readme and "make test" in readme
