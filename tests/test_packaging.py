"""The wheel `pip install .` builds runs on its own: templates, static files, Spanish, migrations.

Built from a copy of the source without compiled catalogs (as a clean clone is), unpacked into
a folder, and run from another folder, so nothing can come from this checkout.
"""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "instance", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", "*.mo",
    ".pytest_cache", ".ruff_cache", "test-artifacts", "tests", "node_modules",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp / "dist"), str(source)],
        check=True, capture_output=True, text=True,
    )
    (built,) = (tmp / "dist").glob("hearth-*.whl")
    return built


def test_the_wheel_carries_everything_the_app_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {f"app/templates/{p.relative_to(ROOT / 'templates')}"
                 for p in (ROOT / "templates").rglob("*.html")}
    assert templates and templates <= names, templates - names
    migrations = {f"app/migrations/{p.relative_to(ROOT / 'migrations')}"
                  for p in (ROOT / "migrations").rglob("*.py")}
    assert migrations <= names, migrations - names
    for name in ("app/wsgi.py", "app/static/css/hearth.css", "app/migrations/alembic.ini",
                 "app/migrations/script.py.mako", "app/translations/es/LC_MESSAGES/messages.mo",
                 "app/data/common-passwords.txt.gz", "hearth-0.1.0.dist-info/licenses/LICENSE"):
        assert name in names, name
    assert not [n for n in names if "__pycache__" in n or n.startswith("tests/")]
    metadata = zipfile.ZipFile(wheel).read("hearth-0.1.0.dist-info/METADATA").decode()
    assert "License-Expression: AGPL-3.0-or-later" in metadata


def test_the_installed_wheel_migrates_and_serves_spanish_from_another_folder(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("HEARTH_", "FLASK_")) and key not in {
               "SECRET_KEY", "DATABASE_URL", "RATELIMIT_STORAGE_URI", "PYTHONPATH"}}
    env |= {"PYTHONPATH": str(site), "HEARTH_INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'hearth.sqlite'}"}

    def run(*args):
        result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
            [sys.executable, *args], cwd=elsewhere, env=env, capture_output=True, text=True,
            check=False, timeout=60,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    run("-m", "flask", "--app", "app.wsgi", "db", "upgrade")
    out = run("-c", """
import app
from app.wsgi import app as application
response = application.test_client().get("/sign-in", headers={"Accept-Language": "es"})
css = application.test_client().get("/static/css/hearth.css")
print(app.__file__, application.template_folder, response.status_code, css.status_code)
print(response.get_data(as_text=True))
""")
    first_line, page = out.split("\n", 1)
    module, template_folder, status, css_status = first_line.split()
    assert module.startswith(str(site)) and template_folder.startswith(str(site))
    assert (status, css_status) == ("200", "200")
    assert 'lang="es"' in page and "Iniciar sesión" in page
