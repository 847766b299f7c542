"""The wheel's layout, and the translations compiled while it is built.

templates/, static/, translations/ and migrations/ stay at the top of the checkout (where
people edit them) and go into the wheel inside the `app` package, where create_app looks for
them first (app.config.resource_dir). Metadata lives in pyproject.toml.
"""

from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

DATA_FOLDERS = {"app.templates": "templates", "app.static": "static",
                "app.translations": "translations", "app.migrations": "migrations"}
# What a data folder ships. Not *.mo: BuildWithCatalogs compiles fresh ones from the .po files.
DATA_FILES = ["*.html", "*.css", "*.js", "*.svg", "*.png", "*.ico", "*.LICENSE", "README*",
              "*.po", "*.ini", "*.mako", "*.py"]


def data_packages() -> dict[str, list[str]]:
    """Every folder of the data folders, as a package of the wheel (setuptools warns about
    folders that hold files but are not listed as packages)."""
    packages = {}
    for package, folder in DATA_FOLDERS.items():
        for directory in [Path(folder), *sorted(Path(folder).rglob("*/"))]:
            if directory.is_dir() and directory.name != "__pycache__":
                parts = directory.relative_to(folder).parts
                packages[".".join((package, *parts))] = DATA_FILES
    return packages


class BuildWithCatalogs(build_py):
    """Compile every messages.po into the wheel's messages.mo.

    Git ignores *.mo (they are build output), so a wheel built from a clean clone would have
    no Spanish at all. Compiling here, rather than at the app's first start, works where the
    installed package is read-only, and fails the build, not a live site, on a broken catalog.
    """

    def run(self):
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        target = Path(self.build_lib) / "app" / "translations"
        for po_path in sorted(Path("translations").glob("*/LC_MESSAGES/messages.po")):
            mo_path = target / po_path.relative_to("translations").with_suffix(".mo")
            mo_path.parent.mkdir(parents=True, exist_ok=True)
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=po_path.parts[1])
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)


setup(
    packages=[*find_packages(include=["app", "app.*"]), "app.data", *data_packages()],
    package_dir={"app": "app", **DATA_FOLDERS},
    package_data={"app.data": ["*.gz", "*.md", "*.toml"], **data_packages()},
    cmdclass={"build_py": BuildWithCatalogs},
)
