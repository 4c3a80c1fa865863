"""The generated reference docs match the code.

docs/configuration.md is generated from the `Settings` fields' descriptions and docs/cli.md from the
`newsdesk` argparse parser, by docs/generate.py. When a setting or a command changes without the pages
being regenerated, this test fails and names the stale pages; `.venv/bin/python docs/generate.py`
rewrites them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

GENERATOR = Path(__file__).resolve().parents[1] / "docs" / "generate.py"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_generate", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_docs_are_current() -> None:
    """The pages docs/generate.py writes match what it would write now from the code."""
    stale: list[str] = load_generator().stale_pages()
    assert not stale, f"stale generated docs: {stale}; run .venv/bin/python docs/generate.py"


def test_every_setting_is_documented() -> None:
    """Each Settings field has a description, so its row in docs/configuration.md says what it does."""
    from index import Settings

    undocumented = [name for name, field in Settings.model_fields.items() if not field.description]
    assert not undocumented


def test_the_env_template_lists_every_setting() -> None:
    """.env.example, the template a newcomer copies to .env, names every setting's variable."""
    from index import Settings

    generator = load_generator()
    template = (GENERATOR.parents[1] / ".env.example").read_text(encoding="utf-8")
    missing = [
        generator.env_name(name, field)
        for name, field in Settings.model_fields.items()
        if f"# {generator.env_name(name, field)}=" not in template
    ]
    assert not missing, f"add to .env.example: {missing}"
