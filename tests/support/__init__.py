"""What several test packages share: stores built once, fixtures, worker scripts. Importable as
``support.…`` because pyproject.toml puts tests/ on pytest's path (``pythonpath``)."""
