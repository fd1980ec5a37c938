"""The settings tree: defaults from one file, a user file, dotted overrides, one validation with helpful errors."""
from __future__ import annotations

import json
import tomllib
from dataclasses import fields

import pytest

from conftest import REPO
from newsweave.cli import build_parser, main
from newsweave.errors import ConfigError
from newsweave.options import Options
from newsweave.parse_cache import ParseCache
from newsweave.settings import DEFAULT_SETTINGS, SECTIONS, ClusterConfig, Settings, load_settings
from newsweave.settings_fields import default_values, section, setting

NO_ENV: dict[str, str] = {}


def _file(tmp_path, text: str):
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_come_from_the_one_file_with_a_comment_for_every_setting():
    settings = load_settings(environ=NO_ENV)
    assert settings == Settings() == DEFAULT_SETTINGS
    assert settings.ingest == Options() and settings.clustering == ClusterConfig()
    assert settings.as_dict() == default_values()
    assert settings.ingest.max_bytes == 20 * 1024 * 1024 and settings.clustering.model_threshold == 6.0
    text = settings.to_toml()
    for name, values in settings.as_dict().items():
        for key in values:  # the line above each setting says what it does
            before = text.split(f"\n{key} = ", 1)[0].rsplit("\n", 1)[-1]
            assert before.startswith("# ") and len(before) > 20, f"{name}.{key} has no comment line"
    for name, cls in SECTIONS.items():  # the file holds each value in its field's type (6.0, not 6, for a number)
        for f in fields(cls):
            assert type(default_values()[name][f.name]).__name__ == f.type, f"{name}.{f.name}"


def test_defaults_file_is_package_data():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "defaults.toml" in project["tool"]["setuptools"]["package-data"]["newsweave"]


def test_user_file_overrides_defaults_and_set_overrides_the_file(tmp_path):
    path = _file(tmp_path, "[clustering]\nmodel_threshold = 7.0\nrejoin = false\n\n[ingest]\nworkers = 2\n")
    settings = load_settings(path, environ=NO_ENV)
    assert (settings.clustering.model_threshold, settings.clustering.rejoin, settings.ingest.workers) == (7.0, False, 2)
    assert settings.clustering.lead_words == DEFAULT_SETTINGS.clustering.lead_words  # the rest stays default
    settings = load_settings(path, ["clustering.model_threshold=6.5", "clustering.merge_model="], environ=NO_ENV)
    assert settings.clustering.model_threshold == 6.5 and settings.clustering.merge_model == ""
    assert settings.ingest.workers == 2
    later = load_settings(path, ["ingest.workers=3", "ingest.workers=4"], environ=NO_ENV)
    assert later.ingest.workers == 4  # the last override wins


def test_environment_names_the_user_file_unless_one_is_given(tmp_path):
    env = {"NEWSWEAVE_CONFIG": str(_file(tmp_path, "[ingest]\nworkers = 3\n"))}
    assert load_settings(environ=env).ingest.workers == 3
    other = tmp_path / "other.toml"
    other.write_text("[ingest]\nworkers = 5\n", encoding="utf-8")
    assert load_settings(other, environ=env).ingest.workers == 5


def test_integer_for_a_number_becomes_a_float():
    settings = load_settings(overrides=["clustering.model_threshold=7", ("ingest.extract_seconds", 2)], environ=NO_ENV)
    assert settings.clustering.model_threshold == 7.0 and isinstance(settings.clustering.model_threshold, float)
    assert isinstance(settings.ingest.extract_seconds, float)
    assert isinstance(Options(extract_seconds=2).extract_seconds, float)


def test_unknown_keys_are_refused_with_the_closest_one(tmp_path):
    with pytest.raises(ConfigError, match=r"unknown setting 'clustering\.model_treshold'.*did you mean 'clustering\.model_threshold'"):
        load_settings(_file(tmp_path, "[clustering]\nmodel_treshold = 6.5\n"), environ=NO_ENV)
    with pytest.raises(ConfigError, match=r"did you mean 'ingest\.workers'"):
        load_settings(overrides=["workers=2"], environ=NO_ENV)  # section left out
    with pytest.raises(ConfigError, match=r"unknown settings section \[clusterng\].*did you mean \[clustering\]"):
        load_settings(_file(tmp_path, "[clusterng]\nlead_words = 100\n"), environ=NO_ENV)
    with pytest.raises(ConfigError, match=r"unknown setting 'workers'.*under a section.*did you mean 'ingest\.workers'"):
        load_settings(_file(tmp_path, "workers = 2\n"), environ=NO_ENV)
    with pytest.raises(ConfigError, match=r"--set needs SECTION\.KEY=VALUE"):
        load_settings(overrides=["clustering.model_threshold"], environ=NO_ENV)


