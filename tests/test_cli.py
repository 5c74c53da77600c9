"""Every command and setting explains itself, and the README documents them."""

from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.config import SETTINGS, load_config

from .conftest import ROOT


def test_every_command_has_help() -> None:
    runner = CliRunner()
    for name, command in cli.commands.items():
        assert command.help, f"sitrep {name} has no help"
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.stdout


def test_readme_names_every_command_and_setting() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"sitrep {name}" in readme, f"README lacks sitrep {name}"
    for setting in SETTINGS:
        assert setting.env in readme, f"README lacks {setting.env}"


def test_settings_from_environment_and_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sitrep.toml"
    path.write_text('[sitrep]\ndatabase_url = "sqlite:///x.db"\nfetch_timeout = 3\n')
    config = load_config(path, environ={"SITREP_MAX_DOCUMENT_BYTES": "1000"})
    assert config.database_url == "sqlite:///x.db" and config.fetch_timeout == 3.0
    assert config.max_document_bytes == 1000
    assert load_config(environ={}).database_url == "sqlite:///sitrep.db"


def test_bad_database_url_is_one_line_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, ["--database", "nosuchdb://x", "status"])
    assert result.exit_code == 2 and result.stderr.startswith("Error:")
