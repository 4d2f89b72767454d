"""digest-site's default templates, installed as package data (see README: Templates).

A collection overrides any file here with one of the same path in its own ``site_templates/``.
"""