def test_wrong_type_and_out_of_range_name_key_value_and_what_is_allowed(tmp_path):
    with pytest.raises(ConfigError) as wrong:
        load_settings(_file(tmp_path, '[ingest]\nworkers = "four"\n'), environ=NO_ENV)
    message = str(wrong.value)
    assert "ingest.workers must be an integer" in message and "'four'" in message and str(tmp_path) in message
    with pytest.raises(ConfigError, match=r"brief\.fact_join must be between 0 and 1, got 1\.5 \(from --set"):
        load_settings(overrides=["brief.fact_join=1.5"], environ=NO_ENV)
    with pytest.raises(ConfigError, match=r"clustering\.date_scale_days must be positive, got 0\.0"):
        load_settings(overrides=["clustering.date_scale_days=0"], environ=NO_ENV)
    with pytest.raises(ConfigError, match=r"ingest\.detect_language must be true or false, got 'maybe'"):
        load_settings(overrides=["ingest.detect_language=maybe"], environ=NO_ENV)
    with pytest.raises(ConfigError, match=r"analysis\.piece_chars must be between 1 and 1000000 \(spaCy refuses longer texts\)"):
        load_settings(overrides=["analysis.piece_chars=2000000"], environ=NO_ENV)
    with pytest.raises(ConfigError, match=r"clustering\.model_threshold must be a finite number"):
        load_settings(_file(tmp_path, "[clustering]\nmodel_threshold = nan\n"), environ=NO_ENV)
    # built in code, a section is checked the same way
    with pytest.raises(ConfigError, match=r"ingest\.workers must be at least 0, got -1.*--set ingest\.workers=VALUE"):
        Options(workers=-1)
    with pytest.raises(ConfigError, match=r"clustering\.candidates must be at least 1"):
        ClusterConfig(candidates=0)
    with pytest.raises(ConfigError, match=r"ingest\.detect_language must be true or false, got 1"):
        Options(detect_language=1)


def test_a_bad_settings_file_says_what_to_do(tmp_path):
    with pytest.raises(ConfigError, match=r"not found; pass --config an existing TOML file"):
        load_settings(tmp_path / "missing.toml", environ=NO_ENV)
    with pytest.raises(ConfigError, match=r"is not valid TOML"):
        load_settings(_file(tmp_path, "[ingest\nworkers = 2\n"), environ=NO_ENV)


def test_a_section_and_the_defaults_file_must_agree():
    with pytest.raises(ConfigError, match=r"only in the class \['no_such_setting'\]"):
        @section("analysis")
        class Extra:
            analysed_chars: int = setting(min=1)
            piece_chars: int = setting(min=1)
            no_such_setting: int = setting(min=1)


def test_parse_fingerprint_follows_the_settings_that_change_a_parse():
    base = DEFAULT_SETTINGS.parse_fingerprint()
    assert len(base) == 12 and base == load_settings(environ=NO_ENV).parse_fingerprint()
    assert load_settings(overrides=["analysis.piece_chars=10000"], environ=NO_ENV).parse_fingerprint() != base
    # the analysed text is in the cache key already; clustering never changes a parse
    assert load_settings(overrides=["analysis.analysed_chars=5000", "clustering.lead_words=100"], environ=NO_ENV).parse_fingerprint() == base
    plain, keyed = ParseCache(None, "analysis"), ParseCache(None, "analysis", fingerprint=base)
    assert plain.key("text") != keyed.key("text")
    assert keyed.key("text") != ParseCache(None, "analysis", fingerprint="0" * 12).key("text")


def test_settings_command_prints_toml_that_loads_back(tmp_path, capsys):
    overrides = ["clustering.model_threshold=6.5", "brief.framing_max_loaded=10", "ingest.detect_language=false",
                 "clustering.merge_model=other \"model\".json"]
    assert main(["settings", *sum((["--set", o] for o in overrides), [])]) == 0
    printed = capsys.readouterr().out
    assert "model_threshold = 6.5  # default: 6.0" in printed
    path = tmp_path / "printed.toml"
    path.write_text(printed, encoding="utf-8")
    assert load_settings(path, environ=NO_ENV) == load_settings(overrides=overrides, environ=NO_ENV)
    assert main(["settings", "--config", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == load_settings(path, environ=NO_ENV).as_dict()
    assert main(["settings", "--set", "clustering.model_treshold=1"]) == 2
    assert "did you mean 'clustering.model_threshold'" in capsys.readouterr().err


def test_ingest_flags_are_overrides_that_win(tmp_path):
    from newsweave.cli import _settings

    path = _file(tmp_path, "[ingest]\nworkers = 3\nmax_bytes = 1000\n")
    args = build_parser().parse_args(["extract", "x", "--config", str(path), "--set", "ingest.workers=4", "--workers", "2"])
    settings = _settings(args)
    assert settings.ingest.workers == 2 and settings.ingest.max_bytes == 1000
    args = build_parser().parse_args(["extract", "x", "--extract-seconds", "0"])
    with pytest.raises(ConfigError, match=r"ingest\.extract_seconds must be positive, got 0\.0 \(from --extract-seconds\)"):
        _settings(args)


def test_run_without_out_saves_results_in_the_store_only(tmp_path, monkeypatch, capsys):
    from newsweave.store import open_store
    from newsweave.stories import store_stories_document

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("Flood closes Mill Road bridge\n\nThe Mill Road bridge in Riverton was closed on Monday after "
                                  "the Alder river rose two metres overnight, the county said.\n", encoding="utf-8")
    (inputs / "b.txt").write_text("Riverton bridge shut as Alder river floods\n\nCounty officials closed the Mill Road bridge "
                                  "in Riverton on Monday as the Alder river rose two metres overnight.\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert main(["run", str(inputs), "--db", "results.db"]) == 0
    assert "saved in the store results.db" in capsys.readouterr().err
    assert sorted(p.name for p in work.iterdir() if not p.name.startswith("results.db")) == []  # no output folder
    store = open_store(str(work / "results.db"))
    try:
        document = store_stories_document(store)
        assert sorted(a["id"] for a in document["articles"]) == ["a.txt", "b.txt"]
        assert document["stories"] and all(store.get_brief(s["id"]) is not None for s in document["stories"])
    finally:
        store.close()
