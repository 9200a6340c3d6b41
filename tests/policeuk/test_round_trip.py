"""import_police_uk then export_police_uk gives back exactly the same files."""

import pytest
from django.core.management import call_command

from tests.policeuk.sample import CANONICAL, read_tree, write_tree

pytestmark = pytest.mark.django_db


def test_import_then_export_is_the_same(tmp_path):
    source = write_tree(tmp_path / "in", CANONICAL)
    call_command("import_police_uk", str(source), verbosity=0)
    call_command("export_police_uk", str(tmp_path / "out"), verbosity=0)
    exported = read_tree(tmp_path / "out")
    assert sorted(exported) == sorted(CANONICAL)
    for name, content in CANONICAL.items():
        assert exported[name] == content, name


def test_public_api_serves_the_imported_data(tmp_path, client):
    call_command("import_police_uk", str(write_tree(tmp_path, CANONICAL)), verbosity=0)
    for path in ["northshire/NS01", "northshire/NS01/priorities", "northshire/NS01/people"]:
        response = client.get(f"/api/police-uk/{path}")
        assert response.status_code == 200
        assert response.json() == CANONICAL[f"{path}.json"]
