"""MkDocs hooks for ``digest-site serve``, where MkDocs loads the configuration itself: the same
collection.yml settings and theme layers as ``digest-site build`` (see ``site_settings``)."""

from __future__ import annotations

from pathlib import Path

from generator import site_settings  # absolute: MkDocs loads this file by its path
from generator.config import load_project


def on_config(config):
    project = load_project(Path(config.config_file_path).parent)
    for name, value in site_settings.overrides(project).items():
        config[name] = value
    site_settings.apply(config, project)
    return config
