import pytest

from generator.config import Settings, load_settings
from generator.errors import InputError


def test_missing_file_means_defaults(tmp_path):
    assert load_settings(tmp_path / "collection.yml") == Settings()


def test_values_are_read(tmp_path):
    path = tmp_path / "collection.yml"
    path.write_text("description: Hi\nfeed_size: 10\n")
    assert load_settings(path) == Settings(description="Hi", feed_size=10)


def test_every_problem_is_reported_at_once_with_its_line(tmp_path):
    path = tmp_path / "collection.yml"
    path.write_text("description: 3\nfeed_size: lots\nrelated: 99\n")
    with pytest.raises(InputError) as caught:
        load_settings(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: error: option 'description': expected text, got 3",
        f"{path}:2: error: option 'feed_size': expected a whole number, got 'lots'",
        f"{path}:3: error: option 'related': expected 0 to 50, got 99",
    ]


def test_unknown_keys_warn(tmp_path, caplog):
    path = tmp_path / "collection.yml"
    path.write_text("feed_sise: 3\n")
    assert load_settings(path) == Settings()
    assert "unknown option 'feed_sise'" in caplog.text


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "collection.yml"
    path.write_text("description: ok\nfeed_size: [1\n")
    with pytest.raises(InputError) as caught:
        load_settings(path)
    assert str(caught.value).startswith(f"{path}:")
